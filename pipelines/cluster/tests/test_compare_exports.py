"""Tests of compare_exports.py on small HDF5 files written here with h5py.

Run: .venv-cluster/bin/python -m unittest discover -s pipelines/cluster/tests -p 'test_*.py' -v
"""
import contextlib
import io
import os
import sys
import tempfile
import unittest

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare_exports  # noqa: E402

STR = h5py.string_dtype()


def write_export(path, *, value=1.5, nan_at=None, categories=("CD4", "CD8", "Treg"),
                 codes=(0, 1, 2, 1, -1), order=None, exported_at="2026-01-01T00:00:00",
                 host="node01", extra_root_attr=None, value_dtype=np.float64, drop=None):
    """An export shaped like immunopipe's: AnnData dataframe `measurements` + root attributes."""
    n = len(codes)
    rows = list(range(n)) if order is None else list(order)
    values = np.array([value + k for k in range(n)], dtype=value_dtype)
    if nan_at is not None:
        values[nan_at] = np.nan
    decoded = [None if c < 0 else categories[c] for c in codes]
    with h5py.File(path, "w") as f:
        f.attrs["exported_at"] = exported_at
        f.attrs["hostname"] = host
        f.attrs["generation"] = "2"
        f.attrs["format_version"] = 1
        if extra_root_attr:
            f.attrs[extra_root_attr[0]] = extra_root_attr[1]
        df = f.create_group("measurements")
        df.attrs["encoding-type"] = "dataframe"
        df.attrs["encoding-version"] = "0.2.0"
        df.attrs["_index"] = "_index"
        df.attrs["column-order"] = np.array(["population", "value", "subject"], dtype=object)
        df.create_dataset("_index", data=np.array([str(r) for r in range(n)], dtype=object), dtype=STR)
        if drop != "value":
            df.create_dataset("value", data=values[rows])
        cats = sorted({c for c in decoded if c is not None}, key=list(categories).index)
        g = df.create_group("population")
        g.attrs["encoding-type"] = "categorical"
        g.attrs["encoding-version"] = "0.2.0"
        g.attrs["ordered"] = False
        g.create_dataset("categories", data=np.array(cats, dtype=object), dtype=STR)
        g.create_dataset("codes", data=np.array(
            [-1 if decoded[r] is None else cats.index(decoded[r]) for r in rows], dtype=np.int8))
        df.create_dataset("subject", data=np.array([f"S{r:02d}" for r in rows], dtype=object), dtype=STR)


class CompareExportsTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def run_main(self, *args):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = compare_exports.main(list(args))
        return code, out.getvalue()

    def test_identical_content_with_different_provenance_is_equal(self):
        write_export(self.path("a.h5"))
        write_export(self.path("b.h5"), exported_at="2026-02-02T10:00:00", host="login2")
        code, out = self.run_main(self.path("a.h5"), self.path("b.h5"))
        self.assertEqual(code, 0, out)
        self.assertIn("identical", out)
        self.assertIn("/@exported_at", out)  # ignored attributes are named, not hidden
        self.assertIn("/@hostname", out)

    def test_provenance_difference_counts_without_default_ignores(self):
        write_export(self.path("a.h5"))
        write_export(self.path("b.h5"), host="login2")
        code, out = self.run_main(self.path("a.h5"), self.path("b.h5"), "--no-default-ignores")
        self.assertEqual(code, 1)
        self.assertIn("/@hostname", out)

    def test_one_changed_value_is_reported_with_path_and_index(self):
        write_export(self.path("a.h5"))
        write_export(self.path("b.h5"), value=1.5000001)
        code, out = self.run_main(self.path("a.h5"), self.path("b.h5"))
        self.assertEqual(code, 1)
        self.assertIn("DIFF /measurements/value[0]", out)

    def test_tolerance_accepts_tiny_float_differences_only_when_asked(self):
        write_export(self.path("a.h5"))
        write_export(self.path("b.h5"), value=1.5 + 1e-12)
        self.assertEqual(self.run_main(self.path("a.h5"), self.path("b.h5"))[0], 1)
        self.assertEqual(self.run_main(self.path("a.h5"), self.path("b.h5"), "--rtol", "1e-9")[0], 0)

    def test_nan_equals_nan_at_the_same_place_only(self):
        write_export(self.path("a.h5"), nan_at=2)
        write_export(self.path("b.h5"), nan_at=2)
        write_export(self.path("c.h5"), nan_at=3)
        self.assertEqual(self.run_main(self.path("a.h5"), self.path("b.h5"))[0], 0)
        code, out = self.run_main(self.path("a.h5"), self.path("c.h5"))
        self.assertEqual(code, 1)
        self.assertIn("value[2]", out)
        self.assertIn("value[3]", out)

    def test_changed_category_is_a_difference(self):
        write_export(self.path("a.h5"))
        write_export(self.path("b.h5"), codes=(0, 1, 2, 2, -1))
        code, out = self.run_main(self.path("a.h5"), self.path("b.h5"))
        self.assertEqual(code, 1)
        self.assertIn("DIFF /measurements/population[3]: 'CD8' != 'Treg'", out)

    def test_missing_category_code_is_not_a_category(self):
        write_export(self.path("a.h5"))
        write_export(self.path("b.h5"), codes=(0, 1, 2, 1, 0))
        code, out = self.run_main(self.path("a.h5"), self.path("b.h5"))
        self.assertEqual(code, 1)
        self.assertIn("population[4]: None != 'CD4'", out)

    def test_categories_in_another_order_with_same_values_are_equal_with_a_note(self):
        write_export(self.path("a.h5"))
        write_export(self.path("b.h5"), categories=("Treg", "CD8", "CD4"), codes=(2, 1, 0, 1, -1))
        code, out = self.run_main(self.path("a.h5"), self.path("b.h5"))
        self.assertEqual(code, 0, out)
        self.assertIn("note /measurements/population: same values", out)

    def test_missing_dataset_and_extra_attribute_are_differences(self):
        write_export(self.path("a.h5"))
        write_export(self.path("b.h5"), drop="value", extra_root_attr=("panel_version", "3"))
        code, out = self.run_main(self.path("a.h5"), self.path("b.h5"))
        self.assertEqual(code, 1)
        self.assertIn("/measurements/value: only in A", out)
        self.assertIn("/@panel_version: attribute only in B", out)

    def test_dtype_difference_is_reported(self):
        write_export(self.path("a.h5"))
        write_export(self.path("b.h5"), value_dtype=np.float32)
        code, out = self.run_main(self.path("a.h5"), self.path("b.h5"))
        self.assertEqual(code, 1)
        self.assertIn("/measurements/value: dtype float64 != float32", out)

    def test_row_order_matters_unless_unordered(self):
        write_export(self.path("a.h5"))
        write_export(self.path("b.h5"), order=(4, 3, 2, 1, 0))
        self.assertEqual(self.run_main(self.path("a.h5"), self.path("b.h5"))[0], 1)
        code, out = self.run_main(self.path("a.h5"), self.path("b.h5"), "--unordered")
        self.assertEqual(code, 0, out)

    def test_unordered_still_finds_a_changed_row(self):
        write_export(self.path("a.h5"))
        write_export(self.path("b.h5"), order=(4, 3, 2, 1, 0), value=2.5)
        code, out = self.run_main(self.path("a.h5"), self.path("b.h5"), "--unordered")
        self.assertEqual(code, 1)
        self.assertIn("row only in A", out)
        self.assertIn("row only in B", out)

    def test_ignore_path_skips_a_subtree(self):
        write_export(self.path("a.h5"))
        write_export(self.path("b.h5"), value=9.0)
        code, out = self.run_main(self.path("a.h5"), self.path("b.h5"),
                                  "--ignore-path", "/measurements/value")
        self.assertEqual(code, 0, out)
        self.assertIn("/measurements/value (path)", out)

    def test_unreadable_file_exits_2(self):
        write_export(self.path("a.h5"))
        with open(self.path("bad.h5"), "w") as fh:
            fh.write("not hdf5")
        self.assertEqual(self.run_main(self.path("a.h5"), self.path("bad.h5"))[0], 2)


if __name__ == "__main__":
    unittest.main()
