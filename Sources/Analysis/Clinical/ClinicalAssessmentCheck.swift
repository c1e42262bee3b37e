import Domain

/// Checks clinical assessments against the study's instruments before any criterion sees them,
/// so that every criterion treats a row the same way: a row that fails is reported at its cell
/// (file:line:column) and left out of the analysis altogether. Before, `PHGA abc` went through as
/// text (and could even be the baseline), and `PHGA 10.4` on a 0–10 scale was used by DOI but
/// refused by TIS.
public enum ClinicalAssessmentCheck {
    /// Instruments scored with letters (BILAG-2004 grades A–E); every other one is numeric.
    static let graded: Set<String> = [ClinicalInstrument.bilag]

    public static func check(_ records: [ClinicalAssessment], study: StudyDefinition)
        -> (records: [ClinicalAssessment], diagnostics: [Diagnostic])
    {
        var kept: [ClinicalAssessment] = []
        kept.reserveCapacity(records.count)
        var diagnostics: [Diagnostic] = []
        for a in records {
            let name = ClinicalInstrument.code(a.instrument, a.item)
            if graded.contains(a.instrument) {
                kept.append(a)
                continue
            }
            // Not a number, not censored (`<0.5` keeps its limit) and not "not done": text in a
            // numeric instrument is a data-entry error, not a value.
            if a.value.isNaN, !a.text.isEmpty, !ClinicalAssessment.notDoneTokens.contains(a.text.uppercased()) {
                diagnostics.append(
                    .error(
                        a.source, code: "non-numeric-value",
                        "\(name) value '\(a.text)' is not a number, and \(a.instrument) is numeric: the row is not used"))
                continue
            }
            if a.item == ClinicalInstrument.total, !a.value.isNaN, let range = study.instrument(a.instrument)?.range,
                !range.contains(a.value)
            {
                diagnostics.append(
                    .error(
                        a.source, code: "value-out-of-range",
                        "\(name) value \(format(a.value)) is outside the instrument's range \(format(range.lowerBound))–\(format(range.upperBound)) in the study definition: the row is not used by any criterion"
                    ))
                continue
            }
            kept.append(a)
        }
        diagnostics += sledaiTotalMismatches(kept)
        return (kept, diagnostics)
    }

    /// A recorded SLEDAI-2K total that disagrees with the weighted sum of the same visit's 24
    /// descriptors. The criteria use the descriptors (SRI-4 scores them when they are recorded),
    /// so the total is kept but the disagreement is reported at the total's cell: one of the two
    /// was entered wrongly, and a monitor must know which value the analysis used.
    static func sledaiTotalMismatches(_ records: [ClinicalAssessment]) -> [Diagnostic] {
        struct Visit: Hashable { var subject, visit, date: String }
        var totals: [Visit: ClinicalAssessment] = [:]
        var descriptors: [Visit: [String: Double]] = [:]
        var order: [Visit] = []
        for a in records where a.instrument == ClinicalInstrument.sledai2k && !a.value.isNaN {
            let key = Visit(subject: a.subject, visit: a.visit, date: a.date)
            if totals[key] == nil && descriptors[key] == nil { order.append(key) }
            if a.item == ClinicalInstrument.total { totals[key] = a } else { descriptors[key, default: [:]][a.item] = a.value }
        }
        var out: [Diagnostic] = []
        for key in order {
            guard let total = totals[key], let items = descriptors[key],
                case .success(let sum) = SRI4.sledaiTotal(descriptors: items), sum != total.value
            else { continue }
            out.append(
                .warning(
                    total.source, code: "sledai-total-mismatch",
                    "SLEDAI-2K total \(format(total.value)) of subject \(key.subject) at \(key.visit) differs from the sum of its descriptors (\(format(sum))): the criteria use the descriptors' sum"
                ))
        }
        return out
    }

    private static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }
}
