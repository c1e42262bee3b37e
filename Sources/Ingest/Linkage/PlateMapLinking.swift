import Domain
import Readers

/// Links the wells of a plate file that names no samples (MESO plate files) to the samples of a
/// plate layout (`PlateMap`): each value's sample and role become the layout's; a spot the
/// layout names gets its analyte; standards and controls get their expected concentration, and
/// wells their dilution, as measurements beside the signal, so the curve layer fits them like
/// any instrument's. Wells the layout does not list keep their well as sample, with a warning.
enum PlateMapLinking {
    static func apply(_ layout: PlateMap, to ms: inout [Domain.Measurement], file: SourceFile) -> [Diagnostic] {
        var added: [Domain.Measurement] = []
        var addedKeys = Set<String>()
        var unlisted: [String] = []
        var unlistedSeen = Set<String>()
        var firstUnlisted: SourceLocation?
        for i in ms.indices {
            let m = ms[i]
            guard let well = FlatJSON.value("well", in: m.extra), !well.isEmpty else { continue }
            let plate = FlatJSON.value("plate", in: m.extra) ?? ""
            if let spot = FlatJSON.value("spot", in: m.extra).flatMap({ Int($0) }),
                let analyte = layout.analyte(spot: spot, plate: plate)
            {
                ms[i].analyte = analyte
                ms[i].sourceName = analyte
            }
            let analyte = ms[i].analyte
            let entries = layout.entries(well: well, plate: plate)
            // A row naming this analyte wins over a row for the whole well.
            guard let entry = entries.first(where: { $0.analyte == analyte }) ?? entries.first
            else {
                if unlistedSeen.insert(well).inserted { unlisted.append(well) }
                if firstUnlisted == nil { firstUnlisted = file.location(line: m.sourceLine, column: m.sourceColumn) }
                continue
            }
            ms[i].sample = entry.sample
            ms[i].flags =
                ([entry.role.rawValue]
                + m.flags.split(separator: ",").map(String.init)
                .filter { WellType(rawValue: $0) == nil }).joined(separator: ",")
            ms[i].extra = FlatJSON.merging(m.extra, [("layout", "\(layout.file):\(entry.line)")])
            let key = well + "|" + analyte
            guard addedKeys.insert(key).inserted else { continue }
            let expected = entries.first { $0.analyte == analyte && $0.expected != nil } ?? entries.first { $0.expected != nil }
            if let e = expected, let value = e.expected, entry.role == .standard || entry.role == .control {
                added.append(derived(from: ms[i], CytokineStatistic.expectedConcentration, value, unit: e.unit))
            }
            if let value = entry.dilution ?? entries.first(where: { $0.dilution != nil })?.dilution {
                added.append(derived(from: ms[i], CytokineStatistic.dilution, value, unit: ""))
            }
        }
        ms += added
        guard let where_ = firstUnlisted else { return [] }
        return [
            .warning(
                where_, code: "well-not-in-layout",
                "\(unlisted.count) well\(unlisted.count == 1 ? "" : "s") with signals \(unlisted.count == 1 ? "is" : "are") not in the plate layout \(layout.file) (\(unlisted.prefix(8).joined(separator: ", "))\(unlisted.count > 8 ? ", …" : "")): stored under the well name, not linked to a sample"
            )
        ]
    }

    /// A value the layout supplies for a well, at the signal's place in the file.
    private static func derived(from m: Domain.Measurement, _ statistic: Statistic, _ value: Double, unit: String) -> Domain.Measurement {
        var d = m
        d.statistic = statistic
        d.value = value
        d.unit = unit
        d.qualifier = .inRange
        d.rawValue = ""
        return d
    }
}
