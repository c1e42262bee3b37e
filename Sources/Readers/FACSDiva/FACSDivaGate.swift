import Domain

/// One `gate` element of a tube, as read; turned into values when its tube closes.
struct FACSDivaGate {
    var fullname: String
    var type: String
    var name = ""
    /// The `num_events` text and where it starts; nil when the gate has none.
    var numEvents: String?
    var numEventsLocation: SourceLocation
    var parent: String?

    /// The root of a tube's tree (`All Events`): the ungated sample.
    var isRoot: Bool { type == "EventSource_Classifier" || !fullname.contains("\\") }

    /// The hidden gate FACSDiva draws a quadrant with (`$1510583636921`): its quadrants are the
    /// populations; it has no events of its own.
    var isQuadrantHolder: Bool { type == "Composite_Classifier" && name.hasPrefix("$") }

    /// The parent's fullname: `parent`, else the fullname without its last name.
    var parentFullname: String {
        if let p = parent, !p.isEmpty { return p }
        guard let slash = fullname.lastIndex(of: "\\") else { return "" }
        return String(fullname[..<slash])
    }

    /// `All Events\P1\CD4+` → `P1/CD4+`: the path as FlowJo writes it, without the root.
    static func path(of fullname: String, root: String) -> String {
        var rest = Substring(fullname)
        if !root.isEmpty, rest.hasPrefix(root + "\\") { rest = rest.dropFirst(root.count + 1) }
        return rest.split(separator: "\\", omittingEmptySubsequences: false).joined(separator: "/")
    }
}
