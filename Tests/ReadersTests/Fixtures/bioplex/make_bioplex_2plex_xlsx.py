#!/usr/bin/env python3
"""Writes bioplex_2plex.xlsx: a small Bio-Plex Manager Excel export (one sheet per analyte, a
notes sheet), with shared strings, a rich-text shared string, inline strings and numbers, as
Excel stores them. Run from this folder; the .xlsx is committed, this script documents it."""
import zipfile
from xml.sax.saxutils import escape

HEADER = ["Analyte", "Type", "Well", "Outlier", "Description", "FI", "FI - Bkgd", "Std Dev", "%CV",
          "Obs Conc", "Exp Conc", "(Obs/Exp) * 100", "Group", "Dilution", "Bead Count", "Sampling Errors"]

IL6 = [
    ["IL-6 (25)", "B", "A1,B1", 0, "", 21.5, 21.5, 0.71, 3.29, "", "", "", "", 1, 102, ""],
    ["IL-6 (25)", "S1", "A2,B2", 0, "", 18840, 18818.5, 14.14, 0.08, "OOR >", 10000, "***", "", 1, 96, ""],
    ["IL-6 (25)", "S2", "A3,B3", 0, "", 9110, 9088.5, 14.85, 0.16, 2512.7, 2500, 100.51, "", 1, 120, ""],
    ["IL-6 (25)", "S3", "A4,B4", 0, "", 2870, 2848.5, 42.43, 1.48, "*545.3", 625, 87.25, "", 1, 99, ""],
    ["IL-6 (25)", "S4", "A5,B5", 0, "", 690, 668.5, 21.21, 3.07, "OOR <", 156.25, "***", "", 1, 105, ""],
    ["IL-6 (25)", "C1", "A6", 0, "Control 1", 3650, 3628.5, "", "", 1210.55, 1250, 96.84, "", 2, 87, ""],
    ["IL-6 (25)", "X1", "A7,B7", 1, ("inline", "PT-001 V1"), 1204, 1182.5, 98.99, 8.22, "---", "", "", "", 2, 44, "1"],
    ["IL-6 (25)", "X2", "A8", 0, "PT-002 V1", "12,3a", 22.5, "", "", 3.1, "", "", "", 4, 110, ""],
    ["IL-6 (25)", "X3", "A9", 0, "", 43, 21.5, "", "", "***", "", "", "", 4, 96, ""],
    ["IL-6 (25)", "Q1", "A10", 0, "PT-003 V1", 50, 28.5, "", "", 2.2, "", "", "", 4, 96, ""],
]
IL10 = [
    ["IL-10 (27)", "B", "A1,B1", 0, "", 15, 15, 1.41, 9.43, "", "", "", "", 1, 98, ""],
    ["IL-10 (27)", "S1", "A2,B2", 0, "", 12040, 12025, 56.57, 0.47, 4980.22, 5000, 99.6, "", 1, 101, ""],
    ["IL-10 (27)", "S2", "A3,B3", 0, "", 5480, 5465, 28.28, 0.52, 1249.6, 1250, 99.97, "", 1, 97, ""],
    ["IL-10 (27)", "X1", "A7,B7", 0, "PT-001 V1", 88, 73, 2.83, 3.21, "OOR <", "", "", "", 2, 12, ""],
]
FOOTER = [
    "Sampling Errors: 1 - Low bead #, 2 - Agg beads, 3 - Classify %, 4 - Region selection, 5 - Platform temperature",
    "***Value not available / --- = Designated as an outlier",
    "*Value extrapolated beyond standard range",
    "OOR = Out of Range / OOR> = Out of Range Above  / OOR< = Out of Range Below",
]

strings, index = [], {}
def sst(s):
    if s not in index:
        index[s] = len(strings)
        strings.append(s)
    return index[s]

def col(n):
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s

def cell(ref, v):
    if v == "" or v is None:
        return ""
    if isinstance(v, tuple):
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(v[1])}</t></is></c>'
    if isinstance(v, (int, float)):
        return f'<c r="{ref}" s="1"><v>{v!r}</v></c>'
    return f'<c r="{ref}" t="s"><v>{sst(v)}</v></c>'

def sheet(lines, rows, equation, regression, fit):
    out, r = [], 1
    for text in lines:
        if text is not None:
            out.append(f'<row r="{r}">{cell("A%d" % r, text)}</row>')
        r += 1
    out.append(f'<row r="{r}">' + "".join(cell(f"{col(i + 1)}{r}", h) for i, h in enumerate(HEADER)) + "</row>")
    for data in rows:
        r += 1
        out.append(f'<row r="{r}">' + "".join(cell(f"{col(i + 1)}{r}", v) for i, v in enumerate(data)) + "</row>")
    r += 2  # one blank row, not stored
    for text in FOOTER + ["", f"Regression Type: {regression}", f"Std. Curve: {equation}", fit]:
        if text:
            out.append(f'<row r="{r}">{cell("A%d" % r, text)}</row>')
        r += 1
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + "".join(out) + "</sheetData></worksheet>")

rich = "Plate ID: CYTO_PLATE_07"
def head(analyte):
    return [f"File Name: C:\\Bio-Plex\\cyto plate 7.rbx", f"Analyte: {analyte}", "Acquisition Date: 14-Mar-2024, 09:12 AM",
            "Reader Serial Number: LX10012345678", rich, None]

s1 = sheet(head("IL-6 (25)"), IL6, "FI = 12.5 + (21052.8 - 12.5) / ((1 + (Conc / 3120.8)^-1.12))^0.91",
           "Logistic - 5PL", "FitProb. = 0.9812, ResVar. = 0.0421")
s2 = sheet(head("IL-10 (27)"), IL10, "FI = 8.1 + (13988.8 - 8.1) / (1 + (Conc / 2980.1)^-1.05)",
           "Logistic - 4PL", "FitProb. = 0.9644, ResVar. = 0.0733")
s3 = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
      f'<sheetData><row r="1">{cell("A1", "Exported by Bio-Plex Manager 6.1 for the cytokine core")}</row></sheetData></worksheet>')

def sst_xml():
    items = []
    for s in strings:
        if s == rich:
            items.append('<si><r><rPr><b/></rPr><t xml:space="preserve">Plate ID: </t></r><r><t>CYTO_PLATE_07</t></r>'
                         '<rPh sb="0" eb="1"><t>phonetic</t></rPh></si>')
        else:
            items.append(f"<si><t>{escape(s)}</t></si>")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">'
            + "".join(items) + "</sst>")

names = ["IL-6 (25)", "IL-10 (27)", "Notes"]
workbook = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            + "".join(f'<sheet name="{escape(n)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, n in enumerate(names))
            + "</sheets></workbook>")
rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>' for i in range(3))
        + '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        + "</Relationships>")
content_types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                 + "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(3))
                 + '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
root_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')

with zipfile.ZipFile("bioplex_2plex.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in [("[Content_Types].xml", content_types), ("_rels/.rels", root_rels), ("xl/workbook.xml", workbook),
                       ("xl/_rels/workbook.xml.rels", rels), ("xl/worksheets/sheet1.xml", s1),
                       ("xl/worksheets/sheet2.xml", s2), ("xl/worksheets/sheet3.xml", s3), ("xl/sharedStrings.xml", sst_xml())]:
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, data)
