"""The exported HDF5 file opens in h5py, pandas and anndata with exactly the source values."""
import csv
import hashlib
import json
import math
from pathlib import Path

import anndata
import h5py
import numpy as np
import pandas as pd
import pytest
from anndata.io import read_elem

from conftest import ROOT, run

# The tidy CSVs of the sample data, plus one written here with non-ASCII analyte names and
# every qualifier token.
EXTRA = """subject,visit,date,assay,analyte,statistic,value,unit,denominator,operator
DM09-001,BASELINE,2023-02-01,cytokine,TNF-α,concentration,< 0.105,pg/mL,,Zoë
DM09-001,BASELINE,2023-02-01,cytokine,IFN-γ,concentration,> 18300,pg/mL,,Zoë
DM09-001,BASELINE,2023-02-01,cytokine,IL-17A,concentration,*545.3,pg/mL,,Zoë
DM09-001,BASELINE,2023-02-01,cytokine,IL-10,concentration,***,pg/mL,,Zoë
DM09-001,BASELINE,2023-02-01,cytokine,IL-21,concentration,---,pg/mL,,Zoë
DM09-001,BASELINE,2023-02-01,cytometry,TFR_TFH,ratio,4.43E-01,,TFH,Zoë
"""

QUALIFIERS = {"<": "<LLOQ", ">": ">ULOQ", "*": "extrapolated"}
KNOWN = {"subject", "visit", "date", "assay", "analyte", "statistic", "value", "unit", "denominator"}


def expected_value(text: str):
    """What the source cell must become: (value, qualifier, raw text)."""
    t = text.strip()
    try:
        return float(t), "in_range", ""
    except ValueError:
        pass
    if t in ("***", "NaN", ""):
        return math.nan, "not_available", t
    if t == "---":
        return math.nan, "outlier", t
    return float(t[1:].strip()), QUALIFIERS[t[0]], t


@pytest.fixture(scope="module")
def exported(binary, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("interop")
    sources = sorted((ROOT / "sample-data").glob("*/exports/lims-export.csv"))
    assert sources, "sample-data has no LIMS exports: run immunopipe synth --out sample-data"
    extra = tmp / "unicode.csv"
    extra.write_text(EXTRA, encoding="utf-8")
    sources.append(extra)
    store = tmp / "store"
    run(binary, "init", store, "--study", "NCT05495321")
    run(binary, "ingest", store, *sources)
    out = tmp / "study.h5"
    run(binary, "export", store, "--out", out)
    rows = []
    for src in sources:
        digest = hashlib.sha256(src.read_bytes()).hexdigest()
        with src.open(encoding="utf-8") as f:
            for line, r in enumerate(csv.DictReader(f), start=2):
                rows.append((digest, line, r))
    return out, rows


def test_root_attributes_name_the_format_and_provenance(exported):
    path, rows = exported
    with h5py.File(path) as f:
        assert f.attrs["format"] == "immunopipe-export"
        assert f.attrs["format-version"] == "1"
        assert f.attrs["study"] == "NCT05495321"
        assert int(f.attrs["rows"]) == len(rows)
        assert f["measurements"].attrs["encoding-type"] == "dataframe"


def test_anndata_reads_every_value_as_written(exported):
    path, rows = exported
    with h5py.File(path) as f:
        df = read_elem(f["measurements"])
        sources = read_elem(f["sources"])
    assert len(df) == len(rows)
    digests = sources["sha256"].astype(str).tolist()
    key = {(digests[s], int(l)): i for i, (s, l) in enumerate(zip(df["source"], df["source_line"]))}
    for name, line, r in rows:
        i = key[(name, line)]
        got = df.iloc[i]
        value, qualifier, raw = expected_value(r["value"])
        assert got["subject"] == r["subject"]
        assert got["visit"] == r["visit"]
        assert got["collection_date"] == r["date"]
        assert got["assay"] == r["assay"]
        assert got["analyte"] == r["analyte"]
        assert got["statistic"] == r["statistic"]
        assert got["qualifier"] == qualifier, (name, line)
        if math.isnan(value):
            assert math.isnan(got["value"])
        else:
            assert got["value"] == value
        assert (got["raw_value"] if isinstance(got["raw_value"], str) else "") == raw
        assert (got["unit"] if isinstance(got["unit"], str) else "") == r["unit"]
        assert (got["denominator"] if isinstance(got["denominator"], str) else "") == r.get("denominator", "")
        unknown = {k: v for k, v in r.items() if k not in KNOWN and v != ""}
        if unknown:
            assert json.loads(got["extra"]) == unknown
        else:
            assert not isinstance(got["extra"], str)


def test_h5py_alone_can_decode_a_categorical_column(exported):
    path, rows = exported
    with h5py.File(path) as f:
        g = f["measurements/analyte"]
        cats = g["categories"].asstr()[:]
        codes = g["codes"][:]
        decoded = [cats[c] for c in codes]
    assert "TNF-α" in decoded and "IFN-γ" in decoded
    assert sorted(set(decoded)) == sorted({r["analyte"] for _, _, r in rows})


def test_pandas_recipe_from_the_docs(exported):
    path, _ = exported
    # The few lines docs/store-format.md shows for pandas without anndata.
    with h5py.File(path) as f:
        g = f["measurements"]
        cols = {}
        for name in g.attrs["column-order"]:
            item = g[name]
            if isinstance(item, h5py.Group):
                cols[name] = pd.Categorical.from_codes(item["codes"][:], item["categories"].asstr()[:])
            else:
                cols[name] = item[:]
        df = pd.DataFrame(cols)
    lymph = df[(df.assay == "clinical")]
    assert len(lymph) > 0 and np.isfinite(lymph.value).all()
    tnf = df[df.analyte == "TNF-α"]
    assert list(tnf.qualifier) == ["<LLOQ"] and list(tnf.value) == [0.105]
