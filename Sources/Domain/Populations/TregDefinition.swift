/// How a lab defines regulatory T cells. The two gating strategies select overlapping but not
/// identical cells (CD25hiCD127lo also catches some activated conventional T cells; FoxP3 staining
/// needs fixation and permeabilisation), so values from the two must never be pooled unnoticed:
/// every panel records which one it used, and mapped values carry it.
public enum TregDefinition: String, Sendable, CaseIterable, Codable, Hashable {
    /// Intracellular FoxP3 with surface CD25 (the reference definition).
    case cd25FoxP3 = "CD25+FoxP3+"
    /// Surface only: CD25 high, CD127 (IL-7Rα) low (Liu et al. 2006, J Exp Med 203:1701).
    case cd25hiCD127lo = "CD25hiCD127lo"

    /// The flag a mapped measurement carries, e.g. `treg_definition=CD25hiCD127lo`.
    public var flag: MeasurementFlag { .tregDefinition(self) }
}
