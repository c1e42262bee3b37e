/// One analyte sheet of a Bio-Plex Manager Excel export, laid out:
///
///     File Name: plate 3                        ← `Key: value` header lines in column A
///     Analyte: ENV6 (97)
///     Acquisition Date: 16-Jun-2011
///     …
///     Analyte | Type | Well | Description | FI | FI - Bkgd | … | Obs Conc | Exp Conc | …
///     ENV6 (97) | C1 | E1 | Standard1 | 19482 | 19469.5 | … | *545.33376 | 500 | …
///     …                                         ← rows until the first blank row
///     Regression Type: Logistic - 5PL           ← footer: legend lines and the curve
///     Std. Curve: FI = 0.465914 + (1.5417E+006 - 0.465914) / ((1 + (Conc / 122.733)^-0.173373))^7.64039
///     FitProb. = 0.9667, ResVar. = 0.1895
///
/// Some exports put several analytes side by side on one sheet ("block layout"): a row of
/// analyte names above the header, which then repeats `FI | FI | … | Bead Count | Bead Count`.
/// A repeated column takes its analyte from the cell above it (`blockAnalytes`); a repeated
/// column with nothing above it cannot be attributed and is listed in `unattributedColumns`.
struct BioPlexSheet {
    struct HeaderLine {
        var key: String
        var value: String
        var row: Int
    }

    var name: String
    var header: [HeaderLine] = []
    /// Column header text → 1-based column number.
    var columns: [String: Int] = [:]
    /// Column headers in sheet order.
    var columnOrder: [(name: String, column: Int)] = []
    /// Column number → analyte named above it, for header names that repeat (block layout).
    var blockAnalytes: [Int: String] = [:]
    /// Repeated header cells with no analyte above them.
    var unattributedColumns: [(name: String, column: Int)] = []
    var headerRow = 0
    var dataRows: [SheetRow] = []
    var analyteRow: SheetRow?
    var regressionType: (text: String, row: Int)?
    var equation: (text: String, row: Int)?
    var fitStatistics: (text: String, row: Int)?

    func headerValue(_ key: String) -> String? {
        header.first { $0.key.caseInsensitiveEquals(key) }?.value
    }

    /// Repeated header names (`FI | FI`) get the analyte written above each (block layout).
    private mutating func attributeRepeatedColumns(analyteRow: SheetRow?) {
        var counts: [String: Int] = [:]
        for (name, _) in columnOrder { counts[name, default: 0] += 1 }
        for (name, column) in columnOrder where counts[name, default: 0] > 1 {
            let above = analyteRow?.text(column).trimmingSpaces ?? ""
            if above.isEmpty {
                unattributedColumns.append((name, column))
            } else {
                blockAnalytes[column] = above
                self.analyteRow = analyteRow
            }
        }
    }

    /// The sheet laid out as above, or nil when it has no `Type`/`Well` table (a template or
    /// notes sheet).
    static func parse(name: String, rows: [SheetRow]) -> BioPlexSheet? {
        var sheet = BioPlexSheet(name: name)
        var index = 0
        while index < rows.count {
            let row = rows[index]
            index += 1
            let texts = row.cells.map { $0.text.trimmingSpaces }
            if texts.contains(where: { $0.caseInsensitiveEquals("Type") }), texts.contains(where: { $0.caseInsensitiveEquals("Well") }) {
                sheet.headerRow = row.number
                for cell in row.cells where !cell.text.trimmingSpaces.isEmpty {
                    let n = cell.text.trimmingSpaces
                    if sheet.columns[n] == nil { sheet.columns[n] = cell.column }
                    sheet.columnOrder.append((n, cell.column))
                }
                let previous = index >= 2 && rows[index - 2].number == row.number - 1 ? rows[index - 2] : nil
                sheet.attributeRepeatedColumns(analyteRow: previous)
                break
            }
            // `Key: value` (also `Reader Serial Number:ABC…` without a space).
            let first = row.text(1).trimmingSpaces
            if let colon = first.firstIndex(of: ":") {
                sheet.header.append(
                    .init(
                        key: String(first[..<colon]).trimmingSpaces,
                        value: String(first[first.index(after: colon)...]).trimmingSpaces,
                        row: row.number))
            }
        }
        guard sheet.headerRow > 0 else { return nil }
        // A missing row number is a blank row Excel did not store.
        var expected = sheet.headerRow + 1
        while index < rows.count, !rows[index].isBlank, rows[index].number == expected {
            sheet.dataRows.append(rows[index])
            index += 1
            expected += 1
        }
        for row in rows[index...] {
            let text = row.text(1).trimmingSpaces
            if text.hasPrefix("Regression Type:") {
                sheet.regressionType = (String(text.dropFirst("Regression Type:".count)).trimmingSpaces, row.number)
            } else if text.hasPrefix("Std. Curve:") {
                sheet.equation = (text, row.number)
            } else if text.hasPrefix("FitProb.") {
                sheet.fitStatistics = (text, row.number)
            }
        }
        return sheet
    }
}
