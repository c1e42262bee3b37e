/// The 2016 ACR/EULAR myositis response criteria: the Total Improvement Score (TIS).
///
/// Sources: Aggarwal R, Rider LG, Ruperto N, et al. 2016 American College of Rheumatology /
/// European League Against Rheumatism criteria for minimal, moderate, and major clinical
/// response in adult dermatomyositis and polymyositis. Ann Rheum Dis 2017;76:792–801 (table 3:
/// conversion of core set measure changes to improvement points); Rider LG, Aggarwal R, Pistorio
/// A, et al. Rheumatology 2017;56:… (juvenile criteria, same points, thresholds 30/45/70).
///
/// Each of the six IMACS core set measures scores points by its **absolute percent change**:
/// the improvement in scale units divided by the scale's range × 100 (physician, patient and
/// extramuscular global activity on their VAS, HAQ 0–3, MMT-8 0–80 or 0–150 as the study
/// states). Muscle enzymes are the exception: **relative** percent change of the enzyme most
/// abnormal at baseline. Worsening, and improvement up to the first band edge, scores 0. TIS is
/// the sum (0–100): minimal ≥ 20, moderate ≥ 40, major ≥ 60 in adults (30/45/70 in juvenile DM).
public enum TotalImprovementScore {
    public enum Component: String, Sendable, Hashable, CaseIterable {
        case physicianGlobal = "physician global activity"
        case patientGlobal = "patient global activity"
        case mmt = "MMT-8"
        case haq = "HAQ"
        case enzyme = "most abnormal muscle enzyme"
        case extramuscular = "extramuscular activity"
    }

    /// Upper edges (inclusive) of the percent-change bands: ≤ e₁, > e₁–e₂, > e₂–e₃, > e₃–e₄, > e₄.
    public static func bandEdges(_ c: Component) -> [Double] {
        c == .mmt ? [2, 10, 20, 30] : [5, 15, 25, 40]
    }

    /// Improvement points per band (Aggarwal 2017, table 3) — the one place the table lives.
    public static func bandPoints(_ c: Component) -> [Double] {
        switch c {
        case .physicianGlobal: return [0, 7.5, 15, 17.5, 20]
        case .patientGlobal: return [0, 2.5, 5, 7.5, 10]
        case .mmt: return [0, 10, 20, 27.5, 32.5]
        case .haq: return [0, 5, 7.5, 7.5, 10]
        case .enzyme: return [0, 2.5, 5, 7.5, 7.5]
        case .extramuscular: return [0, 7.5, 12.5, 15, 20]
        }
    }

    /// Points for a percent improvement (negative = worsening → 0).
    public static func points(_ c: Component, percentImprovement: Double) -> Double {
        let x = snapped(percentImprovement)
        let edges = bandEdges(c), pts = bandPoints(c)
        for (i, e) in edges.enumerated() where x <= e { return pts[i] }
        return pts[edges.count]
    }

    public enum Level: String, Sendable, Hashable, CaseIterable {
        case minimal, moderate, major
    }

    public struct Parameters: Sendable, Hashable {
        public enum Population: String, Sendable, Hashable { case adult, juvenile }
        public var population: Population
        /// TIS thresholds; the population's published ones unless the study overrides them.
        public var minimal: Double
        public var moderate: Double
        public var major: Double
        /// The least improvement that counts as response (the primary end point's level).
        public var responderLevel: Level
        public var physicianGlobalRange: ClosedRange<Double>
        public var patientGlobalRange: ClosedRange<Double>
        public var extramuscularRange: ClosedRange<Double>
        public var haqRange: ClosedRange<Double>
        public var mmtRange: ClosedRange<Double>
        /// Enzyme ULNs from the study, used when the data carry none.
        public var enzymeULN: [String: Double]

        public init(
            population: Population = .adult, mmtScale: Int = 80, responderLevel: Level = .minimal,
            physicianGlobalRange: ClosedRange<Double> = 0...10, patientGlobalRange: ClosedRange<Double> = 0...10,
            extramuscularRange: ClosedRange<Double> = 0...10, haqRange: ClosedRange<Double> = 0...3,
            enzymeULN: [String: Double] = [:]
        ) {
            self.population = population
            (minimal, moderate, major) = population == .adult ? (20, 40, 60) : (30, 45, 70)
            self.responderLevel = responderLevel
            self.physicianGlobalRange = physicianGlobalRange
            self.patientGlobalRange = patientGlobalRange
            self.extramuscularRange = extramuscularRange
            self.haqRange = haqRange
            self.mmtRange = 0...Double(mmtScale)
            self.enzymeULN = enzymeULN
        }

        func threshold(_ level: Level) -> Double {
            switch level {
            case .minimal: minimal
            case .moderate: moderate
            case .major: major
            }
        }

        public func category(_ tis: Double) -> String {
            if tis >= major { return Level.major.rawValue }
            if tis >= moderate { return Level.moderate.rawValue }
            if tis >= minimal { return Level.minimal.rawValue }
            return "none"
        }
    }

    /// Absolute percent improvement on a scale: improvement in units / range × 100, where lower
    /// is better unless `higherIsBetter` (MMT).
    public static func absolutePercentImprovement(
        base: Double, value: Double, range: ClosedRange<Double>,
        higherIsBetter: Bool
    ) -> Double {
        let improvement = higherIsBetter ? value - base : base - value
        return improvement / (range.upperBound - range.lowerBound) * 100
    }

    /// The TIS of one subject at one visit.
    /// A core set measure at baseline and at the visit, both present and not NaN; otherwise the
    /// absent one is named in `missing`. IMACS DOI reads the measures the same way.
    static func pairedValues(
        _ visit: ClinicalVisit, _ component: Component, instrument: String, missing: inout [String]
    ) -> (base: Double, value: Double)? {
        let code = ClinicalInstrument.code(instrument)
        guard let b = visit.baseline(code)?.value, !b.isNaN else {
            missing.append("\(component.rawValue) at baseline")
            return nil
        }
        guard let v = visit.observation(code)?.value, !v.isNaN else {
            missing.append("\(component.rawValue) at \(visit.visit)")
            return nil
        }
        return (b, v)
    }

    public static func evaluate(_ visit: ClinicalVisit, parameters p: Parameters) -> ResponseRecord {
        var missing: [String] = []
        var total = 0.0
        var notes: [String] = []
        let scales: [(Component, String, ClosedRange<Double>, Bool)] = [
            (.physicianGlobal, ClinicalInstrument.physicianGlobal, p.physicianGlobalRange, false),
            (.patientGlobal, ClinicalInstrument.patientGlobal, p.patientGlobalRange, false),
            (.mmt, ClinicalInstrument.mmt8, p.mmtRange, true),
            (.haq, ClinicalInstrument.haq, p.haqRange, false),
            (.extramuscular, ClinicalInstrument.extramuscular, p.extramuscularRange, false),
        ]
        for (component, instrument, range, higherIsBetter) in scales {
            guard case (let b, let v)? = TotalImprovementScore.pairedValues(visit, component, instrument: instrument, missing: &missing)
            else { continue }
            guard range.contains(b), range.contains(v) else {
                missing.append(
                    "\(component.rawValue) outside its scale \(range.lowerBound)–\(range.upperBound) (baseline \(b), \(visit.visit) \(v))")
                continue
            }
            total += points(
                component,
                percentImprovement: absolutePercentImprovement(
                    base: b, value: v, range: range,
                    higherIsBetter: higherIsBetter))
        }
        switch MuscleEnzymes.mostAbnormal(visit, defaultULN: p.enzymeULN) {
        case .failure(let r): missing += r.reasons
        case .success(let e):
            if e.base == 0 {
                missing.append("relative change of \(e.item) from a baseline of 0")
            } else {
                total += points(.enzyme, percentImprovement: (e.base - e.value) / e.base * 100)
                notes.append("enzyme: \(e.item)")
            }
        }
        if !missing.isEmpty { return .missing(visit, "TIS", missing) }
        let meets = snapped(total) >= p.threshold(p.responderLevel)
        return ResponseRecord(
            studyID: visit.studyID, subject: visit.subject, basetype: visit.basetype,
            visit: visit.visit, visitNumber: visit.visitNumber, criterion: "TIS", score: total,
            category: p.category(snapped(total)), responder: meets ? .yes : .no,
            reason: notes.joined(separator: "; "))
    }
}
