"""The report's tables stored back into the store open in anndata and h5py as the CSV files say.

Builds the blinded report of the sample dermatomyositis trial with the real binary, then reads
`results/report-*.h5` with anndata's `read_elem` and checks every table against its CSV file,
column by column and row by row: the texts (SRCREF, stored as fixed-length strings, NOTE and
AVALC as variable-length ones, the rest as categoricals) and the numbers (float64, exactly as
the CSV's shortest round-trip text).
"""
import math

import h5py
import pandas as pd
import pytest
from anndata.io import read_elem

from conftest import sample_report

STUDY = "NCT05495321"
TABLES = ["cfb", "response", "summary", "associations"]


@pytest.fixture(scope="module")
def report(binary, tmp_path_factory):
    out, store = sample_report(binary, tmp_path_factory.mktemp("results"), STUDY)
    [results] = sorted((store / "results").glob("report-*.h5"))
    return out, results


def test_every_table_reads_back_as_its_csv(report):
    out, results = report
    with h5py.File(results) as f:
        assert f.attrs["format"] == "immunopipe-results"
        for name in TABLES:
            stored = read_elem(f[name])
            csv = pd.read_csv(out / f"{name}.csv", keep_default_na=False, dtype=str)
            assert list(stored.columns) == list(csv.columns), name
            assert len(stored) == len(csv) > 0, name
            for column in csv.columns:
                values = stored[column]
                if pd.api.types.is_float_dtype(values):
                    for got, text in zip(values, csv[column]):
                        assert (math.isnan(got) and text == "") or got == float(text), (name, column, got, text)
                else:
                    got = ["" if pd.isna(v) else str(v) for v in values]
                    assert got == csv[column].tolist(), (name, column)


def test_source_references_are_fixed_length_utf8_strings(report):
    out, results = report
    with h5py.File(results) as f:
        srcref = f["cfb/SRCREF"]
        assert srcref.dtype.kind == "S" and h5py.check_string_dtype(srcref.dtype).encoding == "utf-8"
        assert srcref.attrs["encoding-type"] == "string-array"
        csv = pd.read_csv(out / "cfb.csv", keep_default_na=False, dtype=str)
        assert srcref.dtype.itemsize >= csv["SRCREF"].str.encode("utf-8").str.len().max()
        assert list(srcref.asstr()[()]) == csv["SRCREF"].tolist()
        # NOTE stays variable-length: most rows are empty, stored as null references.
        assert h5py.check_string_dtype(f["cfb/NOTE"].dtype).length is None
