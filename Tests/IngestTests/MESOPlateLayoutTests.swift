import Domain
import Foundation
import Readers
import TestSupport
import Testing

@testable import Ingest

/// MESO plate files name wells, not samples: a plate layout (plate-CSV vocabulary) links them,
/// after which standards are fitted like any plate's. Fixtures from
/// `Tests/ReadersTests/Fixtures/meso/make_meso_fixtures.py` (signals on known 4PL curves).
@Suite("MESO plates and plate layouts")
struct MESOPlateLayoutTests {
    static let plateFile = SourceFile(path: PackagePaths.readerFixture("meso/meso_96_standards.txt"))
    static let layoutPath = PackagePaths.readerFixture("meso/companions/meso_96_standards.layout.csv")

    static func plate() throws -> [Domain.Measurement] {
        let sink = CollectingSink()
        try MESOPlateReader().read(plateFile, into: sink)
        return sink.measurements
    }

    /// well → true concentration, as the generator wrote it.
    static func truth() throws -> [String: Double] {
        let text = try String(contentsOfFile: PackagePaths.readerFixture("meso/companions/meso_96_standards.truth.csv"), encoding: .utf8)
        var out: [String: Double] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",")
            out[String(f[0])] = Double(f[1])
        }
        return out
    }

    static func well(_ m: Domain.Measurement) -> String { FlatJSON.value("well", in: m.extra) ?? "" }

    @Test func withALayoutWellsAreLinkedAndStandardsFitted() throws {
        let (map, problems) = try PlateMap.load(path: Self.layoutPath)
        #expect(problems.isEmpty)
        let r = CytokinePlateProcessor(layout: map).process(
            file: try Self.plate(), tables: [], file: Self.plateFile,
            format: MESOPlateReader().format)
        #expect(
            !r.diagnostics.contains {
                $0.code == "plate-layout-missing" || $0.code == "well-not-in-layout" || $0.code == "curve-fit-failed"
            },
            "\(r.diagnostics)")
        let curves = try #require(r.tables.first { $0.name == "standard_curves" })
        #expect(curves.rowCount == 2)
        // Spots are named by the layout (Spot 1 = IL-6, Spot 2 = IL-10) and resolved to codes.
        let signals = r.accepted.filter { $0.statistic == .signal }
        #expect(Set(signals.map(\.analyte)) == ["IL6", "IL10"])
        let a3 = try #require(signals.first { Self.well($0) == "A3" && $0.analyte == "IL6" })
        #expect(a3.sample == "PT-003-1" && a3.flags.hasPrefix("unknown"))
        #expect(signals.first { Self.well($0) == "B1" }?.sample == "S2")
        #expect(signals.first { Self.well($0) == "H1" }?.flags.hasPrefix("blank") == true)

        // Our concentrations of the unknowns within the standards' range against the truth the
        // signals were generated from (integer signals: rounding only).
        let truth = try Self.truth()
        var compared = 0
        for m in r.accepted where m.statistic == .concentration && m.flags.contains("well-level") && m.qualifier == .inRange {
            guard let t = truth[Self.well(m)] else { continue }
            #expect(abs(m.value - t) / t < 0.01, "\(Self.well(m)) \(m.analyte): \(m.value) vs \(t)")
            compared += 1
        }
        #expect(compared >= 100)
    }

    @Test func withoutALayoutSignalsAreStoredPerWellWithAWarning() throws {
        let ms = try Self.plate()
        let r = CytokinePlateProcessor().process(file: ms, tables: [], file: Self.plateFile, format: MESOPlateReader().format)
        let warning = try #require(r.diagnostics.first { $0.code == "plate-layout-missing" })
        #expect(warning.severity == .warning && warning.message.contains("NOT linked"))
        #expect(!r.tables.contains { $0.name == "standard_curves" })
        let signals = r.accepted.filter { $0.statistic == .signal }
        #expect(signals.count == ms.count)
        #expect(signals.allSatisfy { $0.sample == Self.well($0) })
    }

    @Test func wellsMissingFromTheLayoutAreReportedAndLayoutErrorsLocated() throws {
        let full = try String(contentsOfFile: Self.layoutPath, encoding: .utf8)
        let lines = full.split(separator: "\n").filter { !$0.hasPrefix("H12,") && !$0.hasPrefix("G12,") }
        let partial = try temporaryFile("layout.csv", (lines + ["1A,Oops,unknown,,,,,", "A5,PT-x,sample,,,abc,,"]).joined(separator: "\n"))
        let (map, problems) = try PlateMap.load(path: partial)
        #expect(
            problems.map { "\($0.code)@\($0.location.line):\($0.location.column)" }
                == ["invalid-well@\(lines.count + 1):1", "non-numeric-value@\(lines.count + 2):6"])
        let r = CytokinePlateProcessor(layout: map).process(
            file: try Self.plate(), tables: [], file: Self.plateFile,
            format: MESOPlateReader().format)
        let w = try #require(r.diagnostics.first { $0.code == "well-not-in-layout" })
        #expect(w.message.contains("2 wells") && w.message.contains("G12") && w.message.contains("H12"))
        #expect(
            rejection { _ = try PlateMap.load(path: try temporaryFile("bad.csv", "Well,Sample\nA1,X\n")) }?.diagnostic.code
                == "missing-column")
    }

    /// The layout is part of the processing recorded with a batch, so reprocessing applies it.
    @Test func theLayoutIsRecordedWithTheProcessingSpec() throws {
        let spec = ProcessorConfiguration.Spec(plateLayout: Self.layoutPath)
        #expect(!spec.isEmpty)
        let again = ProcessorConfiguration.Spec.from(json: spec.json)
        #expect(again.plateLayout == Self.layoutPath)
        let configured = try ProcessorConfiguration.plateProcessor(again)
        #expect(configured.processor.layout?.entries.count == 110)
        #expect(try ProcessorConfiguration.plateProcessor(ProcessorConfiguration.Spec()).processor.layout == nil)
        // A spec written before layouts existed still decodes.
        #expect(ProcessorConfiguration.Spec.from(json: #"{"panel":"/p.yaml"}"#).plateLayout == nil)
    }
}
