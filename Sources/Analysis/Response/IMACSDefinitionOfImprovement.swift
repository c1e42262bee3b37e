/// The IMACS preliminary definition of improvement (DOI) for adult and juvenile myositis.
///
/// Source: Rider LG, Giannini EH, Brunner HI, et al. International consensus on preliminary
/// definitions of improvement in adult and juvenile myositis. Arthritis Rheum 2004;50:2281–90.
///
/// Improvement: at least 3 of the 6 core set measures (physician global, patient global, MMT,
/// HAQ, muscle enzymes, extramuscular activity) improved by ≥ 20 %, with no more than 2 worse by
/// ≥ 25 %, and manual muscle testing not among the worse. Percent changes are relative to
/// baseline; for the enzymes, of the enzyme most abnormal at baseline. From a baseline of 0 a
/// measure where lower is better cannot improve, and any increase counts as worse.
public enum IMACSDefinitionOfImprovement {
    public struct Parameters: Sendable, Hashable {
        public var improvementPercent: Double
        public var worseningPercent: Double
        public var minimumImproved: Int
        public var maximumWorse: Int
        public var enzymeULN: [String: Double]

        public init(
            improvementPercent: Double = 20, worseningPercent: Double = 25, minimumImproved: Int = 3,
            maximumWorse: Int = 2, enzymeULN: [String: Double] = [:]
        ) {
            self.improvementPercent = improvementPercent
            self.worseningPercent = worseningPercent
            self.minimumImproved = minimumImproved
            self.maximumWorse = maximumWorse
            self.enzymeULN = enzymeULN
        }
    }

    /// Relative percent improvement (positive = better).
    public static func relativeImprovement(base: Double, value: Double, higherIsBetter: Bool) -> Double {
        if base == 0 {
            if value == 0 { return 0 }
            return higherIsBetter ? .infinity : -.infinity
        }
        let change = higherIsBetter ? value - base : base - value
        return change / abs(base) * 100
    }

    public static func evaluate(_ visit: ClinicalVisit, parameters p: Parameters) -> ResponseRecord {
        typealias C = TotalImprovementScore.Component
        var missing: [String] = []
        var improvement: [(C, Double)] = []
        let scales: [(C, String, Bool)] = [
            (.physicianGlobal, ClinicalInstrument.physicianGlobal, false),
            (.patientGlobal, ClinicalInstrument.patientGlobal, false),
            (.mmt, ClinicalInstrument.mmt8, true),
            (.haq, ClinicalInstrument.haq, false),
            (.extramuscular, ClinicalInstrument.extramuscular, false),
        ]
        for (component, instrument, higherIsBetter) in scales {
            guard case (let b, let v)? = TotalImprovementScore.pairedValues(visit, component, instrument: instrument, missing: &missing)
            else { continue }
            improvement.append((component, relativeImprovement(base: b, value: v, higherIsBetter: higherIsBetter)))
        }
        switch MuscleEnzymes.mostAbnormal(visit, defaultULN: p.enzymeULN) {
        case .failure(let r): missing += r.reasons
        case .success(let e): improvement.append((.enzyme, relativeImprovement(base: e.base, value: e.value, higherIsBetter: false)))
        }
        if !missing.isEmpty { return .missing(visit, "IMACS_DOI", missing) }
        let improved = improvement.filter { snapped($0.1) >= p.improvementPercent }.map(\.0)
        let worse = improvement.filter { snapped($0.1) <= -p.worseningPercent }.map(\.0)
        let mmtWorse = worse.contains(.mmt)
        let responder = improved.count >= p.minimumImproved && worse.count <= p.maximumWorse && !mmtWorse
        var reason: [String] = []
        reason.append(
            "improved ≥\(p.improvementPercent.formatted0) %: "
                + (improved.isEmpty ? "none" : improved.map(\.rawValue).joined(separator: ", ")))
        if !worse.isEmpty {
            reason.append("worse ≥\(p.worseningPercent.formatted0) %: " + worse.map(\.rawValue).joined(separator: ", "))
        }
        return ResponseRecord(
            studyID: visit.studyID, subject: visit.subject, basetype: visit.basetype, visit: visit.visit,
            visitNumber: visit.visitNumber, criterion: "IMACS_DOI", score: Double(improved.count),
            category: responder ? "improved" : "not improved", responder: responder ? .yes : .no,
            reason: reason.joined(separator: "; "))
    }
}

extension Double {
    /// `20` rather than `20.0` in messages.
    var formatted0: String { self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self) }
}
