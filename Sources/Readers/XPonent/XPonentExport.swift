/// An xPONENT / INTELLIFLEX CSV export as read from disk, before interpretation: the header
/// block's key/value lines and the `DataType:` sections, every cell with its line and column.
struct XPonentExport {
    struct HeaderLine {
        var key: String
        /// The fields after the key, trimmed, trailing empty ones dropped.
        var values: [String]
        var line: Int
    }

    struct Row {
        var line: Int
        /// Raw field texts (not trimmed: QualifiedValue trims, and names are trimmed on use).
        var fields: [String]
        /// 1 when an unquoted location `1(1,A1)` was split by its comma and has been rejoined:
        /// the fields after it stand one column further right in the file.
        var columnShift = 0
        func field(_ i: Int) -> String { i < fields.count ? fields[i] : "" }
        /// The 1-based file column of field `i`.
        func column(_ i: Int) -> Int { i == 0 ? 1 : i + 1 + columnShift }

        /// Whether this row repeats the section's column header (`Location,Sample,…`): some
        /// xPONENT builds write the Dilution Factor header twice, the second time as
        /// `"Location","Sample","1"`.
        var isRepeatedHeader: Bool {
            field(0).trimmingSpaces.caseInsensitiveEquals("Location") && field(1).trimmingSpaces.caseInsensitiveEquals("Sample")
        }
    }

    struct Section {
        /// The name after `DataType:` (`Median`, `Net MFI`, `Standard Expected Concentration`).
        var name: String
        var line: Int
        /// The section's column header, trimmed, trailing empty fields dropped.
        var header: [String] = []
        var headerLine = 0
        var rows: [Row] = []
    }

    var header: [HeaderLine] = []
    /// The `Samples,96,Min Events,100,Per Bead` line's minimum events text and line.
    var minEvents: (text: String, line: Int)?
    var sampleCount: String?
    /// Every date-looking token of the header block (`26/02/2014`, `5/17/2023`), with its line,
    /// from which the date order of the instrument's locale is inferred.
    var headerDates: [(text: String, line: Int)] = []
    var sections: [Section] = []
    var crc: String?
    var decimalComma = false

    func headerValue(_ key: String) -> [String]? {
        header.first { $0.key.caseInsensitiveEquals(key) }?.values
    }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        count == other.count && lowercased() == other.lowercased()
    }
}
