/// What a well holds on a bead-assay plate. Written as the first flag of every measurement.
public enum WellRole: String, Sendable, CaseIterable {
    case standard
    case control
    case blank
    case unknown

    /// The role implied by a sample name as xPONENT and MSD Workbench write them: `Standard3`,
    /// `S3`, `S003` and a bare `S` are standards; `Control1`, `C1` controls; `Background0`,
    /// `Blank`, `B` blanks; anything else (`Unknown12`, `B_sid_13_CSP`) an unknown. Only the
    /// whole name counts, so a sample ID that merely starts with a letter is never a standard.
    public static func fromSampleName(_ name: String) -> WellRole {
        switch splitTrailingNumber(name.lowercased()).word {
        case "s", "std", "standard": return .standard
        case "c", "ctrl", "control": return .control
        case "b", "blank", "background", "bkgd": return .blank
        default: return .unknown
        }
    }

    /// The role for a Bio-Plex Manager type code: `S1` standard, `C2` control, `B` blank,
    /// `X12` unknown. Nil for anything else, so the caller can reject it with its location.
    public static func fromBioPlexType(_ code: String) -> WellRole? {
        switch splitTrailingNumber(code.uppercased()).word {
        case "S": return .standard
        case "C": return .control
        case "B": return .blank
        case "X", "U": return .unknown
        default: return nil
        }
    }

    /// The level number of a standard or control name (`Standard12` → 12, `S005` → 5).
    public static func level(of name: String) -> Int? {
        splitTrailingNumber(name).number
    }

    /// Splits `Standard 12` into (`standard`, 12); spaces between word and number are ignored.
    static func splitTrailingNumber(_ s: String) -> (word: String, number: Int?) {
        let trimmed = s.trimmingSpaces
        let digits = trimmed.reversed().prefix(while: { $0.isASCII && $0.isNumber })
        let word = String(trimmed.dropLast(digits.count)).trimmingSpaces
        return (word, digits.isEmpty ? nil : Int(String(digits.reversed())))
    }
}
