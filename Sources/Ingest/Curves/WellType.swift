import Domain
import Foundation

/// The role of a well on the plate.
public enum WellType: String, Sendable, Hashable, CaseIterable {
    case standard, control, blank, unknown

    /// The well type named in a measurement's flags, if any.
    public static func from(flags: String) -> WellType? {
        for f in flags.split(separator: ",") {
            if let t = WellType(rawValue: f.trimmingCharacters(in: .whitespaces)) { return t }
        }
        return nil
    }
}
