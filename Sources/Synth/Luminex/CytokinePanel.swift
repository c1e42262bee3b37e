import Foundation

/// One analyte of the trials' 9-plex serum panel: bead region, names as the two instrument
/// set-ups write them, top standard, and how the analyte behaves in the patients.
struct CytokineAnalyte: Sendable {
    enum Name { case withRegion, compact }

    /// Canonical label (`IFN-g`), written `IFN-g (15)` by the MILLIPLEX protocol on xPONENT 4.
    var label: String
    /// The short name the older LX200 protocol used (`IFNg`, `IL2R`).
    var compactName: String
    var beadRegion: Int
    /// Standard 1 (pg/mL); Standards 2–7 are successive 4-fold dilutions.
    var topStandard: Double
    /// Serum median (pg/mL) by disease and between-subject CV.
    var median: [Disease: Double]
    var cv: Double
    /// Fold change per unit of IL-2 effect (sCD25 and IL-10 rise: Klatzmann & Abbas, Nat Rev
    /// Immunol 2015); per unit of abatacept effect; per unit of clinical response
    /// (inflammatory cytokines fall as disease settles).
    var il2Effect: Double
    var abataceptEffect: Double
    var responseEffect: Double

    func name(_ style: Name) -> String { style == .withRegion ? "\(label) (\(beadRegion))" : compactName }

    /// Standard n (1…7) expected concentration.
    func standard(_ level: Int) -> Double { topStandard / pow(4, Double(level - 1)) }

    static let panel: [CytokineAnalyte] = [
        CytokineAnalyte(
            label: "IFN-g", compactName: "IFNg", beadRegion: 15, topStandard: 10_000,
            median: [.dermatomyositis: 7, .lupus: 16, .polymyalgia: 6], cv: 0.7,
            il2Effect: 0.1, abataceptEffect: -0.1, responseEffect: -0.35),
        CytokineAnalyte(
            label: "IL-10", compactName: "IL10", beadRegion: 22, topStandard: 10_000,
            median: [.dermatomyositis: 4, .lupus: 9, .polymyalgia: 4.5], cv: 0.6,
            il2Effect: 0.7, abataceptEffect: 0, responseEffect: 0),
        CytokineAnalyte(
            label: "IL-6", compactName: "IL6", beadRegion: 25, topStandard: 10_000,
            median: [.dermatomyositis: 5.5, .lupus: 7, .polymyalgia: 16], cv: 0.6,
            il2Effect: 0, abataceptEffect: -0.1, responseEffect: -0.55),
        CytokineAnalyte(
            label: "IL-17A", compactName: "IL17", beadRegion: 30, topStandard: 10_000,
            median: [.dermatomyositis: 3, .lupus: 4, .polymyalgia: 2.5], cv: 0.7,
            il2Effect: -0.1, abataceptEffect: -0.15, responseEffect: -0.2),
        CytokineAnalyte(
            label: "IL-2", compactName: "IL2", beadRegion: 38, topStandard: 10_000,
            median: [.dermatomyositis: 0.9, .lupus: 1.1, .polymyalgia: 0.8], cv: 0.8,
            il2Effect: 0.6, abataceptEffect: 0, responseEffect: 0),
        CytokineAnalyte(
            label: "IL-4", compactName: "IL4", beadRegion: 39, topStandard: 10_000,
            median: [.dermatomyositis: 1.6, .lupus: 2.2, .polymyalgia: 1.4], cv: 0.8,
            il2Effect: 0, abataceptEffect: 0, responseEffect: 0),
        CytokineAnalyte(
            label: "IL-21", compactName: "IL21", beadRegion: 43, topStandard: 10_000,
            median: [.dermatomyositis: 18, .lupus: 45, .polymyalgia: 14], cv: 0.6,
            il2Effect: -0.15, abataceptEffect: -0.35, responseEffect: -0.15),
        CytokineAnalyte(
            label: "TNF-a", compactName: "TNFa", beadRegion: 52, topStandard: 10_000,
            median: [.dermatomyositis: 12, .lupus: 14, .polymyalgia: 10], cv: 0.4,
            il2Effect: 0, abataceptEffect: -0.1, responseEffect: -0.3),
        CytokineAnalyte(
            label: "sCD25", compactName: "IL2R", beadRegion: 57, topStandard: 20_000,
            median: [.dermatomyositis: 1800, .lupus: 3200, .polymyalgia: 2300], cv: 0.35,
            il2Effect: 0.9, abataceptEffect: -0.1, responseEffect: -0.1),
    ]

    /// Serum level of a subject at a visit.
    func level(
        base: Double, drug: ArmPlan.Drug, effect: Double, gain: Double, response: Double,
        rng: inout SynthRandom
    ) -> Double {
        var x = base
        switch drug {
        case .lowDoseIL2: x *= max(0.2, 1 + il2Effect * effect * (0.6 + 0.4 * gain))
        case .abatacept: x *= max(0.2, 1 + abataceptEffect * effect)
        case .placebo: break
        }
        x *= max(0.2, 1 + responseEffect * response)
        return x * rng.logNormal(median: 1, cv: 0.15)
    }
}
