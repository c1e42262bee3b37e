import Analysis
import Domain
import Foundation
import Ingest
import Numerical
import Readers
import Store
import TestSupport
import Testing

@testable import Report

/// A store holding the three xPONENT plates of the sample data (NCT02465580), ingested the way the
/// CLI ingests them (plate curves and QC included), one batch per plate.
enum QCStoreFixture {
    static let root = PackagePaths.root
    static let plates = [
        "NCT02465580_Cytokine9plex_Plate01_20160721.csv", "NCT02465580_Cytokine9plex_Plate02_20160722.csv",
        "NCT02465580_Cytokine9plex_Plate03_20160725.csv",
    ]
    static func platePath(_ name: String) -> String { root.appendingPathComponent("sample-data/NCT02465580/exports/xponent/\(name)").path }

    static func store() throws -> StudyStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qc-\(UUID().uuidString)").path
        let store = try StudyStore.initialise(at: dir, study: "NCT02465580")
        for p in plates { _ = try IngestPipeline(store: store).run([SourceFile(path: platePath(p))]) }
        return store
    }

    /// (sample, well) of the rows of the file's `Median` block, read from the file itself.
    static func medianWells(_ name: String) throws -> [(sample: String, well: String)] {
        try block(name, "Median").map { ($0[1], $0[0]) }
    }

    /// The rows of a `DataType:` block, first cell turned from `"2(1,B1)"` into `B1`.
    static func block(_ name: String, _ type: String) throws -> [[String]] {
        // Split on any line break: xPONENT writes CRLF, one Character in Swift.
        let lines = try String(contentsOfFile: platePath(name), encoding: .utf8)
            .split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("DataType:,\(type),") }) else { return [] }
        var out: [[String]] = []
        for line in lines[(start + 2)...] {
            guard line.hasPrefix("\"") else { break }
            let close = line.firstIndex(of: ")")!
            let location = line[line.index(after: line.firstIndex(of: ",")!)..<close]
            out.append(
                [String(location)]
                    + line[line.index(close, offsetBy: 3)...].split(separator: ",", omittingEmptySubsequences: false).map(String.init))
        }
        return out
    }

    static func count(_ s: String, _ needle: String) -> Int { s.components(separatedBy: needle).count - 1 }
}

@Suite struct PlateQCPageTests {
    @Test func standardCurvesAreDrawnFromTheStoredParametersWithLimitsAndLogTicks() throws {
        let store = try QCStoreFixture.store()
        let data = try QCStoreReader.plateQC(store, batch: 1)
        #expect(data.curves.count == 9) // the 9-plex
        let html = PlateQCPage.render(data)
        #expect(QCStoreFixture.count(html, "data-plot=\"standard-curve\"") == 9)
        #expect(QCStoreFixture.count(html, "<path class=\"fit\"") == data.curves.filter { $0.curve != nil }.count)
        let il6 = try #require(data.curves.first { $0.analyte == "IL6" })
        #expect(il6.status == "fitted")
        #expect(html.contains("data-limit=\"lloq\" data-value=\"\(CurveNumber.format(il6.lloq))\""))
        #expect(html.contains("data-limit=\"uloq\" data-value=\"\(CurveNumber.format(il6.uloq))\""))
        // No external asset, no script.
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"))
    }

    @Test func theCurveFollowsTheModelAndTheAxesAreLogarithmic() throws {
        let curve = PlateQCData.Curve(
            plate: "P", analyte: "IL6", sourceName: "IL6", status: "fitted", model: "4PL", response: "net_mfi",
            curve: LogisticCurve(a: 20, b: 20000, c: 300, d: -1.2), r2: 0.999, lloq: 2.5, uloq: 9000,
            unit: "pg/mL", message: "")
        let standards = [3.0, 12, 48, 190, 760, 3000, 12000].enumerated().map { i, x in
            PlateQCData.Standard(
                plate: "P", analyte: "IL6", standard: "Standard\(7 - i)", well: "H\(i + 1)", expected: x, status: "ok",
                response: curve.curve!.response(at: x), backCalculated: x, recoveryPercent: 100, withinRange: "yes", unit: "pg/mL")
        }
        let svg = StandardCurvePlot.render(curve, standards: standards).render()
        // x spans 1–100,000 (whole decades), y too: ticks at powers of ten only.
        for label in ["1", "10", "100", "1000", "10,000", "100,000"].map({ ">\($0)</text>" }) where !svg.contains(label) {
            // TickFormatter may print 10000 without a separator.
            #expect(svg.contains(label.replacingOccurrences(of: ",", with: "")), "missing tick \(label)")
        }
        #expect(QCStoreFixture.count(svg, "<circle") == 7)
        #expect(svg.contains("data-limit=\"lloq\" data-value=\"2.5\""))
        #expect(svg.contains("data-limit=\"uloq\" data-value=\"9000\""))
        // The path's points are on the fitted curve: its first point is at the axis' left edge (x = 1).
        let path = try #require(svg.components(separatedBy: "<path class=\"fit\" d=\"M").dropFirst().first)
        let first = path.prefix { $0 != " " }.split(separator: ",").map { Double($0)! }
        let x = LogScale(lower: 1, upper: 12000, range: (62, 330))
        let y = LogScale(lower: curve.curve!.response(at: 1), upper: curve.curve!.response(at: 100000), range: (216, 26))
        #expect(abs(first[0] - x.position(1)) < 0.01)
        #expect(abs(first[1] - y.position(curve.curve!.response(at: 1))) < 0.01)
    }

    @Test func tablesListTheStandardControlAndLowBeadWellsOfTheFile() throws {
        let store = try QCStoreFixture.store()
        let data = try QCStoreReader.plateQC(store, batch: 1)
        let wells = try QCStoreFixture.medianWells(QCStoreFixture.plates[0])
        let standardWells = Set(wells.filter { $0.sample.hasPrefix("Standard") }.map(\.well))
        let controlWells = Set(wells.filter { $0.sample.hasPrefix("Control") }.map(\.well))
        #expect(standardWells == ["B1", "C1", "D1", "E1", "F1", "G1", "H1", "B2", "C2", "D2", "E2", "F2", "G2", "H2"])
        #expect(controlWells.isSuperset(of: ["A3", "B3", "A4", "B4"]))
        #expect(Set(data.standards.filter { $0.analyte == "IL6" }.map(\.well)) == standardWells)
        #expect(Set(data.controls.filter { $0.result.analyte == "IL6" }.map(\.result.well)) == controlWells)
        // Every bead count below 50 in the file's Count block is in the low-bead table, and nothing else.
        let header = try String(contentsOfFile: QCStoreFixture.platePath(QCStoreFixture.plates[0]), encoding: .utf8)
            .split(whereSeparator: \.isNewline).map(String.init).first { $0.hasPrefix("Location,Sample,") }!.split(separator: ",").map(
                String.init)
        // (The store names analytes by cytokine code, the file by its own name: compare wells,
        // one entry per low analyte.)
        var low: [String] = []
        for row in try QCStoreFixture.block(QCStoreFixture.plates[0], "Count") {
            for (k, cell) in row.enumerated().dropFirst(2) where k < header.count - 1 {
                if let n = Double(cell), n < 50 { low.append(row[0]) }
            }
        }
        #expect(!low.isEmpty)
        #expect(data.beadCounts.filter(\.flagged).map(\.well).sorted() == low.sorted())
        let html = PlateQCPage.render(data)
        let recovery = try #require(html.components(separatedBy: "class=\"data recovery\"").last?.components(separatedBy: "</table>").first)
        for w in standardWells { #expect(recovery.contains("<td>\(w)</td>")) }
        let controls = try #require(html.components(separatedBy: "class=\"data controls\"").last?.components(separatedBy: "</table>").first)
        for w in controlWells { #expect(controls.contains("<td>\(w)</td>")) }
        #expect(!controls.contains("<td>B1</td>"))
    }

    @Test func leveyJenningsCoversEveryPlateInRunOrder() throws {
        let store = try QCStoreFixture.store()
        let results = try QCStoreReader.controlResults(store)
        let series = LeveyJennings.series(results)
        let il6 = try #require(series.first { $0.control == "Control1" && $0.analyte == "IL6" })
        #expect(il6.runs.count == 3)
        #expect(il6.runs.map(\.runDate) == il6.runs.map(\.runDate).sorted())
        #expect(il6.sd.isFinite && il6.sd > 0)
        let html = LeveyJenningsPage.render(study: store.study, series: series)
        #expect(QCStoreFixture.count(html, "data-plot=\"levey-jennings\"") == series.count)
        // Mean and ±1/2/3 SD lines on every chart with an SD.
        #expect(QCStoreFixture.count(html, "class=\"sd-line\"") == series.filter { $0.sd.isFinite && $0.sd > 0 }.count * 7)
    }

    @Test func aWestgardViolationIsFlaggedOnTheChartAndInTheTable() {
        func r(_ plate: String, _ v: Double) -> ControlResult {
            ControlResult(
                batch: 1, plateID: plate, runDate: "2016-07-2\(plate.last!)", control: "Control1", well: "A3", analyte: "IL6",
                observed: v, qualifier: "in_range", expected: 100, low: 70, high: 130)
        }
        let series = LeveyJennings.series([r("P1", 100), r("P2", 131)], established: ["Control1|IL6": (mean: 100, sd: 10)])
        let html = LeveyJenningsPage.render(study: "T", series: series)
        #expect(html.contains("data-rules=\"1-2s 1-3s\""))
        let table = html.components(separatedBy: "class=\"data westgard\"").last!.components(separatedBy: "</table>").first!
        #expect(
            table.contains("<td>1-3s</td>") && table.contains("<td>P2</td>") && table.contains("<td>1/P2</td>")
                && table.contains("reject run"))
    }
}

@Suite struct CytometryQCPageTests {
    @Test func valuesOutsideThePlausibleRangeAreHighlighted() {
        func m(_ sample: String, _ code: String, _ v: Double, parent: String = "CD4") -> Domain.Measurement {
            Domain.Measurement(
                sample: sample, subject: "S1", visit: "W4", assay: .cytometry, analyte: code, statistic: .freqOf,
                denominator: parent, value: v, unit: "%")
        }
        let ms = [
            m("a", "CD4", 60, parent: "CD3"), m("a", "TREG", 6), m("a", "TFH", 4), m("a", "TFR", 0.5),
            m("b", "CD4", 60, parent: "CD3"), m("b", "TREG", 22), m("b", "TFH", 4), m("b", "TFR", 0.5),
            m("c", "TREG", 3, parent: "LYMPH"),
        ] // not % of the canonical parent: not shown
        let html = CytometryQCPage.render(study: "T", batch: 2, files: ["f.csv"], measurements: ms)
        #expect(QCStoreFixture.count(html, "class=\"num fail\"") == 1)
        #expect(html.contains("data-population=\"TREG\">22<"))
        #expect(!html.contains("<td>c</td>"))
        // A panel override makes 22 % plausible.
        let relaxed = CytometryQCPage.render(study: "T", batch: 2, files: [], measurements: ms, plausibility: ["TREG": 1...30])
        #expect(!relaxed.contains("class=\"num fail\""))
    }
}
