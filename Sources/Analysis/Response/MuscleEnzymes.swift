/// The muscle enzyme that enters the myositis response criteria: of CK, aldolase, LDH, AST and
/// ALT, the one most abnormal at baseline, i.e. with the highest multiple of its upper limit of
/// normal (Aggarwal et al., Ann Rheum Dis 2017;76:792, "most abnormal enzyme"; Rider et al.,
/// Arthritis Rheum 2004;50:2281 for the IMACS core set).
enum MuscleEnzymes {
    struct Selected {
        var item: String
        var base: Double
        var value: Double
    }

    /// The most abnormal enzyme at baseline with its value at the visit, or the reasons it
    /// cannot be chosen. `defaultULN` comes from the study definition when the data carry none.
    static func mostAbnormal(_ visit: ClinicalVisit, defaultULN: [String: Double]) -> Result<Selected, ReasonList> {
        var missing: [String] = []
        var best: (item: String, ratio: Double, base: Double)?
        for item in ClinicalInstrument.enzymeItems {
            let code = ClinicalInstrument.code(ClinicalInstrument.enzymes, item)
            guard let b = visit.baseline(code), !b.value.isNaN else { continue }
            let uln = !b.uln.isNaN ? b.uln : (defaultULN[item] ?? .nan)
            guard !uln.isNaN, uln > 0 else {
                missing.append("upper limit of normal of \(item)")
                continue
            }
            let ratio = b.value / uln
            if best == nil || ratio > best!.ratio { best = (item, ratio, b.value) }
        }
        if !missing.isEmpty { return .failure(ReasonList(missing)) }
        guard let best else { return .failure(ReasonList(["muscle enzymes at baseline"])) }
        let code = ClinicalInstrument.code(ClinicalInstrument.enzymes, best.item)
        guard let v = visit.observation(code), !v.value.isNaN else {
            return .failure(ReasonList(["\(best.item) (most abnormal enzyme at baseline) at \(visit.visit)"]))
        }
        return .success(Selected(item: best.item, base: best.base, value: v.value))
    }
}

/// Why a score could not be computed: the missing or invalid components.
public struct ReasonList: Error, Sendable, Hashable {
    public var reasons: [String]
    public init(_ reasons: [String]) { self.reasons = reasons }
}
