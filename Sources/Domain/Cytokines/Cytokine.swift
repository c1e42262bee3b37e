/// A soluble analyte (cytokine, chemokine, growth factor, soluble receptor) measured by multiplex
/// bead or electrochemiluminescence immunoassays, under one canonical code.
///
/// Codes are HGNC gene symbols (`IL6`, `IFNG`, `TNF`, `CSF2` for GM-CSF, `CXCL8` for IL-8), so
/// that two labs writing `IL-8` and `CXCL8` land on the same analyte. Where no single gene codes
/// the analyte (IL-12p70 is the p35/p40 heterodimer) or the assay does not say which family member
/// it detects (pan-IFN-α), the code is descriptive (`IL12P70`, `IFNA`).
public struct Cytokine: Sendable, Hashable, CustomStringConvertible {
    /// Canonical code (HGNC symbol where one exists).
    public let code: String
    /// How reports print it (`IFN-γ`, `IL-1β`).
    public let label: String
    /// Names labs and instruments write for it. Matching normalises case, Greek letters vs
    /// spelled names, hyphens and spaces, so `IFN-gamma` need not be listed beside `IFN-γ`.
    public let aliases: [String]
    /// Molar mass in g/mol of the polypeptide a calibrator is made of (mature chain, monomer
    /// unless stated, without glycans), for pmol/L ↔ pg/mL conversion. nil when the analyte is not
    /// one molecule (an unspecified family member), so a conversion cannot silently pick one.
    public let molarMass: Double?
    /// Where `molarMass` comes from (UniProt accession and mature chain), kept with the value so a
    /// reviewer can check it.
    public let molarMassSource: String

    public init(
        code: String, label: String, aliases: [String], molarMass: Double?,
        molarMassSource: String
    ) {
        self.code = code
        self.label = label
        self.aliases = aliases
        self.molarMass = molarMass
        self.molarMassSource = molarMassSource
    }

    public var description: String { "\(label) [\(code)]" }
}
