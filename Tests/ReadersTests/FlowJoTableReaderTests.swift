import Domain
import Foundation
import Testing

@testable import Readers

@Suite("FlowJo 10 table CSV")
struct FlowJoTableReaderTests {
    let reader = FlowJoTableReader()

    @Test("Mean and SD rows are summaries, not samples")
    func summaryRows() throws {
        let sink = try FlowJoFixtures.run(reader, FlowJoFixtures.file("treg_panel.csv"))
        #expect(!sink.measurements.contains { $0.sample == "Mean" || $0.sample == "SD" })
    }

    @Test("every guess and every problem is reported where it is")
    func tregPanelDiagnostics() throws {
        let sink = try FlowJoFixtures.run(reader, FlowJoFixtures.file("treg_panel.csv"))
        #expect(
            FlowJoFixtures.summary(sink.diagnostics) == [
                "warning frequency-denominator-unknown 1:11",
                "warning unmapped-column 1:12",
                "warning non-whole-count 3:9",
                "error non-numeric-value 4:12",
                "warning empty-cells 4:4",
            ])
        #expect(sink.diagnostics.last?.message.hasPrefix("2 empty cells") == true)
    }

    @Test("FCS keyword columns go to extra, not to values")
    func keywordColumns() throws {
        let sink = try FlowJoFixtures.run(reader, FlowJoFixtures.file("treg_panel.csv"))
        let first = try #require(sink.measurements.first)
        #expect(first.extra == #"{"$DATE":"12-MAR-2024"}"#)
        #expect(!sink.measurements.contains { $0.sourceName == "$DATE" })
        let second = try #require(sink.measurements.first { $0.sample == "Donor01_V2_Tube_002.fcs" })
        #expect(second.extra == #"{"$DATE":"19-MAR-2024"}"#)
    }

    @Test("Windows-1252 text is decoded (en dash in a gate name) with a warning")
    func windows1252() throws {
        let sink = try FlowJoFixtures.run(reader, FlowJoFixtures.file("windows1252.txt"))
        #expect(FlowJoFixtures.summary(sink.diagnostics) == ["warning legacy-encoding 1:30"])
        #expect(sink.measurements.first?.sourceName.hasSuffix("CD45RA\u{2013}") == true)
    }

    @Test("row problems are errors at line and column; the row's other values are kept")
    func problems() throws {
        let sink = try FlowJoFixtures.run(reader, FlowJoFixtures.file("problems.csv"))
        #expect(
            FlowJoFixtures.summary(sink.diagnostics) == [
                "warning unresolved-ancestor 1:4",
                "warning missing-gate-path 1:5",
                "warning unknown-statistic 1:6",
                "warning unnamed-column 1:7",
                "error missing-sample 3:1",
                "error negative-count 4:2",
                "error non-numeric-value 4:4",
                "error extra-fields 4:9",
            ])
    }

    @Test("a file without a statistic column, or empty, is rejected")
    func rejected() throws {
        let noStats = try FlowJoFixtures.temporary("plain.csv", Array(",$DATE\nA.fcs,12-MAR-2024\n".utf8))
        #expect(throws: FileRejected.self) { try FlowJoFixtures.run(reader, noStats) }
        let empty = try FlowJoFixtures.temporary("empty.csv", [])
        do {
            _ = try FlowJoFixtures.run(reader, empty)
            Issue.record("an empty file was accepted")
        } catch let e as FileRejected {
            #expect(e.diagnostic.code == "empty-file")
        }
    }

    @Test("statistic names as FlowJo 9 and 10 write them")
    func statisticNames() {
        #expect(FlowJoStatisticName.parse("Freq. of Parent (%)") == .frequency(.parent))
        #expect(FlowJoStatisticName.parse("Freq. of Grandparent") == .frequency(.grandparent))
        #expect(FlowJoStatisticName.parse("Freq. of Total (%)") == .frequency(.total))
        #expect(FlowJoStatisticName.parse("Freq. of CD4+") == .frequency(.ancestor("CD4+")))
        #expect(FlowJoStatisticName.parse("Count") == .count())
        let median = FlowJoStatisticName.parse("Median (Comp-FITC-A :: CD4)")
        #expect(median?.statistic == .median && median?.parameter == "Comp-FITC-A :: CD4")
        let colon = FlowJoStatisticName.parse("Median : CD25 PE")
        #expect(colon?.statistic == .median && colon?.parameter == "CD25 PE")
        #expect(FlowJoStatisticName.parse("Geometric Mean : FL1-H")?.statistic == .geometricMean)
        #expect(FlowJoStatisticName.parse("CV (FSC-A)")?.statistic == .cv)
        #expect(FlowJoStatisticName.parse("Mean")?.statistic == .mean)
        #expect(FlowJoStatisticName.parse("Treg") == nil)
        #expect(FlowJoStatisticName.parse(" IFNg+") == nil)
    }

    @Test("FlowJo 9 headers split before the statistic, not inside a quadrant name")
    func commaHeaders() throws {
        let split = FlowJoTableColumns.split("A/Q1: IL-17A\u{2013}, IFNg+,Freq. of Parent", style: .comma)
        #expect(split?.0 == "A/Q1: IL-17A\u{2013}, IFNg+" && split?.1 == "Freq. of Parent")
        #expect(FlowJoTableColumns.split("A/Q1: CD4+, Count", style: .comma) == nil)
        let pipe = FlowJoTableColumns.split("Lymphocytes/Q2: CD45RA+ , CCR7+ | Count", style: .pipe)
        #expect(pipe?.0 == "Lymphocytes/Q2: CD45RA+ , CCR7+" && pipe?.1 == "Count")
    }

    @Test("control samples are recognised by whole words")
    func controls() {
        for name in [
            "FMO_CD25_Tube_004.fcs", "Isotype ctrl.fcs", "Unstained_001.fcs", "Comp_PE.fcs",
            "Compensation Controls_FITC Stained Control.fcs", "UltraComp beads.fcs", "FMOCD127.fcs",
        ] {
            #expect(FlowJoControlSample.isControl(name), "\(name)")
        }
        for name in ["Donor01_V1_Tube_001.fcs", "Compartment_3.fcs", "Control_07_baseline.fcs", "Specimen_003_PP_001_050.fcs"] {
            #expect(!FlowJoControlSample.isControl(name), "\(name)")
        }
        // ASCII names are split by bytes, others by characters: the same words either way.
        #expect(FlowJoControlSample.isControl("Patiënt 3 FMO-CD25.fcs"))
        #expect(FlowJoControlSample.isControl("ISOTYPE.fcs") && FlowJoControlSample.isControl("Comp"))
        #expect(!FlowJoControlSample.isControl("Patiënt 3 baseline.fcs") && !FlowJoControlSample.isControl(""))
    }
}
