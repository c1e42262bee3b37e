import Domain
import Foundation
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
    /// Loads a blood-count file with the clinical `BloodCountReader` (subject, date,
    /// lymphocytes, with the unit in a column or in the header, e.g. `Lymphocytes (10^9/L)`).
    public static func load(path: String) throws -> (counts: BloodCounts, diagnostics: [Diagnostic]) {
        let result = try BloodCountReader().read(SourceFile(path: path))
        var counts = BloodCounts()
        for b in result.records {
            counts.add(subject: b.subject, date: b.date, lymphocytesPerMicrolitre: b.lymphocytesPerMicroliter)
        }
        return (counts, result.diagnostics)
    }
}
