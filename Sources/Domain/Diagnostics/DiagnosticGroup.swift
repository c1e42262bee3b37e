/// Diagnostics of one code and severity, counted, with the first few places: a real serology
/// plate raises thousands of `low-bead-count` warnings, and a person needs "1,200 × this, here
/// are the first three, this is what to do" rather than 1,200 lines. The full list stays in the
/// store's diagnostics table and in `--json` output.
public struct DiagnosticGroup: Sendable, Hashable {
    public let severity: Diagnostic.Severity
    public let code: String
    public let count: Int
    /// The first diagnostics of the group, in the order they were found.
    public let first: [Diagnostic]

    /// Groups by severity and code: errors first, then larger groups, then by code.
    public static func group(_ diagnostics: [Diagnostic], keepingFirst keep: Int = 3) -> [DiagnosticGroup] {
        var order: [String] = []
        var members: [String: (Diagnostic.Severity, String, Int, [Diagnostic])] = [:]
        for d in diagnostics {
            let key = "\(d.severity.rawValue)\u{0}\(d.code)"
            if var m = members[key] {
                m.2 += 1
                if m.3.count < keep { m.3.append(d) }
                members[key] = m
            } else {
                order.append(key)
                members[key] = (d.severity, d.code, 1, [d])
            }
        }
        return order.map { key in
            let m = members[key]!
            return DiagnosticGroup(severity: m.0, code: m.1, count: m.2, first: m.3)
        }.sorted { a, b in
            if a.severity != b.severity { return a.severity == .error }
            if a.count != b.count { return a.count > b.count }
            return a.code < b.code
        }
    }

    /// Plain-text lines for a terminal: a single diagnostic as it is; a group as its count, code
    /// and the catalogue's advice, then its first places.
    public var lines: [String] {
        if count == 1 { return [first[0].description] }
        var out = ["\(severity.rawValue): \(count) × [\(code)] \(DiagnosticCatalogue.advice(code))"]
        for d in first { out.append("    \(d.location): \(d.message)") }
        if count > first.count { out.append("    … \(count - first.count) more") }
        return out
    }
}
