import Domain

/// What one `R<region>: <reporter> <FIELD>` column of an INTELLIFLEX per-well export holds.
///
/// INTELLIFLEX software 2.x writes, per bead region and reporter channel (`RP1`; a dual-reporter
/// DR-SE also `RP2`), the analyte's name and region number, the bead statistics of the well
/// (median, mean, %CV, count), the background it subtracted (net median, net normalised median)
/// and values calculated over replicate wells (average MFI, net average median, replicate %CV).
/// With an analysis protocol it adds concentrations; their spellings vary between software
/// versions, so several are accepted (see `init(fieldName:)`).
enum IntelliflexField: Hashable {
    case analyteName
    case region
    /// Emitted as a measurement with this statistic.
    case statistic(Statistic)
    /// The concentration unit of the region's concentrations.
    case units
    /// Kept in every measurement's `extra` under this key (calculated or auxiliary values that
    /// the measurement model has no statistic for; nothing is dropped).
    case extra(String)
    /// A field this reader does not know: listed once in a `columns-not-read` warning.
    case unknown(String)

    init(fieldName: String) {
        let f = fieldName.uppercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        switch f {
        case "ANALYTE NAME", "ANALYTE": self = .analyteName
        case "REGION", "BEAD REGION", "BEAD ID": self = .region
        case "MEDIAN", "MFI", "MEDIAN MFI": self = .statistic(CytokineStatistic.mfi)
        case "NET MEDIAN", "NET MFI": self = .statistic(CytokineStatistic.netMFI)
        case "COUNT", "BEAD COUNT": self = .statistic(CytokineStatistic.beadCount)
        case "%CV", "% CV", "CV": self = .statistic(CytokineStatistic.cv)
        case "CONCENTRATION", "CALCULATED CONCENTRATION", "CALC CONCENTRATION", "CALC. CONCENTRATION",
            "OBSERVED CONCENTRATION", "RESULT":
            self = .statistic(CytokineStatistic.concentration)
        case "EXPECTED CONCENTRATION", "EXP CONCENTRATION", "EXP. CONCENTRATION", "EXPECTED CONC", "EXPECTED":
            self = .statistic(CytokineStatistic.expectedConcentration)
        case "% RECOVERY", "%RECOVERY", "RECOVERY": self = .statistic(CytokineStatistic.recovery)
        case "UNITS", "UNIT", "CONCENTRATION UNITS", "CONCENTRATION UNIT": self = .units
        case "MEAN", "MEAN MFI": self = .extra("mean_fi")
        case "BACKGROUND", "BACKGROUND MFI": self = .extra("background")
        case "NET NORMALIZED MEDIAN": self = .extra("net_normalized_median")
        case "AVERAGE MFI": self = .extra("average_mfi")
        case "NET AVERAGE MEDIAN": self = .extra("net_average_median")
        case "REPLICATE %CV", "REPLICATE % CV": self = .extra("replicate_cv")
        case "AVERAGE CONCENTRATION", "AVG CONCENTRATION": self = .extra("average_concentration")
        default: self = .unknown(fieldName)
        }
    }
}

/// One bead region and reporter channel: the columns that describe one analyte.
struct IntelliflexRegion: Hashable {
    var region: String
    /// `RP1`, `RP2`…; empty when the header names no reporter (`R25: MEDIAN`).
    var reporter: String
    /// The header's own prefix (`R25: RP1`), for messages.
    var label: String { reporter.isEmpty ? "R\(region)" : "R\(region): \(reporter)" }
}

/// The header row of an INTELLIFLEX per-well export, analysed into well-level columns and
/// per-region column families.
struct IntelliflexColumns {
    /// Upper-cased, space-normalised well-level column name → 0-based index (first occurrence).
    var wellLevel: [String: Int] = [:]
    /// Well-level columns in header order (name as written, index).
    var wellLevelOrder: [(name: String, index: Int)] = []
    /// Regions in header order.
    var regions: [IntelliflexRegion] = []
    /// Region → field → 0-based column index.
    var fields: [IntelliflexRegion: [IntelliflexField: Int]] = [:]
    /// Region columns whose field is unknown, as written (with their 1-based column).
    var notRead: [(header: String, column: Int)] = []
    /// Same header twice (the second is ignored), with 1-based columns.
    var duplicates: [(header: String, column: Int, first: Int)] = []

    init(_ header: [String]) {
        for (i, raw) in header.enumerated() {
            let name = raw.trimmingSpaces
            if name.isEmpty { continue }
            if let (region, field) = Self.regionColumn(name) {
                if fields[region] == nil { regions.append(region) }
                let kind = IntelliflexField(fieldName: field)
                if case .unknown = kind {
                    notRead.append((name, i + 1))
                    continue
                }
                if let first = fields[region]?[kind] {
                    duplicates.append((name, i + 1, first + 1))
                    continue
                }
                fields[region, default: [:]][kind] = i
            } else {
                let key = Self.normalised(name)
                if let first = wellLevel[key] {
                    duplicates.append((name, i + 1, first + 1))
                    continue
                }
                wellLevel[key] = i
                wellLevelOrder.append((name, i))
            }
        }
    }

    /// The index of a well-level column, by any of its names.
    func index(_ names: String...) -> Int? {
        for n in names { if let i = wellLevel[n] { return i } }
        return nil
    }

    /// Whether any region has a column emitted as a value (median, net median, count…).
    var hasValueColumns: Bool { regions.contains { hasValues($0) } }

    /// Whether the region has a column emitted as a value.
    func hasValues(_ region: IntelliflexRegion) -> Bool {
        (fields[region] ?? [:]).keys.contains { if case .statistic = $0 { return true } else { return false } }
    }

    static func normalised(_ name: String) -> String {
        name.uppercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// Splits `R25: RP1 MEDIAN` into (region 25, reporter RP1) and `MEDIAN`. Nil for a header
    /// that is not a region column.
    static func regionColumn(_ name: String) -> (IntelliflexRegion, String)? {
        guard let colon = name.firstIndex(of: ":") else { return nil }
        let prefix = String(name[..<colon]).trimmingSpaces
        guard prefix.count >= 2, prefix.first == "R" || prefix.first == "r" else { return nil }
        let digits = prefix.dropFirst()
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(digits) else { return nil }
        let rest = String(name[name.index(after: colon)...]).trimmingSpaces
        guard !rest.isEmpty else { return nil }
        let words = rest.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        let first = words[0].uppercased()
        if first.hasPrefix("RP"), first.count > 2, first.dropFirst(2).allSatisfy({ $0.isASCII && $0.isNumber }), words.count == 2 {
            return (IntelliflexRegion(region: String(n), reporter: first), String(words[1]).trimmingSpaces)
        }
        return (IntelliflexRegion(region: String(n), reporter: ""), rest)
    }

    /// Whether a header line looks like an INTELLIFLEX per-well export: a `WELL LOCATION`
    /// column and at least one `R<n>: … MEDIAN`-style region column.
    static func looksLikeIntelliflex(_ header: [String]) -> Bool {
        var well = false
        var region = false
        for h in header {
            let name = h.trimmingSpaces
            if normalised(name) == "WELL LOCATION" { well = true }
            if !region, let (_, field) = regionColumn(name), case .statistic = IntelliflexField(fieldName: field) { region = true }
            if well && region { return true }
        }
        return false
    }
}
