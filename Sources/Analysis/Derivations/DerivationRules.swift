import Foundation

/// The formulas and the words of the change-from-baseline derivation, in one place.
///
/// Two implementations apply them: the record-based steps (`Derive.studyDays`, `Derive.change`,
/// …, one function per ADaM variable, the readable specification) and the columnar engine
/// (`ChangeFromBaseline.Derivation.deriveColumns`, what the report runs). Both call these, so a
/// formula, a note or an error message cannot drift between them; `ColumnarDerivationTests`
/// checks that the two give the same records on seeded cohorts.
extension Derive {
    // MARK: Formulas

    /// ADY from the days between Day 1 and the date: Day 1 is the day of first dose and there is
    /// no day 0 (the day before Day 1 is Day −1).
    static func studyDay(daysFromDay1 diff: Int) -> Int { diff >= 0 ? diff + 1 : diff }

    /// The LLOQ of a below-LLOQ value: the one the source wrote (`< 0.105`), else the study's
    /// `lloq.limits` for the PARAMCD or for its analyte (PARAMCD up to its first dot); NaN when
    /// neither is known.
    static func lloqLimit(given: Double, parameterCode: String, limits: [String: Double]) -> Double {
        if !given.isNaN { return given }
        let analyte = String(parameterCode.split(separator: ".").first ?? Substring(parameterCode))
        return limits[parameterCode] ?? limits[analyte] ?? .nan
    }

    /// AVAL of a below-LLOQ value with limit `limit` under the study's rule, and the note that
    /// says how it was obtained (`valueText` is the value as the source wrote it).
    static func belowLLOQ(limit: Double, valueText: String, rule: LLOQRule) -> (value: Double, note: String) {
        let shown = valueText.isEmpty ? "<LLOQ" : valueText
        if limit.isNaN { return (.nan, "below LLOQ (\(shown)) with no known limit: AVAL missing") }
        switch rule {
        case .half: return (limit / 2, "AVAL = LLOQ/2 = \(limit / 2) from \(shown)")
        case .limit: return (limit, "AVAL = LLOQ = \(limit) from \(shown)")
        case .missing: return (.nan, "below LLOQ (\(shown)): AVAL missing by study rule")
        }
    }

    /// CHG = AVAL − BASE of a post-baseline value, when both are numbers.
    static func change(value: Double, base: Double) -> Double? {
        !value.isNaN && !base.isNaN ? value - base : nil
    }

    /// PCHG = 100 · CHG / |BASE|; missing when BASE = 0 (a change from nothing has no percentage).
    static func percentChange(change: Double?, base: Double) -> Double? {
        guard let change, base != 0 else { return nil }
        return 100 * change / abs(base)
    }

    /// R2BASE = AVAL / BASE where a change is derived; missing when BASE = 0.
    static func ratioToBase(change: Double?, value: Double, base: Double) -> Double? {
        change != nil && base != 0 ? value / base : nil
    }

    /// log2(AVAL / BASE) where a change is derived; missing unless AVAL and BASE are both positive.
    static func log2RatioToBase(change: Double?, value: Double, base: Double) -> Double? {
        change != nil && value > 0 && base > 0 ? log2(value / base) : nil
    }

    // MARK: Warnings about subjects

    static func noFirstDoseWarning(subject: String) -> String {
        "subject \(subject) has no first dose date: no study day, visit or baseline"
    }

    static func notRandomizedWarning(subject: String) -> String {
        "subject \(subject) is not in the randomization file: ARM left empty"
    }

    /// The baseline record is shown at the baseline visit even when collected before its window
    /// (the baseline rule decides, not the window), but never silently: a value taken long before
    /// the window may not describe the subject at randomisation.
    static func baselineOutsideWindowWarning(
        source: String, subject: String, parameterCode: String, basetype: String,
        day: Int, window: StudyDefinition.VisitWindow
    ) -> String {
        "\(source.isEmpty ? "" : "\(source): ")baseline of subject \(subject), \(parameterCode)\(basetype.isEmpty ? "" : " (\(basetype))") was collected on study day \(day), outside the \(window.name) window (days \(window.windowLow) to \(window.windowHigh)) [baseline-outside-window]"
    }

    // MARK: Notes on a record

    static func noFirstDoseNote(subject: String) -> String {
        "no first dose date for \(subject): study day not derived"
    }

    static let noCollectionDateNote = "no collection date: study day not derived"

    static func sameDayDifferentValueNote(parameterCode: String, date: String, visit: String) -> String {
        "another record of \(parameterCode) on the same day \(date) has a different value: not analysed at \(visit)"
    }

    // MARK: Errors that stop the derivation

    static func invalidDate(_ text: String) -> AnalysisError {
        AnalysisError(code: "invalid-date", "'\(text)' is not a date (yyyy-mm-dd)")
    }

    /// An error about one value, prefixed with the subject, PARAMCD and source it concerns.
    static func located(_ e: AnalysisError, subject: String, parameterCode: String, source: String) -> AnalysisError {
        AnalysisError(code: e.code, "\(subject) \(parameterCode) \(source): \(e.message)")
    }

    /// One subject's parameter carried in two units (empty units are not compared).
    static func mixedUnits(
        subject: String, parameterCode: String, first: (unit: String, source: String),
        other: (unit: String, source: String)
    ) -> AnalysisError {
        func at(_ source: String) -> String { source.isEmpty ? "" : " (\(source))" }
        return AnalysisError(
            code: "mixed-units",
            "subject \(subject), \(parameterCode) is in \(first.unit)\(at(first.source)) and in \(other.unit)\(at(other.source)): convert to one unit before change from baseline"
        )
    }

    /// A value as a duplicate-baseline message names it: its number (or category) and source.
    static func describe(value: Double, categorical: Bool, valueText: String, source: String) -> String {
        let v = categorical ? valueText : "\(value)"
        return source.isEmpty ? v : "\(v) (\(source))"
    }

    /// Two candidate baselines on the last eligible date with different values: which one is
    /// "the" baseline is the study's decision, not the program's.
    static func duplicateBaseline(
        subject: String, parameterCode: String, basetype: String, date: String,
        first: String, other: String
    ) -> AnalysisError {
        AnalysisError(
            code: "duplicate-baseline",
            "two candidate baselines for subject \(subject), \(parameterCode)\(basetype.isEmpty ? "" : " (\(basetype))") on \(date): "
                + "\(first) and \(other)")
    }
}
