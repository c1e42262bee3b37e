import Domain

/// What every measurement of one well (or Bio-Plex replicate row) shares: the sample name as
/// written, its role, and the columns the model has no place for.
struct CytokineWell {
    var sample: String
    var role: WellRole
    /// Ordered key/value pairs for the measurement's `extra` JSON (well, plate, dilution…).
    var extra: [(String, String)]

    /// One measurement of this well. `flags` starts with the role; `low-bead-count` is added by
    /// the caller where it applies.
    func measurement(
        analyte: String, statistic: Statistic, value: QualifiedValue, unit: String = "",
        extra more: [(String, String)] = [], line: Int, column: Int
    ) -> Measurement {
        let pairs = (extra + more).filter { !$0.1.isEmpty }
        return Measurement(
            sample: sample, assay: .cytokine, analyte: analyte, sourceName: analyte,
            statistic: statistic, value: value.value, unit: unit,
            qualifier: value.qualifier, rawValue: value.raw, flags: role.rawValue,
            extra: pairs.isEmpty ? "" : JSONText.object(pairs),
            sourceLine: line, sourceColumn: column)
    }
}

extension QualifiedValue {
    /// Parses a cell the way every cytokine reader must: a number or a known token, or a row
    /// error at the cell's location (returned as nil after reporting).
    static func cell(
        _ text: String, at location: SourceLocation, what: String,
        decimalComma: Bool = false, sink: MeasurementSink
    ) -> QualifiedValue? {
        if let v = QualifiedValue.parse(text, decimalComma: decimalComma) { return v }
        sink.report(
            .error(
                location, code: "non-numeric-value",
                "\(what) '\(text)' is not a number or a known token (< x, > x, *x, OOR <, OOR >, ***, ---, NaN)"))
        return nil
    }

    /// A bead count must be a whole, non-negative number (or a not-available token).
    static func count(_ text: String, at location: SourceLocation, sink: MeasurementSink) -> QualifiedValue? {
        guard let v = cell(text, at: location, what: "bead count", sink: sink) else { return nil }
        if v.qualifier == .notAvailable { return v }
        guard v.qualifier == .inRange, v.value >= 0, WholeCount.isWhole(v.value) else {
            sink.report(.error(location, code: "invalid-count", "bead count '\(text)' is not a whole number of beads"))
            return nil
        }
        return v
    }
}

/// Text for numbers in `extra` and `instrument_run`: integers without a trailing `.0`.
func numberText(_ d: Double) -> String {
    if d.isNaN { return "" }
    if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
    return String(d)
}
