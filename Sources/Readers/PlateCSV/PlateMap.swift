import Domain

/// A plate layout: which sample, role, standard concentration and dilution each well holds,
/// for instrument files that name no samples (MESO plate files). Written in the plate-CSV
/// vocabulary (`docs/plate-csv.md`) without value columns: `Well`, `Sample`, `Type` required;
/// `Analyte`, `Spot`, `Expected Concentration`, `Unit`, `Dilution`, `Plate` optional.
///
/// A row without `Analyte` applies to every analyte of the well; a row with `Analyte` and
/// `Expected Concentration` gives that analyte's standard concentration; a row with `Spot` and
/// `Analyte` also names the analyte the spot measures (MESO files only number spots). `Plate`,
/// when given, restricts the row to the plate with that barcode.
public struct PlateMap: Sendable {
    public struct Entry: Sendable, Hashable {
        public var well: String
        public var sample: String
        public var role: WellRole
        public var analyte: String
        public var spot: Int?
        public var expected: Double?
        public var unit: String
        public var dilution: Double?
        public var plate: String
        public var line: Int
    }

    public var file: String
    public var entries: [Entry]

    /// Entries of a well on a plate (rows for any plate included).
    public func entries(well: String, plate: String) -> [Entry] {
        entries.filter { $0.well == well && ($0.plate.isEmpty || $0.plate == plate) }
    }

    /// The analyte a numbered spot measures, if the layout names it.
    public func analyte(spot: Int, plate: String) -> String? {
        entries.first { $0.spot == spot && !$0.analyte.isEmpty && ($0.plate.isEmpty || $0.plate == plate) }?.analyte
    }

    /// Reads a layout file; row problems are returned as diagnostics (the row is not used),
    /// a file without the required columns is rejected.
    public static func load(path: String) throws -> (map: PlateMap, diagnostics: [Diagnostic]) {
        let file = SourceFile(path: path)
        let reader = try DelimitedReader(path: path, displayName: file.displayName)
        var diagnostics = reader.warnings
        var columns: [String: Int]?
        var entries: [Entry] = []
        let known = ["well", "sample", "type", "analyte", "spot", "expected concentration", "unit", "dilution", "plate"]
        try reader.forEachRecord { record in
            guard let c = columns else {
                var map: [String: Int] = [:]
                for i in 0..<record.count {
                    let name = record.trimmed(i).lowercased()
                    if known.contains(name), map[name] == nil { map[name] = i }
                }
                let missing = ["well", "sample", "type"].filter { map[$0] == nil }
                if !missing.isEmpty {
                    throw FileRejected(
                        file.location(line: record.line), code: "missing-column",
                        "a plate layout needs the columns Well, Sample and Type (missing: \(missing.joined(separator: ", ")))")
                }
                columns = map
                return true
            }
            if record.isBlank { return true }
            func text(_ name: String) -> String { c[name].map { record.trimmed($0) } ?? "" }
            func fail(_ name: String, _ code: String, _ message: String) {
                diagnostics.append(
                    .error(file.location(line: record.line, column: (c[name] ?? 0) + 1), code: code, message + ": layout row not used"))
            }
            guard let well = WellPosition(text("well")) else {
                fail("well", "invalid-well", "'\(text("well"))' is not a well like A1")
                return true
            }
            let sample = text("sample")
            if sample.isEmpty {
                fail("sample", "missing-sample", "sample is empty")
                return true
            }
            guard let role = PlateCSVReader.role(text("type")) else {
                fail("type", "unknown-well-type", "type '\(text("type"))' is not standard, control, blank or unknown")
                return true
            }
            func number(_ name: String) -> (Double?, Bool) {
                let t = text(name)
                if t.isEmpty { return (nil, true) }
                guard let v = QualifiedValue.parse(t, decimalComma: reader.decimalComma), v.qualifier == .inRange else {
                    fail(name, "non-numeric-value", "\(name) '\(t)' is not a number")
                    return (nil, false)
                }
                return (v.value, true)
            }
            let (expected, okE) = number("expected concentration")
            let (dilution, okD) = number("dilution")
            let (spotValue, okS) = number("spot")
            guard okE, okD, okS else { return true }
            entries.append(
                Entry(
                    well: well.name, sample: sample, role: role, analyte: text("analyte"),
                    spot: spotValue.map { Int($0) }, expected: expected, unit: text("unit"),
                    dilution: dilution, plate: text("plate"), line: record.line))
            return true
        }
        if columns == nil { throw FileRejected(file.location(), code: "empty-file", "the plate layout is empty: no header row") }
        return (PlateMap(file: file.displayName, entries: entries), diagnostics)
    }
}
