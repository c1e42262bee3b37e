#!/usr/bin/env python3
"""Writes msd_workbench_pair.csv and msd_workbench_pair.xlsx: one MSD Discovery Workbench table
(two assays, standards S001-S007 in duplicate, a blank, a control, unknowns, a Detection Range
column, a damaged cell and a row without sample) as the CSV export and as the Excel workbook
Workbench saves (sheet `Workbench data`, after an `MSD Data` header sheet). Both files hold the
same cells on the same rows, so their measurements and diagnostic locations must be identical.
Needs openpyxl. Run from this folder; the outputs are committed, this script documents them."""
import csv
import openpyxl

HEADER = ["Sample", "Assay", "Well", "Spot", "Dilution", "Concentration", "Signal", "Adjusted Signal", "Mean",
          "Adj. Sig. Mean", "CV", "% Recovery", "% Recovery Mean", "Calc. Concentration", "Calc. Conc. Mean",
          "Calc. Conc. CV", "Detection Range"]
STANDARDS = [2500, 625, 156.25, 39.0625, 9.765625, 2.44140625, 0.6103515625]
ASSAYS = {"IL-6": (1, 80.0, 950000.0, 1800.0, -1.05), "TNF-alpha": (2, 40.0, 620000.0, 900.0, -0.9)}


def signal(assay, x):
    _, a, b, c, d = ASSAYS[assay]
    return a + b / (1 + (x / c) ** d)


rows = [["Plate_PAIR01"], HEADER]
for assay, (spot, *_rest) in ASSAYS.items():
    for i, conc in enumerate(STANDARDS):
        for k, col in enumerate((1, 2)):
            s = round(signal(assay, conc) * (1 + 0.01 * (k - 0.5)))
            rows.append([f"S00{i + 1}", assay, f"{chr(65 + i)}{col:02d}", spot, None, conc, s, s - 50, None, None,
                         1.2, 100.5, 100.1, round(conc * (1.004 - 0.008 * k), 4), conc, 0.6, "In Detection Range"])
    rows.append(["Blank", assay, "H01", spot, None, None, 60, 10, 60, 10, 3.5, None, None, None, None, None,
                 "Below Fit Curve Range"])
    rows.append(["C001", assay, "H02", spot, None, 150, round(signal(assay, 150)), round(signal(assay, 150)) - 50,
                 None, None, 2.0, 97.5, 97.5, 146.25, 146.25, None, "In Detection Range"])
    for j, conc in enumerate([0.2, 12.5, 480.0, 9000.0]):
        rng = "Below Fit Curve Range" if conc < 0.61 else "Above Fit Curve Range" if conc > 2500 else "In Detection Range"
        rows.append([f"PT-00{j + 1} V1", assay, f"A{j + 3:02d}", spot, 2, None, round(signal(assay, conc)),
                     round(signal(assay, conc)) - 50, None, None, 4.1, None, None, conc * 2, conc * 2, None, rng])
rows[5][6] = "n/a?"           # a damaged Signal cell: an error at the same row and column in both files
rows.append(["", "IL-6", "H05", 1, 1, None, 100, 50, None, None, None, None, None, None, None, None, None])

with open("msd_workbench_pair.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    for r in rows:
        w.writerow(["" if v is None else v for v in r])

wb = openpyxl.Workbook()
info = wb.active
info.title = "MSD Data"
for k, v in [("Plate ID :", "PAIR01"), ("Plate Type :", "96 Multi-Spot 2"), ("Read Time  :", "2026-12-01")]:
    info.append([k, v])
sheet = wb.create_sheet("Workbench data")
for r in rows:
    sheet.append(r)
wb.save("msd_workbench_pair.xlsx")
