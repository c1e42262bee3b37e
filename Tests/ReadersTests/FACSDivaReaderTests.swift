import Domain
import Foundation
import TestSupport
import Testing

@testable import Readers

@Suite("BD FACSDiva experiment XML")
struct FACSDivaReaderTests {
    let reader = FACSDivaReader()
    static let fixture = "facsdiva/treg_experiment.xml"
    static let corpusFile = "facsdiva/allotropy__facsdiva_example_2.xml"

    func value(_ r: ReadResult, _ sample: String, _ source: String, _ statistic: Statistic) throws -> Domain.Measurement {
        try #require(
            r.measurements.first { $0.sample == sample && $0.sourceName == source && $0.statistic == statistic },
            "\(sample) \(source) \(statistic)")
    }

    @Test("tubes are samples; gates become FlowJo-style paths with counts and frequencies of parent")
    func gateTree() throws {
        let r = read(reader, Fixtures.path(Self.fixture))
        #expect(r.rejection == nil)
        // The global worksheet template (All Events 777) is not a sample; the tray's tube is.
        #expect(
            Set(r.measurements.map(\.sample)) == [
                "Compensation Controls_Unstained Control", "P01_V1_Treg", "P01_V1_Tfh", "P02_V1_Treg",
            ])
        #expect(!r.measurements.contains { $0.value == 777 || $0.value == 555 })
        let s = "P01_V1_Treg"
        // All Events is the ungated sample: the count of TOTAL, as a FlowJo sample node's.
        let total = try value(r, s, "All Events", .count)
        #expect(total.analyte == PopulationCatalogue.totalEvents && total.value == 50000)
        let lymph = try value(r, s, "Lymphocytes", .freqOfParent)
        #expect(lymph.value == 64 && lymph.denominator == PopulationCatalogue.totalEvents)
        let treg = try value(r, s, "Lymphocytes/Single Cells/Live/CD3+/CD4+/CD25+FoxP3+", .freqOfParent)
        #expect(treg.value == 7.5 && treg.denominator == "Lymphocytes/Single Cells/Live/CD3+/CD4+")
        #expect(try value(r, s, "Lymphocytes/Single Cells/Live/CD3+/CD4+/CD25+FoxP3+", .count).value == 900)
        // Quadrants are children of the gate they were drawn on; the hidden holder is no population.
        let q2 = try value(r, s, "Lymphocytes/Single Cells/Live/CD3+/CD4+/Q2", .freqOfParent)
        #expect(q2.value == 97.5 && q2.denominator == "Lymphocytes/Single Cells/Live/CD3+/CD4+")
        #expect(!r.measurements.contains { $0.sourceName.contains("$") })
        // Boolean gates are populations too.
        #expect(try value(r, s, "Lymphocytes/Single Cells/Live/CD3+/not CD4+", .count).value == 8000)
        // FCS file, specimen, tube, experiment, acquisition and user keywords go to extra; not $OP or GUID.
        #expect(
            total.extra
                == #"{"fcs_file":"P01_V1_Treg.fcs","specimen":"P01_V1","tube":"Treg","experiment":"IL2 trial Treg 2024-03-12","acquired":"2024-03-12T09:20:00","instrument":"FACSCanto II","SAMPLE ID":"S-0001","PATIENT ID":"P01"}"#
        )
        #expect(r.measurements.filter { $0.sample == s }.allSatisfy { $0.flags.isEmpty })
        #expect(r.measurements.filter { $0.sample.hasPrefix("Compensation") }.allSatisfy { $0.flags == "control" })
    }

    @Test("a tube with 0 events was not analysed: counts not available, never zeros; bad counts are reported at their line")
    func problems() throws {
        let r = read(reader, Fixtures.path(Self.fixture))
        let tfh = r.measurements.filter { $0.sample == "P01_V1_Tfh" }
        #expect(tfh.count == 3)
        #expect(tfh.allSatisfy { $0.value.isNaN && $0.qualifier == .notAvailable })
        #expect(tfh.filter { $0.statistic == .count }.allSatisfy { $0.rawValue == "0" })
        #expect(
            r.sink.diagnostics.map { "\($0.severity.rawValue) \($0.code) \($0.location.line):\($0.location.column)" } == [
                "warning count-not-computed 286:25",
                "error invalid-count 332:25",
                "warning unresolved-ancestor 358:25",
            ])
        // The child of the unreadable count keeps its count; its frequency is not available.
        let cd3 = try value(r, "P02_V1_Treg", "Lymphocytes/CD3+", .freqOfParent)
        #expect(cd3.value.isNaN && cd3.qualifier == .notAvailable)
        #expect(try value(r, "P02_V1_Treg", "Lymphocytes/CD3+", .count).value == 400)
    }

    @Test("malformed XML, another XML and an experiment without tubes are rejected")
    func rejected() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("facsdiva-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func write(_ name: String, _ text: String) throws -> String {
            let url = dir.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let cut = read(
            reader,
            try write(
                "cut.xml",
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <bdfacs version="Version 8.0.2">
                  <experiment name="E">
                    <specimen name="S">
                      <tube name="T">
                        <gates>
                          <gate fullname="All Events" type="EventSource_Classifier">
                """))
        #expect(cut.rejection?.diagnostic.code == "invalid-xml")
        #expect((cut.rejection?.diagnostic.location.line ?? 0) >= 7)
        let empty = read(reader, try write("empty.xml", #"<bdfacs version="Version 8.0.2"><experiment name="E"/></bdfacs>"#))
        #expect(empty.rejection?.diagnostic.code == "no-samples")
        let other = read(reader, try write("other.xml", #"<root><experiment/></root>"#))
        #expect(other.rejection?.diagnostic.code == "not-facsdiva")
    }

    // MARK: The real export

    @Test(
        "allotropy example 2: three tubes, 14 gates each, values as the XML records them",
        .sharedCorpus)
    func corpusExperiment() throws {
        #expect(try ReaderRegistry.detect(SourceFile(path: SharedCorpus.path(Self.corpusFile))).format.id == "facsdiva-xml")
        let r = read(reader, SharedCorpus.path(Self.corpusFile))
        #expect(r.rejection == nil && r.errors.isEmpty)
        // 3 tubes × (All Events + 12 populations × 2); the quadrant holder $1510583636921 is skipped.
        #expect(r.measurements.count == 3 * 25)
        let tube2 = "20190503_2 Gfp Bfp Cherry CD19 ToPro3"
        #expect(Set(r.measurements.map(\.sample)) == ["20190503_1 Gfp Bfp Cherry ToPro3", tube2, "20190503_3 Gfp Bfp Cherry Mac1 ToPro3"])
        // Line 9825: All Events of tube 2 has 12790 events; line 9833: P1 has 11770.
        let total = try value(r, tube2, "All Events", .count)
        #expect(total.value == 12790 && total.analyte == "TOTAL" && total.sourceLine == 9825 && total.sourceColumn == 25)
        let p1 = try value(r, tube2, "P1", .freqOfParent)
        #expect(abs(p1.value - 100.0 * 11770 / 12790) < 1e-9 && p1.denominator == "TOTAL" && p1.sourceLine == 9833)
        // Line 10056: Q3 has 1408 events of P8's 9685 (line 9907).
        #expect(try value(r, tube2, "P1/P2/P3/P8/Q3", .count).value == 1408)
        let q3 = try value(r, tube2, "P1/P2/P3/P8/Q3", .freqOfParent)
        #expect(abs(q3.value - 100.0 * 1408 / 9685) < 1e-9 && q3.denominator == "P1/P2/P3/P8" && q3.sourceLine == 10056)
        #expect(total.extra.contains(#""fcs_file":"20190503_2 Gfp Bfp Cherry CD19 ToPro3.fcs""#))
        #expect(total.extra.contains(#""acquired":"2019-05-03T13:11:39""#) && total.extra.contains(#""instrument":"FACSAriaII""#))
        // Tubes 1 and 3 were exported with All Events = 0: not available, one warning each.
        #expect(r.warnings.map(\.code) == ["count-not-computed", "count-not-computed"])
        #expect(r.measurements.filter { $0.sample != tube2 }.allSatisfy { $0.value.isNaN && $0.qualifier == .notAvailable })
        #expect(!r.measurements.contains { $0.value.isNaN && $0.sample == tube2 && $0.statistic == .count })
    }
}
