import Domain

/// How a FlowJo table export writes a column header.
enum FlowJoHeaderStyle: Sendable {
    /// FlowJo 10 table editor: `Gate/Path | Statistic`.
    case pipe
    /// FlowJo 9: `Gate/Path,Statistic` (the statistic after the last comma that starts one; gate
    /// names may contain commas themselves).
    case comma
}

/// What one column of a FlowJo table export holds, resolved from its header cell.
enum FlowJoTableColumn: Sendable {
    /// The first column: the FCS file / sample name.
    case sample
    /// A gate statistic: the full gate path as written and what is measured.
    case gate(path: String, statistic: FlowJoStatistic, denominator: String)
    /// A column the user named ("Treg Count"): the header text is the analyte.
    case userNamed(name: String, statistic: Statistic, unit: String)
    /// An FCS keyword column (`$DATE`, `TUBE NAME`): text kept in each row's `extra`.
    case keyword(name: String)
    /// No header text, or a statistic on no gate: values are not read (reported once).
    case ignored
}

/// Resolves a header row into columns, reporting every guess and every column it cannot map.
enum FlowJoTableColumns {
    /// Keyword columns FlowJo users add to tables that are text, not statistics.
    static let keywordNames: Set<String> = [
        "tube name", "well id", "experiment name", "plate name", "plate id", "sample id",
        "specimen name", "guid", "date", "btim", "etim",
    ]

    static func parse(
        header: DelimitedRecord, style: FlowJoHeaderStyle, file: SourceFile,
        sink: MeasurementSink
    ) throws -> [FlowJoTableColumn] {
        let width = header.countIgnoringTrailingEmpty
        var columns: [FlowJoTableColumn] = [.sample]
        var statistics = 0
        for i in 1..<max(width, 1) {
            let text = header.trimmed(i)
            let location = file.location(line: header.line, column: i + 1)
            let column = classify(text, style: style, location: location, sink: sink)
            if case .gate = column { statistics += 1 }
            if case .userNamed = column { statistics += 1 }
            columns.append(column)
        }
        if statistics == 0 {
            throw FileRejected(
                file.location(line: header.line), code: "no-statistic-columns",
                "the header names no FlowJo statistic column (expected `Gate/Path | Statistic` headers)")
        }
        return columns
    }

    static func classify(
        _ text: String, style: FlowJoHeaderStyle, location: SourceLocation,
        sink: MeasurementSink
    ) -> FlowJoTableColumn {
        if text.isEmpty {
            sink.report(.warning(location, code: "unnamed-column", "column has no header; its values are not read"))
            return .ignored
        }
        if text.hasPrefix("$") || keywordNames.contains(text.lowercased()) { return .keyword(name: text) }
        guard let (path, statisticText) = split(text, style: style) else {
            return userNamed(text, location: location, sink: sink)
        }
        if path.isEmpty {
            sink.report(
                .warning(
                    location, code: "missing-gate-path",
                    "column '\(text)' names no gate (a statistic of the whole sample); its values are not read"))
            return .ignored
        }
        guard let statistic = FlowJoStatisticName.parse(statisticText) else {
            let name = FlowJoStatisticName.snakeCase(statisticText)
            sink.report(
                .warning(
                    location, code: "unknown-statistic",
                    "'\(statisticText)' is not a FlowJo statistic this reader knows; values kept with statistic '\(name)'"))
            return .gate(
                path: path,
                statistic: FlowJoStatistic(
                    statistic: Statistic(name), relation: .none,
                    parameter: "", unit: ""), denominator: "")
        }
        guard let denominator = FlowJoGatePath.denominator(for: statistic.relation, of: path) else {
            // `Freq. of X` where no gate above names X: keep the name as written.
            guard case .ancestor(let name) = statistic.relation else { return .ignored }
            sink.report(
                .warning(
                    location, code: "unresolved-ancestor",
                    "no gate above '\(path)' is named '\(name)'; denominator kept as written"))
            return .gate(path: path, statistic: statistic, denominator: name)
        }
        return .gate(path: path, statistic: statistic, denominator: denominator)
    }

    /// Splits a header into gate path and statistic text; nil when it has no statistic part.
    static func split(_ text: String, style: FlowJoHeaderStyle) -> (String, String)? {
        switch style {
        case .pipe:
            guard let bar = text.lastIndex(of: "|") else { return nil }
            return (String(text[..<bar]).trimmingSpaces, String(text[text.index(after: bar)...]).trimmingSpaces)
        case .comma:
            // The rightmost comma whose remainder is a FlowJo statistic: `Q1: IL-17A–, IFNg+,Freq. of
            // Parent` splits before `Freq.`, not inside the quadrant name.
            var end = text.endIndex
            while let comma = text[..<end].lastIndex(of: ",") {
                let rest = String(text[text.index(after: comma)...])
                if FlowJoStatisticName.parse(rest) != nil, rest.first != " " {
                    return (String(text[..<comma]).trimmingSpaces, rest.trimmingSpaces)
                }
                end = comma
            }
            return nil
        }
    }

    /// A column the user named: the statistic is inferred only when the name leaves no doubt.
    static func userNamed(_ text: String, location: SourceLocation, sink: MeasurementSink) -> FlowJoTableColumn {
        let lower = text.lowercased()
        let isCount =
            lower == "count" || lower.hasSuffix(" count") || lower.hasSuffix("#")
            || lower.hasPrefix("#") || lower.hasSuffix(" events")
        let isFrequency =
            lower.hasSuffix("%") || lower.hasPrefix("%") || lower.contains("freq")
            || lower.contains("percent")
        switch (isCount, isFrequency) {
        case (true, false):
            return .userNamed(name: text, statistic: .count, unit: "events")
        case (false, true):
            sink.report(
                .warning(
                    location, code: "frequency-denominator-unknown",
                    "column '\(text)' is read as a frequency of an unnamed population; the panel must name its denominator"))
            return .userNamed(name: text, statistic: .freqOf, unit: "%")
        default:
            sink.report(
                .warning(
                    location, code: "unmapped-column",
                    "column '\(text)' is not a FlowJo gate statistic; values kept with statistic 'value'"))
            return .userNamed(name: text, statistic: .value, unit: "")
        }
    }
}
