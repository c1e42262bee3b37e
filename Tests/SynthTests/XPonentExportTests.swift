import Foundation
import Testing

@testable import Synth

@Suite struct XPonentExportTests {
    /// An xPONENT export split into its header rows and `DataType:` sections (trailing padding
    /// cells removed).
    struct Parsed {
        var header: [[String]] = []
        var sections: [(name: String, rows: [[String]])] = []
        func section(_ name: String) -> [[String]]? { sections.first { $0.name == name }?.rows }
    }

    func parse(_ path: String) throws -> Parsed {
        var p = Parsed()
        for var r in try records(path) {
            while let last = r.last, last.isEmpty, r.count > 1 { r.removeLast() }
            if r == [""] { continue }
            if r[0] == "DataType:" {
                p.sections.append((r[1], []))
                continue
            }
            if r[0] == "-- CRC --" || r[0].hasPrefix("CRC32:") { continue }
            if p.sections.isEmpty { p.header.append(r) } else { p.sections[p.sections.count - 1].rows.append(r) }
        }
        return p
    }

    var exports: [String] { Generated.sample.files.filter { $0.contains("/exports/xponent/") } }

    @Test func hasTheSectionsOfAnAnalysedXPonentExport() throws {
        let expected = [
            "Median", "Net MFI", "Count", "Result", "Avg Net MFI", "Avg Result", "%CV Replicates", "% Recovery",
            "Comments", "Units", "Standard Expected Concentration", "Control Expected Concentration",
            "Control Range - Low", "Control Range - High", "Per Bead Count", "Dilution Factor",
            "Analysis Types", "Analysis Coefficients", "R^2", "Audit Logs", "Warnings/Errors",
        ]
        #expect(!exports.isEmpty)
        for path in exports {
            let p = try parse(path)
            #expect(p.sections.map(\.name) == expected, "\(path)")
            let keys = p.header.map { $0[0] }
            for k in ["Program", "Build", "Date", "SN", "Batch", "ProtocolName", "BatchStartTime", "BatchStopTime", "Samples"] {
                #expect(keys.contains(k), "\(path): header \(k)")
            }
            let median = try #require(p.section("Median"))
            #expect(median[0].prefix(2) == ["Location", "Sample"] && median[0].last == "Total Events")
            let wells = median.dropFirst()
            #expect(wells.allSatisfy { $0[0].range(of: #"^\d+\(1,[A-H]\d{1,2}\)$"#, options: .regularExpression) != nil })
            // 7 standards, 2 controls and the background, each in duplicate; unknowns in duplicate.
            let names = wells.map { $0[1] }
            for s in (1...7).map({ "Standard\($0)" }) + ["Control1", "Control2", "Background0"] {
                #expect(names.filter { $0 == s }.count == 2, "\(path): \(s)")
            }
            let unknowns = names.filter { !$0.hasPrefix("Standard") && !$0.hasPrefix("Control") && $0 != "Background0" }
            #expect(Dictionary(grouping: unknowns, by: { $0 }).values.allSatisfy { $0.count == 2 })
            let stdRows = try #require(p.section("Standard Expected Concentration"))
            #expect(stdRows.dropFirst().map { $0[0] } == (1...7).map { "Standard\($0)" })
            // 4-fold dilutions.
            for j in 1..<stdRows[0].count {
                let xs = stdRows.dropFirst().map { Double($0[j])! }
                for (a, b) in zip(xs, xs.dropFirst()) { #expect(abs(a / b - 4) < 1e-9) }
            }
        }
    }

    @Test func analyteNamesFollowEachDialect() throws {
        let v4 = try #require(exports.first { $0.contains("NCT05495321") })
        let v31 = try #require(exports.first { $0.contains("NCT02465580") })
        let a = try #require(try parse(v4).section("Median")?.first)
        let b = try #require(try parse(v31).section("Median")?.first)
        #expect(a.contains("IL-6 (25)") && a.contains("IFN-g (15)") && a.contains("TNF-a (52)") && a.contains("sCD25 (57)"))
        #expect(b.contains("IL6") && b.contains("IFNg") && b.contains("TNFa") && b.contains("IL2R"))
        let raw4 = try String(contentsOfFile: v4, encoding: .utf8)
        #expect(raw4.hasPrefix("\"Program\",\"xPONENT\"") && raw4.contains("\r\n"))
        let raw31 = try String(contentsOfFile: v31, encoding: .utf8)
        #expect(raw31.hasPrefix("Program,xPONENT,,LX100/LX200,"))
        let date = try parse(v31).header.first { $0[0] == "Date" }!
        #expect(date[1].range(of: #"^\d{2}/\d{2}/\d{4}$"#, options: .regularExpression) != nil)
    }

    /// The instrument's results are its own curve inverted: every numeric Result equals the
    /// Net MFI run back through the file's Analysis Coefficients (times the dilution factor).
    @Test func resultsInvertTheStatedCurve() throws {
        var numeric = 0, below = 0
        for path in exports {
            let p = try parse(path)
            let coeff = try #require(p.section("Analysis Coefficients"))
            let analytes = Array(coeff[0].dropFirst())
            func row(_ label: String) -> [Double] { coeff.first { $0[0] == label }!.dropFirst().map { Double($0)! } }
            let (a, b, c, d, f) = (
                row("Coefficient A"), row("Coefficient B"), row("Coefficient C"), row("Coefficient D"), row("Coefficient F")
            )
            let net = try #require(p.section("Net MFI")).dropFirst()
            let result = try #require(p.section("Result")).dropFirst()
            let dilution = Dictionary(
                try #require(p.section("Dilution Factor")).dropFirst().map { ($0[0], $0.count > 2 ? Double($0[2]) ?? 1 : 1) },
                uniquingKeysWith: { x, _ in x })
            for (n, r) in zip(net, result) {
                #expect(n[0] == r[0])
                for j in analytes.indices {
                    let cell = r[j + 2]
                    if cell == "NaN" {
                        #expect(n[1] == "Background0")
                        continue
                    }
                    if cell.hasPrefix("<") || cell.hasPrefix(">") {
                        #expect(cell.range(of: #"^[<>] \d+(\.\d+)?$"#, options: .regularExpression) != nil)
                        below += 1
                        continue
                    }
                    let y = Double(n[j + 2])!
                    let x = c[j] * pow(pow(b[j] / (y - a[j]), 1 / f[j]) - 1, 1 / d[j]) * (dilution[r[0]] ?? 1)
                    let written = try #require(Double(cell))
                    #expect(abs(written - x) / x < 1e-6, "\(path) \(r[0]) \(analytes[j])")
                    numeric += 1
                }
            }
        }
        #expect(numeric > 1000)
        #expect(below > 0, "some unknowns should fall below the lowest standard")
    }

    @Test func crcTrailerIsTheChecksumOfTheBytesBeforeIt() throws {
        for path in exports {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            let marker = Array("-- CRC --".utf8)
            let start = try #require((0...(bytes.count - marker.count)).last { Array(bytes[$0..<($0 + marker.count)]) == marker })
            let trailer = String(decoding: bytes[start...], as: UTF8.self)
            #expect(trailer.contains("CRC32: \(CRC32.hex(CRC32.checksum(bytes[..<start])))"))
        }
    }

    /// Low-dose IL-2 raises serum sCD25 (the IL-2 receptor α chain shed by expanded Tregs).
    @Test func solubleCD25RisesOnIL2() throws {
        let study = "NCT05495321"
        let arms = Dictionary(
            uniqueKeysWithValues: try table(Generated.sample.root + "/\(study)/sealed/randomization.csv").map {
                ($0["subject"]!, $0["arm"]!)
            })
        var ratios: [String: [Double]] = [:]
        var level: [String: Double] = [:]
        for path in exports where path.contains(study) {
            let avg = try #require(try parse(path).section("Avg Result"))
            let j = try #require(avg[0].firstIndex(of: "sCD25 (57)"))
            for r in avg.dropFirst() { if let v = Double(r[j]) { level[r[0]] = v } }
        }
        for (subject, arm) in arms {
            if let b = level["\(subject)_BASELINE"], let w = level["\(subject)_W8"] { ratios[arm, default: []].append(w / b) }
        }
        let il2 = ratios["IL2"]!.sorted(), pbo = ratios["PBO"]!.sorted()
        #expect(il2[il2.count / 2] > 1.4)
        #expect(pbo[pbo.count / 2] < 1.25)
    }
}
