import Foundation

/// The pharmacodynamic course of a drug: an effect between 0 and 1 that rises while the drug is
/// given (time constant `tauOn` days) and decays after it stops (`tauOff`). Low-dose IL-2 expands
/// Tregs within days and they fall back over a few weeks off drug, which is why the cycled SLE
/// regimen shows peaks at W2, W6, W10 and troughs at W4, W8.
struct DrugCourse: Sendable {
    var dosing: [ClosedRange<Int>]
    var tauOn: Double
    var tauOff: Double

    static func of(_ arm: ArmPlan) -> DrugCourse {
        switch arm.drug {
        case .lowDoseIL2, .placebo: return DrugCourse(dosing: arm.activeDosing, tauOn: 5, tauOff: 14)
        case .abatacept: return DrugCourse(dosing: arm.activeDosing, tauOn: 14, tauOff: 28)
        }
    }

    func isDosed(_ day: Int) -> Bool { dosing.contains { $0.contains(day) } }

    /// Effect on the morning of `day` (samples are drawn before that day's dose).
    func effect(day: Int) -> Double { integrate(to: day).effect }

    /// Area under the effect curve up to `day` (effect-days): drives clinical improvement, which
    /// follows sustained immune change rather than its day-to-day level.
    func exposure(day: Int) -> Double { integrate(to: day).area }

    private func integrate(to day: Int) -> (effect: Double, area: Double) {
        var e = 0.0, area = 0.0
        guard day > 1 else { return (0, 0) }
        for d in 1..<day {
            e += isDosed(d) ? (1 - e) / tauOn : -e / tauOff
            area += e
        }
        return (e, area)
    }
}
