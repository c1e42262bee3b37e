import Domain
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

    /// One analyte a row: serum medians (pg/mL) by disease (dermatomyositis, lupus, polymyalgia),
    /// then the effects per unit of IL-2, of abatacept and of clinical response.
    static let panel: [CytokineAnalyte] = SourceTable.rows(
        """
        # label  | compact | region | top standard | DM   | SLE  | PMR  | cv   | IL-2  | abatacept | response
          IFN-g  | IFNg    | 15     | 10000        | 7    | 16   | 6    | 0.7  | 0.1   | -0.1      | -0.35
          IL-10  | IL10    | 22     | 10000        | 4    | 9    | 4.5  | 0.6  | 0.7   | 0         | 0
          IL-6   | IL6     | 25     | 10000        | 5.5  | 7    | 16   | 0.6  | 0     | -0.1      | -0.55
          IL-17A | IL17    | 30     | 10000        | 3    | 4    | 2.5  | 0.7  | -0.1  | -0.15     | -0.2
          IL-2   | IL2     | 38     | 10000        | 0.9  | 1.1  | 0.8  | 0.8  | 0.6   | 0         | 0
          IL-4   | IL4     | 39     | 10000        | 1.6  | 2.2  | 1.4  | 0.8  | 0     | 0         | 0
          IL-21  | IL21    | 43     | 10000        | 18   | 45   | 14   | 0.6  | -0.15 | -0.35     | -0.15
          TNF-a  | TNFa    | 52     | 10000        | 12   | 14   | 10   | 0.4  | 0     | -0.1      | -0.3
          sCD25  | IL2R    | 57     | 20000        | 1800 | 3200 | 2300 | 0.35 | 0.9   | -0.1      | -0.1
        """, columns: 11
    ).map { cell in
        let number = { (column: Int) in SourceTable.number(cell[column]) }
        return CytokineAnalyte(
            label: cell[0], compactName: cell[1], beadRegion: Int(number(2)), topStandard: number(3),
            median: [.dermatomyositis: number(4), .lupus: number(5), .polymyalgia: number(6)], cv: number(7),
            il2Effect: number(8), abataceptEffect: number(9), responseEffect: number(10))
    }

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
