import Domain

/// A FlowJo statistic resolved to the domain's vocabulary: which statistic, relative to what (for
/// frequencies), on which channel (for intensities), in which unit.
struct FlowJoStatistic: Equatable, Sendable {
    /// What a frequency is relative to, as FlowJo names it.
    enum Relation: Equatable, Sendable {
        case none, parent, grandparent, total
        /// `Freq. of Lymphocytes`: a named ancestor gate.
        case ancestor(String)
    }

    var statistic: Statistic
    var relation: Relation
    /// The channel text as written (`Comp-BV421-A :: CD25`, `FL2-H`); empty when none.
    var parameter: String
    var unit: String

    static func count() -> FlowJoStatistic {
        FlowJoStatistic(statistic: .count, relation: .none, parameter: "", unit: "events")
    }

    static func frequency(_ relation: Relation) -> FlowJoStatistic {
        let statistic: Statistic
        switch relation {
        case .parent: statistic = .freqOfParent
        case .grandparent: statistic = .freqOfGrandparent
        case .total: statistic = .freqOfTotal
        case .ancestor, .none: statistic = .freqOf
        }
        return FlowJoStatistic(statistic: statistic, relation: relation, parameter: "", unit: "%")
    }
}

/// The statistic names FlowJo writes in table headers (`Freq. of Parent (%)`, `Count`,
/// `Median : FL2-H` in FlowJo 9, `Median (Comp-FITC-A :: CD4)` in FlowJo 10) and in workspace
/// `Statistic` elements (`Median` with the channel in `id`).
enum FlowJoStatisticName {
    /// Statistics FlowJo computes on one channel, keyed by lowercased name. The four the domain
    /// names get its constants; the rest keep FlowJo's name in snake case.
    static let channelStatistics: [String: Statistic] = [
        "median": .median,
        "mean": .mean,
        "geometric mean": .geometricMean, "geom. mean": .geometricMean, "gmean": .geometricMean,
        "cv": .cv,
        "robust cv": Statistic("robust_cv"), "rcv": Statistic("robust_cv"),
        "sd": Statistic("sd"), "stddev": Statistic("sd"), "std dev": Statistic("sd"),
        "robust sd": Statistic("robust_sd"), "rsd": Statistic("robust_sd"),
        "mode": Statistic("mode"),
        "median abs dev": Statistic("median_abs_dev"), "madexact": Statistic("mad_exact"),
        "min": Statistic("min"), "max": Statistic("max"),
        "percentile": Statistic("percentile"),
    ]

    /// Parses the statistic part of a FlowJo column header. Nil when the text is not a FlowJo
    /// statistic name, so callers can tell a user-named column from a statistic.
    static func parse(_ text: String) -> FlowJoStatistic? {
        var t = text.trimmingSpaces
        // FlowJo 10.7+ appends the unit to frequencies: `Freq. of Parent (%)`.
        if t.hasSuffix("(%)") { t = String(t.dropLast(3)).trimmingSpaces }
        if t.isEmpty { return nil }
        let lower = t.lowercased()
        if lower == "count" || lower == "#cells" || lower == "number" { return .count() }
        for prefix in ["freq. of ", "frequency of "] where lower.hasPrefix(prefix) {
            let target = String(t.dropFirst(prefix.count)).trimmingSpaces
            switch target.lowercased() {
            case "": return nil
            case "parent": return .frequency(.parent)
            case "grandparent": return .frequency(.grandparent)
            case "total": return .frequency(.total)
            default: return .frequency(.ancestor(target))
            }
        }
        // `Median (Comp-FITC-A :: CD4)`: FlowJo 10 puts the channel in parentheses.
        if t.hasSuffix(")"), let open = t.firstIndex(of: "(") {
            let name = String(t[..<open]).trimmingSpaces.lowercased()
            if let s = channelStatistics[name] {
                let inner = t[t.index(after: open)..<t.index(before: t.endIndex)]
                return FlowJoStatistic(statistic: s, relation: .none, parameter: String(inner).trimmingSpaces, unit: "")
            }
        }
        // `Median : FL2-H`: FlowJo 9 and early 10 separate the channel with a colon.
        if let colon = t.firstIndex(of: ":") {
            let name = String(t[..<colon]).trimmingSpaces.lowercased()
            if let s = channelStatistics[name] {
                let channel = String(t[t.index(after: colon)...]).trimmingSpaces
                return FlowJoStatistic(statistic: s, relation: .none, parameter: channel, unit: "")
            }
        }
        if let s = channelStatistics[lower] {
            return FlowJoStatistic(statistic: s, relation: .none, parameter: "", unit: "")
        }
        return nil
    }

    /// `Median Abs Dev` → `median_abs_dev`: a statistic name the domain does not know, kept
    /// recognisable.
    static func snakeCase(_ text: String) -> String {
        var out = ""
        var pendingUnderscore = false
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber {
                if pendingUnderscore && !out.isEmpty { out.append("_") }
                pendingUnderscore = false
                out.append(ch)
            } else {
                pendingUnderscore = true
            }
        }
        return out.isEmpty ? "value" : out
    }
}
