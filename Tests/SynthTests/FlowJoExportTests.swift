import Foundation
import Testing

@testable import Synth

@Suite struct FlowJoExportTests {
    struct Parsed {
        var header: [String]
        var rows: [[String]]
        var summary: [[String]]
    }

    func parse(_ path: String) throws -> Parsed {
        let all = try records(path).filter { !($0.count == 1 && $0[0].isEmpty) }
        return Parsed(header: all[0], rows: Array(all.dropFirst().dropLast(2)), summary: Array(all.suffix(2)))
    }

    var exports: [String] { Generated.sample.files.filter { $0.contains("/exports/flowjo/") } }

    @Test func layoutIsFlowJo10TableEditor() throws {
        for path in exports {
            let t = try parse(path)
            #expect(t.header[0] == "")
            #expect(t.header.dropFirst().allSatisfy { $0.contains(" | ") })
            #expect(t.summary.map { $0[0] } == ["Mean", "SD"])
            #expect(t.rows.allSatisfy { $0[0].hasSuffix(".fcs") && $0.count == t.header.count })
            #expect(
                t.rows.filter { !$0[0].hasPrefix("FMO_") }.allSatisfy {
                    $0[0].range(of: #"^[A-Z]{2}\d{2}-\d{3}_(BASELINE|W\d+)_\d{4}-\d{2}-\d{2}_Tube1\.fcs$"#, options: .regularExpression)
                        != nil
                })
        }
        // Quadrant gates carry FlowJo's comma, so their headers must be quoted and still read back whole.
        let t = try parse(try #require(exports.first))
        #expect(t.header.contains("Lymphocytes/Single Cells/Live/CD3+/CD4+/CXCR5+PD-1+/Q3: CXCR3+ , CCR6- | Count"))
        #expect(
            exports.contains {
                $0.hasSuffix(".csv") && (try? String(contentsOfFile: $0, encoding: .utf8))?.contains("FMO_FoxP3_Tube3.fcs") == true
            })
    }

    /// Every `Freq. of Parent` is the child count over the parent count, to FlowJo's three
    /// significant digits, and gate partitions add up.
    @Test func frequenciesAgreeWithCountsAndPartitionsAddUp() throws {
        var checked = 0
        for path in exports {
            let t = try parse(path)
            var countColumn: [String: Int] = [:]
            for (i, h) in t.header.enumerated() where h.hasSuffix(" | Count") { countColumn[String(h.dropLast(" | Count".count))] = i }
            for row in t.rows {
                func count(_ p: String) -> Int { Int(row[countColumn[p]!])! }
                for (i, h) in t.header.enumerated() where h.hasSuffix(" | Freq. of Parent") {
                    let path = String(h.dropLast(" | Freq. of Parent".count))
                    let parent = TregTfhGates.parent(of: path)
                    let expected = Double(count(path)) / Double(count(parent)) * 100
                    let written = try #require(Double(row[i]), "\(row[0]) \(h): '\(row[i])'")
                    // Three significant digits: relative rounding error at most 0.5 % (plus ulp slack).
                    #expect(abs(written - expected) <= max(abs(expected) * 0.005, 1e-9) + 1e-12, "\(row[0]) \(h)")
                    checked += 1
                }
                for (child, parent) in countColumn.keys.map({ ($0, TregTfhGates.parent(of: $0)) }) where countColumn[parent] != nil {
                    #expect(count(child) <= count(parent))
                }
                let g = TregTfhGates.self
                #expect(count(g.treg) + count(g.teff) == count(g.cd4))
                #expect(count(g.tregNaive) + count(g.tregMemory) == count(g.treg))
                #expect(g.tfhQuadrants.map(count).reduce(0, +) == count(g.tfh))
                #expect(g.memoryQuadrants.map(count).reduce(0, +) == count(g.memory))
                #expect(count(g.cd3) + count(g.b) + count(g.nk) <= count(g.live))
            }
            // The summary rows are the mean and SD of the rows above, as FlowJo writes them.
            let j = countColumn[TregTfhGates.cd4]!
            let xs = t.rows.map { Double($0[j])! }
            let mean = xs.reduce(0, +) / Double(xs.count)
            #expect(t.summary[0][j] == NumberText.flowJo(mean))
        }
        #expect(checked > 1000)
    }

    /// Realistic ranges: CD4 20–60 k events and Tregs 3–8 % of CD4 at baseline.
    @Test func baselineValuesAreInRealisticRanges() throws {
        var cd4: [Double] = [], treg: [Double] = []
        for path in exports {
            let t = try parse(path)
            let c = t.header.firstIndex(of: TregTfhGates.cd4 + " | Count")!
            let f = t.header.firstIndex(of: TregTfhGates.treg + " | Freq. of Parent")!
            for row in t.rows where row[0].contains("_BASELINE_") {
                cd4.append(Double(row[c])!)
                treg.append(Double(row[f])!)
            }
        }
        cd4.sort()
        treg.sort()
        #expect(cd4.count == 40) // every subject of the four trials has a baseline sample
        #expect(cd4[cd4.count / 2] > 20_000 && cd4[cd4.count / 2] < 60_000)
        #expect(treg.first! > 2.5 && treg.last! < 9.5)
    }
}
