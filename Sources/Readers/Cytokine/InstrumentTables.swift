import Domain

/// Run metadata as a two-column key/value table (`instrument_run`): program, build, serial
/// number, batch, run date (ISO), protocol, analysis types… Keys are stable snake_case names;
/// header lines without a stable name keep their own label.
struct InstrumentRun {
    private(set) var pairs: [(String, String)] = []

    mutating func set(_ key: String, _ value: String) {
        let v = value.trimmingSpaces
        guard !v.isEmpty else { return }
        if let i = pairs.firstIndex(where: { $0.0 == key }) { pairs[i].1 = v } else { pairs.append((key, v)) }
    }

    func value(_ key: String) -> String? { pairs.first { $0.0 == key }?.1 }

    var table: AuxiliaryTable {
        AuxiliaryTable(
            name: "instrument_run",
            columns: [
                ("key", .text(pairs.map(\.0))),
                ("value", .text(pairs.map(\.1))),
            ])
    }
}

/// The instrument's own standard curve for one analyte, in xPONENT's parametrisation:
/// `y = A + B / (1 + (x / C)^D)^F` (F = 1 for a 4-parameter logistic). Bio-Plex's
/// `FI = d + (a - d) / (1 + (Conc / c)^b)^g` maps to A = d, B = a - d, C = c, D = b, F = g.
struct InstrumentCurve {
    var analyte: String
    /// The regression as the instrument names it (`Logistic 5P`, `Logistic - 5PL`).
    var model: String
    var a = Double.nan, b = Double.nan, c = Double.nan, d = Double.nan, f = Double.nan
    var r2 = Double.nan
}

extension Array where Element == InstrumentCurve {
    var table: AuxiliaryTable {
        AuxiliaryTable(
            name: "instrument_curves",
            columns: [
                ("analyte", .text(map(\.analyte))),
                ("model", .text(map(\.model))),
                ("A", .number(map(\.a))),
                ("B", .number(map(\.b))),
                ("C", .number(map(\.c))),
                ("D", .number(map(\.d))),
                ("F", .number(map(\.f))),
                ("r2", .number(map(\.r2))),
            ])
    }
}
