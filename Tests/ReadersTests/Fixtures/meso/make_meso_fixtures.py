#!/usr/bin/env python3
"""Writes the synthetic MESO (Methodical Mind) plate files used by the tests, in the layout the
instrument writes (see docs/formats.md, "MESO plate text"). Run from this folder; the outputs are
committed, this script documents how they were made.

meso_384_3spot.txt   384 wells (A-P x 1-24), 3 spots per well, spot 1 named by `Assays`, spot 2
                     not read (empty lines), spot 3 unnamed; CRLF; one damaged cell (P24 spot 3).
meso_96_standards.txt + companions/meso_96_standards.{layout,truth}.csv (the plate layout and
                     the true concentrations, read by Ingest's tests, not reader fixtures)
                     96 wells, 2 spots (IL-6, IL-10) whose signals follow known 4PL curves:
                     standards S1-S7 in duplicate (columns 1-2), blanks H1-H2, unknowns in
                     columns 3-12 with known concentrations (the truth the tests check against).
"""

HEADER = """FileName :\tC:\\ECL Results\\{name}
Stack ID :\t0.1
Plate #  :\t1
Barcode1 :\t<{barcode}>
Barcode2 :\t<>
Barcode3 :\t<>
Type     :\t{type}
Wells Per Row :\t{cols}
Wells Per Col :\t{rows}
Spots Per Well:\t{spots}
Det Param:\tStandard
Read Time:\t12/01/2026\t10:15:00 EST
Version  :\tMMPR 1.0.38

User     :\ttester
Comments :\tsynthetic fixture

Serial # :\t0000000000
Model    :\tQuickPlex

Orient   :\tNormal
Assays   :\t{assays}
Visible Spots:\t{visible}

Spot     :\t   <1>
Legend   :\t<2>   <3>

==========Data==============================================================
"""

TRAILER = """==========Processing========================================================
Radius   :\t4.00\t4.00\t
==========Statistics========================================================
Sector   :\t1\t2\t
Average  :\t1000\t2000\t
"""


def grid(rows, cols, spots, value):
    """value(row_index, col, spot) -> text ('' for a spot not read)."""
    out = ["\t" + "\t".join(f"{c:<10}" for c in range(1, cols + 1)) + "\t"]
    for r in range(rows):
        for s in range(1, spots + 1):
            label = chr(65 + r) + " " if s == 1 else "  "
            out.append(label + "\t" + "\t".join(f"{value(r, c, s):>10}  " for c in range(1, cols + 1)) + "\t")
        out.append("")
    return out


def plate_384():
    def value(r, c, s):
        if s == 2:
            return ""
        if (r, c, s) == (15, 24, 3):
            return "12a"
        return str(1000 * (r + 1) + 10 * c + s)
    text = HEADER.format(name="meso_384_3spot.txt", barcode="TEST384BC", type="384 Multi-Spot 3", cols=24,
                         rows=16, spots=3, assays="IL-6,,", visible="1,3")
    text += "\n".join(grid(16, 24, 3, value)) + "\n" + TRAILER
    with open("meso/meso_384_3spot.txt", "w", newline="") as f:
        f.write(text.replace("\n", "\r\n"))


# xPONENT's parametrisation: y = A + B / (1 + (x/C)^D); D < 0 gives a rising curve.
CURVES = {1: (60.0, 1.8e6, 4000.0, -1.1), 2: (45.0, 9.0e5, 1500.0, -0.95)}
ANALYTES = {1: "IL-6", 2: "IL-10"}
STANDARDS = [10000, 2500, 625, 156.25, 39.0625, 9.765625, 2.44140625]
UNKNOWNS = [3.5, 8.0, 20.0, 45.0, 110.0, 260.0, 600.0, 1500.0, 3200.0, 7000.0]


def signal(spot, x):
    a, b, c, d = CURVES[spot]
    if x == 0:
        return a
    return a + b / (1 + (x / c) ** d)


def concentration(r, c):
    """The true concentration in well (row r, column c), None for a blank."""
    if c <= 2:
        return None if r == 7 else STANDARDS[r]
    return UNKNOWNS[c - 3] * (1 + 0.1 * r)


def plate_96():
    def value(r, col, s):
        x = concentration(r, col)
        return str(round(signal(s, 0 if x is None else x)))
    text = HEADER.format(name="meso_96_standards.txt", barcode="TEST96BC", type="96 Multi-Spot 2", cols=12,
                         rows=8, spots=2, assays=",", visible="1,2")
    with open("meso/meso_96_standards.txt", "w", newline="") as f:
        f.write(text + "\n".join(grid(8, 12, 2, value)) + "\n" + TRAILER)
    lines = ["Well,Sample,Type,Analyte,Spot,Expected Concentration,Unit,Dilution"]
    for r in range(8):
        for col in range(1, 13):
            well = f"{chr(65 + r)}{col}"
            if col <= 2 and r < 7:
                for s in (1, 2):
                    lines.append(f"{well},S{r + 1},standard,{ANALYTES[s]},{s},{STANDARDS[r]},pg/mL,")
            elif col <= 2:
                lines.append(f"{well},Blank,blank,,,,,")
            else:
                lines.append(f"{well},PT-{col:03d}-{r + 1},unknown,,,,,1")
    with open("meso/companions/meso_96_standards.layout.csv", "w") as f:
        f.write("\n".join(lines) + "\n")
    with open("meso/companions/meso_96_standards.truth.csv", "w") as f:
        f.write("well,concentration\n")
        for r in range(8):
            for col in range(3, 13):
                f.write(f"{chr(65 + r)}{col},{concentration(r, col)!r}\n")


plate_384()
plate_96()
