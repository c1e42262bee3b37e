import Domain

/// FlowJo gate paths as its exports write them: gate names from the root down, separated by
/// `/` (`Lymphocytes/Single Cells/CD4+/CD25+FoxP3+`). Gate names may contain commas, spaces and
/// colons (quadrant gates: `Q2: CD45RA+ , CCR7+`) but not slashes. The sample itself (all events)
/// is the empty path; as a denominator it is named `TOTAL` (`PopulationCatalogue.totalEvents`),
/// as the vocabulary names all events of a sample.
enum FlowJoGatePath {
    /// The longest gate path read, in UTF-8 bytes. Every value carries its full path, so a gate
    /// nested N levels deep costs O(N) and a chain of N gates O(N²): a pathological workspace of
    /// a few MB would need GBs. Real gating trees are a few hundred characters deep at most
    /// (`Lymphocytes/Single Cells/Live/CD3+/CD4+/Q2: CD45RA+ , CCR7+` is 58); gates below this
    /// bound are not read, with an error, which keeps time and memory linear in the file size.
    static let maximumLength = 1024

    /// The denominator naming `path` when it is an ancestor: `TOTAL` for the sample itself.
    static func denominatorName(_ path: String) -> String {
        path.isEmpty ? PopulationCatalogue.totalEvents : path
    }

    static func components(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: false)
    }

    /// The path `levels` gates above `path`; "" when that is the sample itself (or beyond it).
    static func ancestor(of path: String, levels: Int) -> String {
        let parts = components(path)
        guard parts.count > levels else { return "" }
        return parts.dropLast(levels).joined(separator: "/")
    }

    /// The path of the nearest gate above `path` named `name` (what FlowJo means by
    /// `Freq. of <name>`), or nil when no enclosing gate has that name.
    static func resolve(ancestorNamed name: String, in path: String) -> String? {
        let parts = components(path)
        guard parts.count > 1 else { return nil }
        for i in stride(from: parts.count - 2, through: 0, by: -1) where parts[i] == Substring(name) {
            return parts[0...i].joined(separator: "/")
        }
        return nil
    }

    /// The source-level denominator of a frequency of `path`: the ancestor's full path as
    /// written, `TOTAL` when the ancestor is the sample (all events), "" for a statistic that is
    /// no frequency. Nil for an unresolvable name.
    static func denominator(for relation: FlowJoStatistic.Relation, of path: String) -> String? {
        switch relation {
        case .none: return ""
        case .total: return PopulationCatalogue.totalEvents
        case .parent: return denominatorName(ancestor(of: path, levels: 1))
        case .grandparent: return denominatorName(ancestor(of: path, levels: 2))
        case .ancestor(let name): return resolve(ancestorNamed: name, in: path)
        }
    }
}
