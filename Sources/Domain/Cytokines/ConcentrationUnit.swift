import Foundation

/// A concentration unit a cytokine result can be written in, and its conversion to pg/mL, the
/// unit immunopipe stores cytokine concentrations in.
public enum ConcentrationUnit: String, Sendable, Hashable, CaseIterable, Codable {
    case femtogramPerML = "fg/mL"
    case picogramPerML = "pg/mL"
    case nanogramPerML = "ng/mL"
    case microgramPerML = "µg/mL"
    case femtomolar = "fmol/L"
    case picomolar = "pmol/L"
    case nanomolar = "nmol/L"

    /// The spelling stored with normalised values.
    public static let canonical = ConcentrationUnit.picogramPerML

    /// Parses a unit as exports write it. Case, spaces, the micro sign vs Greek mu vs `u` / `mc`,
    /// and `pM` for pmol/L are accepted; `ng/L` is pg/mL (the same quantity) and `mg/L` µg/mL.
    /// Returns nil for anything else, so that the caller reports the unit by name.
    public static func parse(_ text: String) -> ConcentrationUnit? {
        // pM vs mM: molar abbreviations are case-sensitive, so look before lowering.
        let compact = text.precomposedStringWithCompatibilityMapping
            .filter { $0 != " " && $0 != "\t" }
            .replacingOccurrences(of: "μ", with: "u") // NFKC maps the micro sign to Greek mu
        switch compact {
        case "fM": return .femtomolar
        case "pM": return .picomolar
        case "nM": return .nanomolar
        default: break
        }
        var s = compact.lowercased()
        if s.hasPrefix("mcg/") { s = "ug/" + s.dropFirst(4) }
        if s.hasSuffix("/litre") || s.hasSuffix("/liter") {
            s = String(s[..<s.lastIndex(of: "/")!]) + "/l"
        }
        switch s {
        case "fg/ml": return .femtogramPerML
        case "pg/ml", "ng/l": return .picogramPerML
        case "ng/ml", "ug/l": return .nanogramPerML
        case "ug/ml", "mg/l": return .microgramPerML
        case "fmol/l": return .femtomolar
        case "pmol/l": return .picomolar
        case "nmol/l": return .nanomolar
        default: return nil
        }
    }

    /// Multiply a value in this unit by this to get pg/mL. Molar units need the analyte's molar
    /// mass (g/mol): 1 pmol/L × M g/mol = M pg/L = M/1000 pg/mL.
    public func factorToPicogramPerML(molarMass: Double?) throws(UnitConversionError) -> Double {
        switch self {
        case .femtogramPerML: return 1e-3
        case .picogramPerML: return 1
        case .nanogramPerML: return 1e3
        case .microgramPerML: return 1e6
        case .femtomolar, .picomolar, .nanomolar:
            guard let m = molarMass, m.isFinite, m > 0 else {
                throw .molarMassRequired(unit: rawValue)
            }
            let picomolesPerLitre: Double = self == .femtomolar ? 1e-3 : self == .picomolar ? 1 : 1e3
            return picomolesPerLitre * m / 1000
        }
    }
}

/// Why a concentration could not be put in pg/mL.
public enum UnitConversionError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownUnit(String)
    case molarMassRequired(unit: String)

    public var description: String {
        switch self {
        case .unknownUnit(let u):
            return "unknown concentration unit '\(u)' (known: fg/mL, pg/mL, ng/mL, µg/mL, ug/mL, ng/L, fmol/L, pmol/L, pM, nmol/L)"
        case .molarMassRequired(let u):
            return "converting \(u) to pg/mL needs the analyte's molar mass, which is not known"
        }
    }
}

/// Unit normalisation of cytokine concentrations to pg/mL.
public enum CytokineUnits {
    /// `value` (in `unit`) as pg/mL. `molarMass` (g/mol) is needed for molar units only.
    public static func toPicogramPerML(
        _ value: Double, unit: String,
        molarMass: Double? = nil
    ) throws(UnitConversionError) -> Double {
        value * (try factorToPicogramPerML(unit: unit, molarMass: molarMass))
    }

    /// The factor from `unit` to pg/mL; throws naming the unit when it is not known.
    public static func factorToPicogramPerML(
        unit: String,
        molarMass: Double? = nil
    ) throws(UnitConversionError) -> Double {
        guard let u = ConcentrationUnit.parse(unit) else { throw .unknownUnit(unit) }
        return try u.factorToPicogramPerML(molarMass: molarMass)
    }

    /// Like `toPicogramPerML`, taking the molar mass from the catalogue entry.
    public static func toPicogramPerML(
        _ value: Double, unit: String,
        cytokine: Cytokine
    ) throws(UnitConversionError) -> Double {
        try toPicogramPerML(value, unit: unit, molarMass: cytokine.molarMass)
    }
}
