import Domain
import Foundation
// TEST-ONLY. Not a reader: the xPONENT reader is written elsewhere (Sources/Readers). This pulls
// just what the curve acceptance test needs out of one xPONENT 3.1 CSV, with the project's
// `DelimitedReader`, and shapes it like the reader's output (Measurements with well types as
// flags and `{"well":"A1"}` in `extra`). Do not use it outside Tests/.
import Numerical
import Readers

@testable import Ingest

struct XponentTestExtract {
    struct Cell {
        var text: String
        var line: Int
        var column: Int
    }

    /// Section name → rows (first row is the section's header), each row its cells.
    private(set) var sections: [String: [[Cell]]] = [:]
    let fileName: String

    init(path: String) throws {
        fileName = (path as NSString).lastPathComponent
        let reader = try DelimitedReader(path: path)
        var current: String?
        var sections: [String: [[Cell]]] = [:]
        try reader.forEachRecord { record in
            let first = record.trimmed(0)
            if first == "DataType:" {
                current = record.trimmed(1)
                sections[current!] = []
                return true
            }
            if first.hasPrefix("-- CRC --") {
                current = nil
                return true
            }
            guard let section = current, !record.isBlank else { return true }
            sections[section]!.append(
                (0..<record.count).map {
                    Cell(text: record.trimmed($0), line: record.line, column: $0 + 1)
                })
            return true
        }
        self.sections = sections
    }

    /// Analyte names in the `Median` header (between `Sample` and `Total Events`).
    var analytes: [String] {
        guard let header = sections["Median"]?.first else { return [] }
        return header.dropFirst(2).map(\.text).filter { !$0.isEmpty && $0 != "Total Events" }
    }

    /// Rows of a per-well section keyed by well (`A1`), with the analyte → cell map.
    func wellRows(_ section: String) -> [(well: String, sample: String, cells: [String: Cell])] {
        guard let rows = sections[section], let header = rows.first else { return [] }
        let names = header.map(\.text)
        return rows.dropFirst().compactMap { row in
            guard row.count > 2, let well = Self.well(row[0].text) else { return nil }
            var cells: [String: Cell] = [:]
            for (i, c) in row.enumerated() where i >= 2 && i < names.count { cells[names[i]] = c }
            return (well, row[1].text, cells)
        }
    }

    /// `"1(1,A1)"` → `A1`.
    static func well(_ location: String) -> String? {
        guard let comma = location.lastIndex(of: ","), let close = location.lastIndex(of: ")") else { return nil }
        return String(location[location.index(after: comma)..<close])
    }

    /// Reagent-keyed tables (`Standard Expected Concentration`): row name → analyte → cell.
    func reagentTable(_ section: String) -> [String: [String: Cell]] {
        guard let rows = sections[section], let header = rows.first else { return [:] }
        var out: [String: [String: Cell]] = [:]
        for row in rows.dropFirst() {
            var cells: [String: Cell] = [:]
            for (i, c) in row.enumerated() where i >= 1 && i < header.count && !header[i].text.isEmpty {
                cells[header[i].text] = c
            }
            out[row[0].text] = cells
        }
        return out
    }

    /// xPONENT's own fit, `MFI = A + B / (1 + (x/C)^D)^F`, per analyte.
    var instrumentCurves: [String: LogisticCurve] {
        let t = reagentTable("Analysis Coefficients")
        var out: [String: LogisticCurve] = [:]
        for a in analytes {
            guard let A = t["Coefficient A"]?[a].flatMap({ Double($0.text) }),
                let B = t["Coefficient B"]?[a].flatMap({ Double($0.text) }),
                let C = t["Coefficient C"]?[a].flatMap({ Double($0.text) }),
                let D = t["Coefficient D"]?[a].flatMap({ Double($0.text) }),
                let F = t["Coefficient F"]?[a].flatMap({ Double($0.text) })
            else { continue }
            out[a] = LogisticCurve(a: A, b: B, c: C, d: D, f: F)
        }
        return out
    }

    static func wellType(_ sample: String) -> WellType {
        if sample.hasPrefix("Standard") { return .standard }
        if sample.hasPrefix("Control") { return .control }
        if sample.hasPrefix("Background") { return .blank }
        return .unknown
    }

    /// The plate as the reader would emit it.
    func measurements() -> [Domain.Measurement] {
        let unitsByAnalyte: [String: String] = {
            // The Units section is `Analyte:` / `BeadID:` / `Units:` rows with analytes as columns.
            guard let rows = sections["Units"], let header = rows.first else { return [:] }
            var out: [String: String] = [:]
            if let unitRow = rows.first(where: { $0.first?.text == "Units:" }) {
                for (i, h) in header.enumerated() where i >= 1 && i < unitRow.count && !h.text.isEmpty {
                    out[h.text] = unitRow[i].text
                }
            }
            return out
        }()
        let standards = reagentTable("Standard Expected Concentration")
        let controls = reagentTable("Control Expected Concentration")
        var out: [Domain.Measurement] = []
        let stats: [(String, Statistic)] = [("Median", .mfi), ("Net MFI", .netMFI), ("Count", .beadCount)]
        var bySection: [String: [String: [String: Cell]]] = [:]
        for (section, _) in stats + [("Result", .concentration)] {
            bySection[section] = Dictionary(wellRows(section).map { ($0.well, $0.cells) }, uniquingKeysWith: { a, _ in a })
        }
        let dilution = Dictionary(wellRows("Dilution Factor").map { ($0.well, $0.cells) }, uniquingKeysWith: { a, _ in a })
        for row in wellRows("Median") {
            let type = Self.wellType(row.sample)
            let extra = JSONText.object([("well", row.well)])
            func make(_ analyte: String, _ stat: Statistic, _ cell: Cell, unit: String = "") -> Domain.Measurement? {
                guard let q = QualifiedValue.parse(cell.text) else { return nil }
                return Domain.Measurement(
                    sample: row.sample, assay: .cytokine, analyte: analyte, statistic: stat,
                    value: q.value, unit: unit, qualifier: q.qualifier, rawValue: q.raw,
                    flags: type.rawValue, extra: extra, sourceLine: cell.line, sourceColumn: cell.column)
            }
            for a in analytes {
                for (section, stat) in stats {
                    if let c = bySection[section]?[row.well]?[a], let m = make(a, stat, c) { out.append(m) }
                }
                if let c = bySection["Result"]?[row.well]?[a], let m = make(a, .concentration, c, unit: unitsByAnalyte[a] ?? "") {
                    out.append(m)
                }
                let table = type == .standard ? standards : type == .control ? controls : [:]
                if let c = table[row.sample]?[a],
                    let m = make(
                        a, CytokineStatistic.expectedConcentration, c,
                        unit: unitsByAnalyte[a] ?? "")
                {
                    out.append(m)
                }
            }
            if let c = dilution[row.well]?["Dilution Factor"], let m = make("", CytokineStatistic.dilution, c) {
                out.append(m)
            }
        }
        return out
    }
}
