#!/usr/bin/env python3
"""Writes ONE small synthetic Bio-Plex Manager plate twice, as legacy Excel 97-2003
(bioplex_plate.xls, with xlwt) and as Office Open XML (bioplex_plate.xlsx, with openpyxl), so a
test can check that both formats give identical measurements. Also writes the "block layout"
(several analytes side by side on one sheet, analyte names above repeated FI / Bead Count
columns) as bioplex_block.xls and bioplex_block.xlsx.

The .xls also exercises the legacy format itself: integers (RK records), decimals (NUMBER),
a shared string table long enough to spill into CONTINUE records, with non-ASCII (two-byte)
strings crossing a record boundary, and a boolean cell.

Run from this folder with `pip install xlwt==1.3.0 openpyxl==3.1.5`; the files are committed,
this script documents them."""
import openpyxl
import xlwt

HEADER = ["Analyte", "Type", "Well", "Description", "FI", "FI - Bkgd", "Std Dev", "%CV",
          "Obs Conc", "Exp Conc", "(Obs/Exp) * 100", "Group", "Dilution", "Bead Count", "Sampling Errors"]

TNF = [
    ["TNF-α (36)", "B", "A1,B1", "", 18, 18, 1.41, 7.86, "", "", "", "", 1, 101, ""],
    ["TNF-α (36)", "S1", "A2,B2", "Standard1", 21480.5, 21462.5, 120.21, 0.56, "OOR >", 20000, "***", "", 1, 97, ""],
    ["TNF-α (36)", "S2", "A3,B3", "Standard1", 10230, 10212, 98.99, 0.97, 4987.21, 5000, 99.74, "", 1, 103, ""],
    ["TNF-α (36)", "S3", "A4,B4", "Standard1", 3120.25, 3102.25, 31.82, 1.02, "*1240.5", 1250, 99.24, "", 1, 88, ""],
    ["TNF-α (36)", "S4", "A5,B5", "Standard1", 801, 783, 12.73, 1.59, "OOR <", 312.5, "***", "", 1, 92, ""],
    ["TNF-α (36)", "C1", "A6", "Contrôle élevé", 4410, 4392, "", "", 1788.4, 1800, 99.36, "", 2, 76, ""],
    ["TNF-α (36)", "X1", "A7,B7", "PT-101 V1", 1502, 1484, 87.68, 5.84, "---", "", "", "", 2, 41, "1"],
    ["TNF-α (36)", "X2", "A8", "PT-102 V1", 77.125, 59.125, "", "", 12.5, "", "", "", 4, 120, ""],
    ["TNF-α (36)", "X3", "A9", "PT-103 V1", 0.0001234, -17.9998766, "", "", "***", "", "", "", 4, 96, ""],
]
IL2 = [
    ["IL-2 (38)", "B", "A1,B1", "", 12, 12, 0, 0, "", "", "", "", 1, 99, ""],
    ["IL-2 (38)", "S1", "A2,B2", "Standard1", 15020, 15008, 70.71, 0.47, 9870.6, 10000, 98.71, "", 1, 110, ""],
    ["IL-2 (38)", "X1", "A7,B7", "PT-101 V1", 64, 52, 2.83, 4.42, "OOR <", "", "", "", 2, 13, ""],
]
FOOTER = [
    "Sampling Errors: 1 - Low bead #, 2 - Agg beads, 3 - Classify %, 4 - Region selection, 5 - Platform temperature",
    "***Value not available / --- = Designated as an outlier",
]
# Enough distinct strings to push the shared string table past one 8,224-byte record, with
# two-byte characters on both sides of the boundary.
NOTES = [f"Note {i:03d}: réactif lot Ω-{i} — {'x' * (40 + i % 17)}" for i in range(200)]


def head(analyte):
    return ["File Name: C:\\Bio-Plex\\cytokine plate 12.rbx", f"Analyte: {analyte}",
            "Acquisition Date: 02-Apr-2024, 10:41 AM", "Reader Serial Number: LX10098765432",
            "Plate ID: CYTO_PLATE_12", None]


def analyte_sheet(analyte, rows, regression, equation, fit):
    """The sheet as (row, column, value) cells, 0-based."""
    cells, r = [], 0
    for text in head(analyte):
        if text is not None:
            cells.append((r, 0, text))
        r += 1
    cells += [(r, c, h) for c, h in enumerate(HEADER)]
    for data in rows:
        r += 1
        cells += [(r, c, v) for c, v in enumerate(data) if v != ""]
    r += 2
    for text in FOOTER + ["", f"Regression Type: {regression}", f"Std. Curve: {equation}", fit]:
        if text:
            cells.append((r, 0, text))
        r += 1
    return cells


def block_sheet():
    """Two analytes side by side: names above repeated FI and Bead Count columns."""
    cells = [(0, 0, "File Name: C:\\Bio-Plex\\block plate.rbx"), (1, 0, "Acquisition Date: 03-Apr-2024, 08:00 AM"),
             (2, 0, "Plate ID: BLOCK_PLATE_1")]
    names = ["IL-6 (25)", "IL-10 (27)"]
    header = ["Type", "Well", "Description", "FI", "FI", "Bead Count", "Bead Count", "Std Dev", "Std Dev", "Group"]
    for c, n in [(3, names[0]), (4, names[1]), (5, names[0]), (6, names[1]), (7, names[0]), (8, names[1])]:
        cells.append((4, c, n))
    cells += [(5, c, h) for c, h in enumerate(header)]
    rows = [
        ["S1", "A1,B1", "Standard1", 18840, 12040, 96, 101, 14.14, 56.57, "G1"],
        ["S2", "A2,B2", "Standard1", 9110, 5480, 120, 97, 14.85, 28.28, "G1"],
        ["X1", "A3,B3", "PT-201 V1", 1204.5, 88, 44, 12, 98.99, 2.83, "G2"],
        ["X2", "A4", "PT-202 V1", "OOR <", 15, 110, 98, "", "", "G2"],
    ]
    for i, data in enumerate(rows):
        cells += [(6 + i, c, v) for c, v in enumerate(data) if v != ""]
    return cells


def write_xls(path, sheets):
    book = xlwt.Workbook(encoding="utf-8")
    for name, cells in sheets:
        ws = book.add_sheet(name)
        for r, c, v in cells:
            ws.write(r, c, v)
    book.save(path)


def write_xlsx(path, sheets):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, cells in sheets:
        ws = book.create_sheet(name)
        for r, c, v in cells:
            ws.cell(row=r + 1, column=c + 1, value=v)
    book.save(path)


plate = [
    ("TNF-α (36)", analyte_sheet("TNF-α (36)", TNF, "Logistic - 5PL",
                                 "FI = 14.2 + (23010.7 - 14.2) / ((1 + (Conc / 4120.3)^-1.08))^0.87",
                                 "FitProb. = 0.9731, ResVar. = 0.0512")),
    ("IL-2 (38)", analyte_sheet("IL-2 (38)", IL2, "Logistic - 4PL",
                                "FI = 9.5 + (16120.4 - 9.5) / (1 + (Conc / 5210.8)^-1.02)",
                                "FitProb. = 0.9513, ResVar. = 0.0811")),
    ("Notes", [(i, 0, t) for i, t in enumerate(NOTES)] + [(0, 1, True)]),
]
block = [("Raw Data", block_sheet())]

write_xls("bioplex_plate.xls", plate)
write_xlsx("bioplex_plate.xlsx", plate)
write_xls("bioplex_block.xls", block)
write_xlsx("bioplex_block.xlsx", block)
