import Foundation
import Domain
import Readers

/// Lymphocyte counts from the hospital's blood count (the second platform of dual-platform
/// absolute counts), looked up for a cytometry sample by sample identifier or, failing that, by
/// subject and collection date: the blood count must be from the same day, never the nearest one.
public struct BloodCounts: Sendable {
    private var bySample: [String: Double] = [:]
    private var bySubjectDay: [String: Double] = [:]

    public init() {}

    /// Number of lymphocytes per µL for a sample.
    public mutating func add(sample: String, lymphocytesPerMicrolitre: Double) {
        bySample[sample] = lymphocytesPerMicrolitre
    }

    /// Number of lymphocytes per µL for a subject on a day (ISO date).
    public mutating func add(subject: String, date: String, lymphocytesPerMicrolitre: Double) {
        bySubjectDay[subject + "\u{1F}" + date] = lymphocytesPerMicrolitre
    }

    public var isEmpty: Bool { bySample.isEmpty && bySubjectDay.isEmpty }

    /// The lymphocyte count for the sample of `m`: by sample, else by subject and collection date.
    public func lymphocytesPerMicrolitre(for m: Domain.Measurement) -> Double? {
        if let v = bySample[m.sample] { return v }
        guard !m.subject.isEmpty, !m.collectionDate.isEmpty else { return nil }
        return bySubjectDay[m.subject + "\u{1F}" + m.collectionDate]
    }

    /// Factor from a blood-count unit to cells/µL: `10^9/L` and `x10^3/µL` (the same thing: 1 ×10⁹/L
    /// = 1000/µL), `/µL` and `cells/µL`. Nil for a unit it does not know (never assumed).
    public static func factorToPerMicrolitre(_ unit: String) -> Double? {
        let u = unit.lowercased().replacingOccurrences(of: " ", with: "")
            .replacingOccurrences(of: "µ", with: "u").replacingOccurrences(of: "μ", with: "u")
            .replacingOccurrences(of: "×", with: "x").replacingOccurrences(of: "*", with: "")
        switch u {
        case "10^9/l", "x10^9/l", "10e9/l", "g/l", "giga/l", "10^3/ul", "x10^3/ul", "k/ul", "10^3/mm3":
            return 1000
        case "/ul", "cells/ul", "/mm3", "cells/mm3":
            return 1
        default:
            return nil
        }
    }

    /// Reads a CSV with columns `lymphocytes` and `unit`, and either `sample`, or `subject` and
    /// `date`. Rows with a problem are reported (with line and column) and skipped; a missing column
    /// rejects the file.
    public static func load(path: String) throws -> (counts: BloodCounts, diagnostics: [Diagnostic]) {
        let reader = try DelimitedReader(path: path)
        let file = reader.displayName
        var diagnostics = reader.warnings
        var counts = BloodCounts()
        var columns: [String: Int]?
        try reader.forEachRecord { r in
            guard let cols = columns else {
                var index: [String: Int] = [:]
                for i in 0..<r.count { index[r.trimmed(i).lowercased()] = i }
                let missing = ["lymphocytes", "unit"].filter { index[$0] == nil }
                if !missing.isEmpty || (index["sample"] == nil && (index["subject"] == nil || index["date"] == nil)) {
                    throw FileRejected(SourceLocation(file: file, line: r.line), code: "missing-column",
                                       "a blood-count file needs lymphocytes, unit and either sample or subject + date columns")
                }
                columns = index
                return true
            }
            if r.isBlank { return true }
            func fail(_ key: String, _ code: String, _ message: String) {
                diagnostics.append(.error(SourceLocation(file: file, line: r.line, column: (cols[key] ?? 0) + 1), code: code, message))
            }
            let text = r.trimmed(cols["lymphocytes"]!)
            guard let value = NumberParsing.double(text, decimalComma: reader.decimalComma), value >= 0 else {
                fail("lymphocytes", "non-numeric-value", "lymphocyte count '\(text)' is not a number ≥ 0"); return true
            }
            let unit = r.trimmed(cols["unit"]!)
            guard let factor = factorToPerMicrolitre(unit) else {
                fail("unit", "unknown-unit", "unit '\(unit)' is not a lymphocyte-count unit (10^9/L, x10^3/µL, cells/µL)"); return true
            }
            let sample = cols["sample"].map { r.trimmed($0) } ?? ""
            if !sample.isEmpty {
                counts.add(sample: sample, lymphocytesPerMicrolitre: value * factor)
                return true
            }
            let subject = cols["subject"].map { r.trimmed($0) } ?? ""
            let dateText = cols["date"].map { r.trimmed($0) } ?? ""
            guard !subject.isEmpty else { fail("subject", "missing-subject", "subject is empty"); return true }
            guard let date = DateParsing.isoDate(dateText) else {
                fail("date", "invalid-date", "date '\(dateText)' is not a date (expected yyyy-mm-dd)"); return true
            }
            counts.add(subject: subject, date: date, lymphocytesPerMicrolitre: value * factor)
            return true
        }
        if columns == nil { throw FileRejected(SourceLocation(file: file), code: "empty-file", "the file is empty: no header row") }
        return (counts, diagnostics)
    }
}
