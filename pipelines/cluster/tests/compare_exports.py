#!/usr/bin/env python3
"""Compare two `immunopipe export` HDF5 files value for value.

    compare_exports.py A.h5 B.h5 [--ignore-attr GLOB]... [--ignore-path GLOB]... [--unordered]

Used to prove that a generation reprocessed on Slurm equals the same generation reprocessed
locally. Walks both files recursively and compares:
  - the tree: every group and dataset must exist in both, with the same kind;
  - every dataset: dtype, shape and every value (NaN equals NaN; no tolerance unless --rtol/--atol);
  - every attribute of every object, EXCEPT provenance attributes whose name matches an ignore
    glob (timestamps, hostnames, paths, users: they differ between two runs by design). Ignored
    attributes are listed in the output, never dropped silently.
AnnData categoricals (groups with encoding-type=categorical: `codes` + `categories`) are compared
by their decoded values, so the same column stored with its categories in another order is equal
(a note is printed). With --unordered, AnnData dataframes (encoding-type=dataframe) are compared
as multisets of rows (index column excluded): for exports whose row order is not guaranteed.

Exit status: 0 identical, 1 different, 2 unreadable input or bad usage.
"""
from __future__ import annotations

import argparse
import collections
import fnmatch
import math
import sys

import h5py
import numpy as np

# Provenance attributes that differ between two runs of the same reprocessing by design.
DEFAULT_IGNORED_ATTRS = (
    "*timestamp*", "*_at", "*_time", "time", "date", "created*", "exported*", "modified*",
    "host", "hostname", "*_host", "node", "user", "username", "*_user",
    "path", "*_path", "store", "source_store", "command*", "argv", "pid", "run_id", "uuid",
)
CHUNK = 1 << 20  # elements read at a time, so large exports do not need to fit in memory twice


class Comparison:
    def __init__(self, ignored_attrs, ignored_paths, unordered, rtol, atol, max_report):
        self.ignored_attrs = ignored_attrs
        self.ignored_paths = ignored_paths
        self.unordered = unordered
        self.rtol, self.atol = rtol, atol
        self.max_report = max_report
        self.differences: list[str] = []
        self.notes: list[str] = []
        self.ignored_seen: list[str] = []
        self.datasets = 0
        self.attributes = 0

    # ---- reporting -------------------------------------------------------------------------
    def differ(self, message):
        self.differences.append(message)

    def path_ignored(self, path):
        return any(fnmatch.fnmatchcase(path, g) for g in self.ignored_paths)

    # ---- tree ------------------------------------------------------------------------------
    def compare_object(self, a, b, path):
        if self.path_ignored(path):
            self.ignored_seen.append(f"{path} (path)")
            return
        a_is_group, b_is_group = isinstance(a, h5py.Group), isinstance(b, h5py.Group)
        if a_is_group != b_is_group:
            self.differ(f"{path}: {'group' if a_is_group else 'dataset'} in A, "
                        f"{'group' if b_is_group else 'dataset'} in B")
            return
        self.compare_attrs(a, b, path)
        if not a_is_group:
            self.compare_dataset(a, b, path)
            return
        encoding = text(a.attrs.get("encoding-type", ""))
        if encoding == "categorical" and "codes" in a and "categories" in a \
                and "codes" in b and "categories" in b:
            self.compare_categorical(a, b, path)
            return
        if encoding == "dataframe" and self.unordered:
            self.compare_dataframe_rows(a, b, path)
            return
        names_a, names_b = set(a.keys()), set(b.keys())
        for name in sorted(names_a - names_b):
            self.differ(f"{join(path, name)}: only in A")
        for name in sorted(names_b - names_a):
            self.differ(f"{join(path, name)}: only in B")
        for name in sorted(names_a & names_b):
            self.compare_object(a[name], b[name], join(path, name))

    def compare_attrs(self, a, b, path):
        names = set(a.attrs.keys()) | set(b.attrs.keys())
        for name in sorted(names):
            where = f"{path}@{name}"
            if any(fnmatch.fnmatchcase(name, g) for g in self.ignored_attrs):
                self.ignored_seen.append(where)
                continue
            self.attributes += 1
            if name not in a.attrs or name not in b.attrs:
                self.differ(f"{where}: attribute only in {'A' if name in a.attrs else 'B'}")
                continue
            va, vb = normalize_attr(a.attrs[name]), normalize_attr(b.attrs[name])
            if not values_equal(va, vb):
                self.differ(f"{where}: {va!r} != {vb!r}")

    # ---- datasets --------------------------------------------------------------------------
    def compare_dataset(self, a, b, path):
        self.datasets += 1
        if describe_dtype(a.dtype) != describe_dtype(b.dtype):
            self.differ(f"{path}: dtype {describe_dtype(a.dtype)} != {describe_dtype(b.dtype)}")
            return
        if a.shape != b.shape:
            self.differ(f"{path}: shape {a.shape} != {b.shape}")
            return
        if a.shape is None or a.shape == ():  # null dataspace or scalar
            va, vb = read_all(a), read_all(b)
            if not values_equal(va, vb):
                self.differ(f"{path}: {va!r} != {vb!r}")
            return
        reported = 0
        mismatches = 0
        step = max(1, CHUNK // row_size(a.shape))
        for start in range(0, a.shape[0], step):
            stop = min(a.shape[0], start + step)
            va, vb = read_slice(a, start, stop), read_slice(b, start, stop)
            bad = mismatch_mask(va, vb, self.rtol, self.atol)
            if not bad.any():
                continue
            mismatches += int(bad.sum())
            for index in np.argwhere(bad):
                if reported >= self.max_report:
                    break
                position = (start + int(index[0]),) + tuple(int(i) for i in index[1:])
                at = position[0] if len(position) == 1 else position
                self.differ(f"{path}[{at}]: {va[tuple(index)]!r} != {vb[tuple(index)]!r}")
                reported += 1
        if mismatches > reported:
            self.differ(f"{path}: ... {mismatches} differing values in all")

    def compare_categorical(self, a, b, path):
        self.datasets += 2
        extra_a, extra_b = set(a) - {"codes", "categories"}, set(b) - {"codes", "categories"}
        if extra_a or extra_b:
            self.differ(f"{path}: unexpected members in categorical: A {sorted(extra_a)}, "
                        f"B {sorted(extra_b)}")
        self.compare_attrs(a["codes"], b["codes"], join(path, "codes"))
        self.compare_attrs(a["categories"], b["categories"], join(path, "categories"))
        da, db = decode_categorical(a), decode_categorical(b)
        if da.shape != db.shape:
            self.differ(f"{path}: {da.shape[0]} rows != {db.shape[0]}")
            return
        bad = mismatch_mask(da, db, 0.0, 0.0)
        for n, index in enumerate(np.argwhere(bad)):
            if n >= self.max_report:
                self.differ(f"{path}: ... {int(bad.sum())} differing values in all")
                break
            self.differ(f"{path}[{int(index[0])}]: {da[index[0]]!r} != {db[index[0]]!r}")
        if not bad.any():
            ca, cb = read_all(a["categories"]), read_all(b["categories"])
            if not (np.array_equal(ca, cb) and np.array_equal(read_all(a["codes"]), read_all(b["codes"]))):
                self.notes.append(f"{path}: same values, categories stored in another order")

    def compare_dataframe_rows(self, a, b, path):
        """Dataframe as a multiset of rows (for --unordered); the index column is excluded."""
        cols_a, cols_b = dataframe_columns(a), dataframe_columns(b)
        if sorted(cols_a) != sorted(cols_b):
            self.differ(f"{path}: columns {sorted(cols_a)} != {sorted(cols_b)}")
            return
        names = sorted(cols_a)
        self.datasets += len(names)
        rows_a = collections.Counter(rows_of(a, names, cols_a))
        rows_b = collections.Counter(rows_of(b, names, cols_b))
        only_a, only_b = rows_a - rows_b, rows_b - rows_a
        for label, rows in (("A", only_a), ("B", only_b)):
            for n, row in enumerate(rows.elements()):
                if n >= self.max_report:
                    self.differ(f"{path}: ... {sum(rows.values())} rows only in {label}")
                    break
                self.differ(f"{path}: row only in {label}: {dict(zip(names, row))}")


# ---- helpers -----------------------------------------------------------------------------------
def join(path, name):
    return f"{path.rstrip('/')}/{name}"


def text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def describe_dtype(dtype):
    info = h5py.check_string_dtype(dtype)
    if info is not None:
        return f"string({info.encoding}, {'variable' if info.length is None else info.length})"
    return str(dtype)


def row_size(shape):
    return max(1, int(np.prod(shape[1:]))) if len(shape) > 1 else 1


def read_slice(dataset, start, stop):
    if h5py.check_string_dtype(dataset.dtype) is not None:
        return np.asarray(dataset.asstr()[start:stop], dtype=object)
    return dataset[start:stop]


def read_all(dataset):
    if dataset.shape is None:
        return None
    if h5py.check_string_dtype(dataset.dtype) is not None:
        value = dataset.asstr()[()]
        return np.asarray(value, dtype=object) if isinstance(value, np.ndarray) else value
    return dataset[()]


def decode_categorical(group):
    codes = np.asarray(read_all(group["codes"]))
    categories = np.asarray(read_all(group["categories"]), dtype=object)
    out = np.empty(codes.shape, dtype=object)
    missing = codes < 0  # AnnData: code -1 is a missing value
    out[missing] = None
    out[~missing] = categories[codes[~missing]]
    return out


def dataframe_columns(group):
    index = text(group.attrs.get("_index", "_index"))
    return {name: obj for name, obj in group.items() if name != index}


def rows_of(group, names, columns):
    values = []
    for name in names:
        obj = columns[name]
        if isinstance(obj, h5py.Group) and text(obj.attrs.get("encoding-type", "")) == "categorical":
            values.append(decode_categorical(obj))
        elif isinstance(obj, h5py.Group):  # nullable encodings: values + mask
            vals = np.asarray(read_all(obj["values"]), dtype=object)
            if "mask" in obj:
                vals[np.asarray(obj["mask"][()], dtype=bool)] = None
            values.append(vals)
        else:
            values.append(np.asarray(read_all(obj), dtype=object))
    for row in zip(*values):
        yield tuple(hashable(v) for v in row)


def hashable(value):
    if isinstance(value, (float, np.floating)) and math.isnan(value):
        return "NaN"  # NaN != NaN would make equal rows look different
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.generic):
        return value.item()
    return value


def normalize_attr(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "OSU":
            return [text(v) for v in value.tolist()]
        return value
    if isinstance(value, np.generic):
        return value.item()
    return value


def values_equal(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        return a.shape == b.shape and not mismatch_mask(a, b, 0.0, 0.0).any()
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


def mismatch_mask(a, b, rtol, atol):
    """Boolean array: True where a and b differ (NaN equals NaN; compound types per field)."""
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype.names:
        bad = np.zeros(a.shape, dtype=bool)
        for field in a.dtype.names:
            bad |= mismatch_mask(a[field], b[field], rtol, atol)
        return bad
    if a.dtype.kind in "fc" and b.dtype.kind in "fc":
        both_nan = np.isnan(a) & np.isnan(b)
        if rtol or atol:
            close = np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=True)
        else:
            close = a == b
        return ~(close | both_nan)
    if a.dtype.kind == "O" or b.dtype.kind == "O":
        flat = [not equal_objects(x, y) for x, y in zip(a.ravel().tolist(), b.ravel().tolist())]
        return np.array(flat, dtype=bool).reshape(a.shape)
    return a != b


def equal_objects(x, y):
    if isinstance(x, bytes):
        x = x.decode("utf-8")
    if isinstance(y, bytes):
        y = y.decode("utf-8")
    if isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y):
        return True
    return x == y


def compare_files(path_a, path_b, ignored_attrs=DEFAULT_IGNORED_ATTRS, ignored_paths=(),
                  unordered=False, rtol=0.0, atol=0.0, max_report=20):
    comparison = Comparison(tuple(ignored_attrs), tuple(ignored_paths), unordered, rtol, atol,
                            max_report)
    with h5py.File(path_a, "r") as a, h5py.File(path_b, "r") as b:
        comparison.compare_object(a, b, "/")
    return comparison


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", help="first export (.h5)")
    parser.add_argument("b", help="second export (.h5)")
    parser.add_argument("--ignore-attr", action="append", default=[], metavar="GLOB",
                        help="also ignore attributes whose name matches GLOB (repeatable)")
    parser.add_argument("--no-default-ignores", action="store_true",
                        help="compare every attribute, including the default provenance ones: "
                             + ", ".join(DEFAULT_IGNORED_ATTRS))
    parser.add_argument("--ignore-path", action="append", default=[], metavar="GLOB",
                        help="skip objects whose full path matches GLOB, e.g. '/provenance/*'")
    parser.add_argument("--unordered", action="store_true",
                        help="compare dataframes as multisets of rows (index excluded)")
    parser.add_argument("--rtol", type=float, default=0.0, help="relative tolerance for floats")
    parser.add_argument("--atol", type=float, default=0.0, help="absolute tolerance for floats")
    parser.add_argument("--max-report", type=int, default=20,
                        help="differing values listed per dataset (default 20)")
    args = parser.parse_args(argv)

    ignored = ([] if args.no_default_ignores else list(DEFAULT_IGNORED_ATTRS)) + args.ignore_attr
    try:
        result = compare_files(args.a, args.b, ignored, args.ignore_path, args.unordered,
                               args.rtol, args.atol, args.max_report)
    except (OSError, KeyError) as error:
        print(f"compare_exports: cannot read: {error}", file=sys.stderr)
        return 2
    for message in result.differences:
        print(f"DIFF {message}")
    for message in result.notes:
        print(f"note {message}")
    if result.ignored_seen:
        print(f"ignored (provenance): {', '.join(result.ignored_seen)}")
    verdict = "identical" if not result.differences else f"{len(result.differences)} differences"
    print(f"compared {result.datasets} datasets and {result.attributes} attributes "
          f"of {args.a} and {args.b}: {verdict}")
    return 0 if not result.differences else 1


if __name__ == "__main__":
    sys.exit(main())
