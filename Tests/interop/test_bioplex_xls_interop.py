"""Bio-Plex Manager legacy .xls and .xlsx of the same plate ingest to identical measurements.

Each corpus .xls is rewritten as .xlsx with xlrd (reading) and openpyxl (writing), cell by cell
with its type kept; both are ingested by the immunopipe binary into stores of their own and
exported, and the measurement tables must agree value for value. xlrd also serves as an
independent oracle for a few cells of the .xls itself."""
import math
from pathlib import Path

import h5py
import openpyxl
import pytest
import xlrd
from anndata.io import read_elem

from conftest import ROOT, run

CORPUS = ROOT.parent / "shared" / "corpus" / "bioplex"
XLS = sorted(CORPUS.glob("*.xls")) if CORPUS.exists() else []

pytestmark = pytest.mark.skipif(not XLS, reason="../shared/corpus/bioplex is absent")


def _exact_string(value):
    """openpyxl 3.1 writes numbers with "%.16g", which loses the last digit of some doubles
    (129600.82944530845 is written 129600.8294453085); Excel writes numbers that read back
    exactly. The conversion must keep every value, so floats are written with repr."""
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    return _openpyxl_safe_string(value)


_openpyxl_safe_string = openpyxl.cell._writer.safe_string
openpyxl.cell._writer.safe_string = _exact_string


def to_xlsx(xls: Path, out: Path) -> None:
    book = xlrd.open_workbook(str(xls))
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet in book.sheets():
        ws = wb.create_sheet(sheet.name)
        for r in range(sheet.nrows):
            for c in range(sheet.ncols):
                cell = sheet.cell(r, c)
                if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    continue
                if cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    value = bool(cell.value)
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    value = xlrd.error_text_from_code[cell.value]
                else:
                    value = cell.value
                ws.cell(row=r + 1, column=c + 1, value=value)
    wb.save(out)


def measurements(binary, tmp: Path, source: Path):
    store = tmp / f"store-{source.suffix[1:]}"
    run(binary, "init", store, "--study", "BIOPLEX")
    run(binary, "ingest", store, source)
    out = tmp / f"{source.suffix[1:]}.h5"
    run(binary, "export", store, "--out", out)
    with h5py.File(out) as f:
        df = read_elem(f["measurements"])
    return df


def comparable(df):
    cols = [c for c in df.columns if c not in ("source", "batch", "row")]
    rows = []
    for rec in df[cols].astype(object).itertuples(index=False):
        rows.append(tuple("NaN" if isinstance(v, float) and math.isnan(v) else v for v in rec))
    return cols, rows


@pytest.mark.parametrize("xls", XLS, ids=[p.name for p in XLS])
def test_xls_and_its_xlsx_ingest_identically(binary, tmp_path, xls):
    xlsx = tmp_path / (xls.stem + ".xlsx")
    to_xlsx(xls, xlsx)
    a = measurements(binary, tmp_path, xls)
    b = measurements(binary, tmp_path, xlsx)
    assert len(a) > 0
    cols_a, rows_a = comparable(a)
    cols_b, rows_b = comparable(b)
    assert cols_a == cols_b
    assert rows_a == rows_b


@pytest.mark.parametrize("xls", XLS, ids=[p.name for p in XLS])
def test_every_fi_value_is_the_cell_xlrd_reads(binary, tmp_path, xls):
    """Every FI cell of every analyte sheet, as xlrd reads it, is stored as mfi at its cell."""
    book = xlrd.open_workbook(str(xls))
    df = measurements(binary, tmp_path, xls)
    mfi = df[df["statistic"] == "mfi"]
    stored = {(int(r.source_line), int(r.source_column), r.analyte): r.value for r in mfi.itertuples()}
    expected = 0
    for sheet in book.sheets():
        header = next((r for r in range(sheet.nrows) if {"Type", "Well"} <= set(map(str, sheet.row_values(r)))), None)
        if header is None:
            continue
        fi = sheet.row_values(header).index("FI")
        analyte = sheet.cell_value(1, 0).split(":", 1)[1].strip()
        for r in range(header + 1, sheet.nrows):
            cell = sheet.cell(r, fi)
            if not str(sheet.cell_value(r, 1)).strip():
                break
            if cell.ctype == xlrd.XL_CELL_NUMBER:
                expected += 1
                assert stored[(r + 1, fi + 1, analyte)] == cell.value, (sheet.name, r + 1)
    assert expected > 0 and expected == len(mfi[mfi["value"].notna()])
