import Domain
import Foundation
import TestSupport
import Testing

@testable import Readers

@Suite("FlowJo 10 workspace (.wsp)")
struct FlowJoWorkspaceReaderTests {
    let reader = FlowJoWorkspaceReader()

    @Test("template gates of groups and layout elements are not samples")
    func groupsIgnored() throws {
        let sink = try FlowJoFixtures.run(reader, FlowJoFixtures.file("small_study.wsp"))
        #expect(Set(sink.measurements.map(\.sample)) == ["Donor 01_V1_001.fcs", "FMO CD25"])
        #expect(!sink.measurements.contains { $0.sourceLine < 16 || $0.sourceLine > 93 })
    }

    @Test("the FCS file name comes from $FIL, else from the DataSet URI")
    func fcsFile() throws {
        let sink = try FlowJoFixtures.run(reader, FlowJoFixtures.file("small_study.wsp"))
        let first = try #require(sink.measurements.first)
        #expect(first.extra == #"{"fcs_file":"Donor 01_V1_001.fcs"}"#)
        let fmo = try #require(sink.measurements.first { $0.sample == "FMO CD25" })
        #expect(fmo.extra == #"{"fcs_file":"FMO_CD25_002.fcs"}"#)
    }

    @Test("problems are reported at the attribute that holds them")
    func diagnostics() throws {
        let sink = try FlowJoFixtures.run(reader, FlowJoFixtures.file("small_study.wsp"))
        #expect(
            FlowJoFixtures.summary(sink.diagnostics) == [
                "warning count-not-computed 81:103",
                "warning non-whole-count 86:97",
                "error non-numeric-value 87:94",
                "warning sample-statistic-skipped 28:69",
            ])
    }

    @Test("malformed XML is rejected where the parser stopped; a workspace without samples too")
    func rejected() throws {
        let truncated = try FlowJoFixtures.temporary(
            "cut.wsp",
            Array(
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <Workspace flowJoVersion="10.8.1" >
                  <SampleList>
                    <Sample>
                      <SampleNode name="A.fcs" count="100" >
                        <Subpopulations>
                          <Population name="L" count="50" >
                """.utf8))
        do {
            _ = try FlowJoFixtures.run(reader, truncated)
            Issue.record("a truncated workspace was accepted")
        } catch let e as FileRejected {
            #expect(e.diagnostic.code == "invalid-xml")
            #expect(e.diagnostic.location.line >= 7)
        }
        let empty = try FlowJoFixtures.temporary(
            "empty.wsp",
            Array(
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <Workspace flowJoVersion="10.8.1" ><SampleList/></Workspace>
                """.utf8))
        do {
            _ = try FlowJoFixtures.run(reader, empty)
            Issue.record("a workspace without samples was accepted")
        } catch let e as FileRejected {
            #expect(e.diagnostic.code == "no-samples")
        }
    }

    @Test("a one-line workspace still gets exact columns")
    func oneLine() throws {
        let xml =
            #"<Workspace flowJoVersion="10.8.1"><SampleList><Sample><SampleNode name="A.fcs" count="100"><Subpopulations><Population name="L" count="50"><Subpopulations><Population name="T" count="5"/></Subpopulations></Population></Subpopulations></SampleNode></Sample></SampleList></Workspace>"#
        let file = try FlowJoFixtures.temporary("one.wsp", Array(xml.utf8))
        let sink = try FlowJoFixtures.run(reader, file)
        let columns = sink.measurements.filter { $0.statistic == .count }.map(\.sourceColumn)
        func valueColumn(after marker: String) -> Int {
            let r = xml.range(of: marker)!
            return xml.distance(from: xml.startIndex, to: r.upperBound) + 1
        }
        #expect(
            columns == [
                valueColumn(after: #"name="A.fcs" count=""#), valueColumn(after: #"name="L" count=""#),
                valueColumn(after: #"name="T" count=""#),
            ])
        let t = try #require(sink.measurements.last)
        #expect(t.sourceName == "L/T" && t.statistic == .freqOfParent && t.value == 10 && t.denominator == "L")
    }

    @Test("a sample without gates is stored with its total events; one without a count is reported")
    func ungatedSamples() throws {
        let sink = try FlowJoFixtures.run(reader, FlowJoFixtures.file("ungated_samples.wsp"))
        // P02 has no Subpopulations at all (line 18): its SampleNode count is all there is.
        let p02 = sink.measurements.filter { $0.sample == "P02_V1.fcs" }
        #expect(p02.count == 1)
        #expect(
            p02.first?.analyte == PopulationCatalogue.totalEvents && p02.first?.sourceName == ""
                && p02.first?.statistic == .count && p02.first?.value == 35000 && p02.first?.sourceLine == 18)
        // P03 has neither gates nor a count: nothing to store, so it is said (not silently dropped).
        #expect(!sink.measurements.contains { $0.sample == "P03_V1.fcs" })
        #expect(
            FlowJoFixtures.summary(sink.diagnostics) == [
                "warning missing-count 23:115",
                "warning sample-without-values 23:115",
            ])
        #expect(sink.diagnostics.allSatisfy { $0.message.contains("P03_V1.fcs") })
        // Every sample of the file is either stored or reported.
        let stored = Set(sink.measurements.map(\.sample))
        #expect(stored == ["P01_V1.fcs", "P02_V1.fcs"])
        // P01's top-level gate is a percentage of the ungated sample, which the workspace names.
        let lymph = try #require(
            sink.measurements.first { $0.sample == "P01_V1.fcs" && $0.sourceName == "Lymphocytes" && $0.statistic == .freqOfParent })
        #expect(lymph.value == 75 && lymph.denominator == PopulationCatalogue.totalEvents)
    }

    @Test("gates nested beyond the path bound are reported once, not read; the levels above are")
    func deepNesting() throws {
        // 2,000 levels: the full paths of every gate would sum to ~11 M characters per statistic.
        var xml = #"<Workspace flowJoVersion="10.8.1"><SampleList><Sample><SampleNode name="Deep.fcs" count="100000"><Subpopulations>"#
        let depth = 2000
        for i in 0..<depth { xml += "\n<Population name=\"Gate\(i)\" count=\"\(100000 - i)\"><Subpopulations>" }
        for _ in 0..<depth { xml += "</Subpopulations></Population>" }
        xml += "</Subpopulations></SampleNode></Sample></SampleList></Workspace>"
        let file = try FlowJoFixtures.temporary("deep.wsp", Array(xml.utf8))
        let start = Date()
        let sink = try FlowJoFixtures.run(reader, file)
        #expect(Date().timeIntervalSince(start) < 20, "a 2,000-level workspace took \(Date().timeIntervalSince(start)) s")
        let errors = sink.errors
        #expect(errors.count == 1 && errors.first?.code == "gate-path-too-long")
        let read = sink.measurements.filter { $0.statistic == .count && !$0.sourceName.isEmpty }
        #expect(!read.isEmpty && read.allSatisfy { $0.sourceName.utf8.count <= FlowJoGatePath.maximumLength })
        // The first gate not read is the one whose path would pass the bound.
        let deepest = try #require(read.last)
        #expect(deepest.sourceName.utf8.count + "/Gate\(read.count)".utf8.count > FlowJoGatePath.maximumLength)
        #expect(errors.first?.location.line == read.count + 2)
    }

    // MARK: Real workspaces

    @Test(
        "flowkit 8-colour ICS: three samples, 14 gates each, counts as FlowJo stored them",
        .sharedCorpus)
    func flowkitICS() throws {
        let sink = try FlowJoFixtures.run(reader, FlowJoFixtures.corpusFile("flowkit__8_color_ICS.wsp"))
        #expect(sink.diagnostics.isEmpty, "\(sink.diagnostics)")
        // 14 gates × (count + freq_of_parent) and the sample's total events, per sample.
        #expect(sink.measurements.count == 3 * (14 * 2 + 1))
        #expect(
            Set(sink.measurements.map(\.sample)) == [
                "101_DEN084Y5_15_E03_009_clean.fcs", "101_DEN084Y5_15_E05_010_clean.fcs", "101_DEN084Y5_15_E01_008_clean.fcs",
            ])
        // Line 2755: CD4+ of sample E03_009 has 81990 events, of 132388 CD3+.
        let cd4 = try #require(
            sink.measurements.first {
                $0.sample == "101_DEN084Y5_15_E03_009_clean.fcs" && $0.sourceName == "Time/Singlets/aAmine-/CD3+/CD4+"
                    && $0.statistic == .count
            })
        #expect(cd4.value == 81990 && cd4.unit == "events" && cd4.sourceLine == 2755)
        let freq = try #require(
            sink.measurements.first {
                $0.sample == "101_DEN084Y5_15_E03_009_clean.fcs" && $0.sourceName == "Time/Singlets/aAmine-/CD3+/CD4+"
                    && $0.statistic == .freqOfParent
            })
        #expect(abs(freq.value - 100.0 * 81990 / 132388) < 1e-9)
        #expect(freq.denominator == "Time/Singlets/aAmine-/CD3+")
        // Line 3679: IFNg+ CD4+ of sample E05_010 has 10 events.
        let ifng = try #require(
            sink.measurements.first {
                $0.sample == "101_DEN084Y5_15_E05_010_clean.fcs" && $0.sourceName == "Time/Singlets/aAmine-/CD3+/CD4+/IFNg+"
                    && $0.statistic == .count
            })
        #expect(ifng.value == 10 && ifng.sourceLine == 3679)
        // The top gate's parent is the sample: 283968 of 283969 events.
        let time = try #require(
            sink.measurements.first {
                $0.sample == "101_DEN084Y5_15_E03_009_clean.fcs" && $0.sourceName == "Time" && $0.statistic == .freqOfParent
            })
        #expect(abs(time.value - 100.0 * 283968 / 283969) < 1e-9 && time.denominator == PopulationCatalogue.totalEvents)
        // Line 2540: the SampleNode's own count, the sample's total events.
        let total = try #require(
            sink.measurements.first {
                $0.sample == "101_DEN084Y5_15_E03_009_clean.fcs" && $0.analyte == PopulationCatalogue.totalEvents
            })
        #expect(total.value == 283969 && total.statistic == .count && total.sourceName == "" && total.sourceLine == 2540)
        #expect(sink.measurements.filter { $0.analyte == PopulationCatalogue.totalEvents }.map(\.value) == [283969, 285290, 290172])
    }

    @Test(
        "allotropy example: FlowJo statistics, uncomputed counts, empty parents, controls",
        .sharedCorpus)
    func allotropyExample() throws {
        let sink = try FlowJoFixtures.run(reader, FlowJoFixtures.corpusFile("allotropy__flowjo_example_1.wsp"))
        #expect(sink.errors.isEmpty, "\(sink.errors)")
        #expect(Set(sink.measurements.map(\.sample)).count == 8)
        // 10 gates × (count + freq_of_parent) + 10 FlowJo statistics on Lymphocytes + the
        // sample's total events, per sample.
        #expect(sink.measurements.count == 8 * 31)
        // Line 2254: Rag2KO's SampleNode counts 96476 events.
        let ragTotal = try #require(
            sink.measurements.first {
                $0.sample == "Spleenocytes_Tcells_Rag2KO_005.fcs" && $0.analyte == PopulationCatalogue.totalEvents
            })
        #expect(ragTotal.value == 96476 && ragTotal.sourceLine == 2254)
        let rag = "Spleenocytes_Tcells_Rag2KO_005.fcs"
        let cd3 = "Lymphocytes/Single Cells/Single Cells/Live cells/CD3+"
        func find(_ sample: String, _ path: String, _ s: Statistic) throws -> Domain.Measurement {
            try #require(sink.measurements.first { $0.sample == sample && $0.sourceName == path && $0.statistic == s })
        }
        #expect(try find(rag, cd3, .count).value == 1700)
        let q1 = try find(rag, cd3 + "/Q1: Comp-PE-A- , Comp-BV786-A+", .freqOfParent)
        #expect(abs(q1.value - 100.0 * 20 / 1700) < 1e-9 && q1.denominator == cd3)
        // FlowJo's own statistics on Lymphocytes of the FMO sample (lines 1418–1428).
        let fmo = "Spleenocytes_Tcells_FMO- no CD4 staining_002.fcs"
        let cv = try find(fmo, "Lymphocytes", .cv)
        #expect(cv.value == 8.419329643 && cv.parameter == "FSC-A" && cv.sourceLine == 1418)
        #expect(abs(try find(fmo, "Lymphocytes", .freqOfTotal).value - 66.564) < 1e-9)
        #expect(try find(fmo, "Lymphocytes", .geometricMean).parameter == "SSC-A")
        #expect(try find(fmo, "Lymphocytes", .median).value == 44480)
        // Controls are flagged, not dropped; the others are not.
        #expect(sink.measurements.filter { $0.sample == fmo }.allSatisfy { $0.flags == "control" })
        #expect(
            sink.measurements.filter { $0.sample == "Spleenocytes_Tcells_Unstained_control_001.fcs" }
                .allSatisfy { $0.flags == "control" })
        #expect(sink.measurements.filter { $0.sample == rag }.allSatisfy { $0.flags.isEmpty })
        // Unstained has no CD3+ events: frequencies of its quadrants are not available, not 0.
        let unstainedQ = try find("Spleenocytes_Tcells_Unstained_control_001.fcs", cd3 + "/Q3: Comp-PE-A+ , Comp-BV786-A-", .freqOfParent)
        #expect(unstainedQ.value.isNaN && unstainedQ.qualifier == .notAvailable)
        // `Time, FSC-H subset` was never computed (count -1) in seven samples.
        let uncomputed = sink.measurements.filter {
            $0.sourceName == "Lymphocytes/Single Cells/Time, FSC-H subset" && $0.statistic == .count
        }
        #expect(uncomputed.count == 8)
        #expect(uncomputed.filter { $0.value.isNaN }.allSatisfy { $0.qualifier == .notAvailable && $0.rawValue == "-1" })
        #expect(sink.warnings.filter { $0.code == "count-not-computed" }.count == uncomputed.filter { $0.value.isNaN }.count)
        // `Freq. of Single Cells` on Lymphocytes names no enclosing gate: kept as written, NaN.
        let freqOf = try find(fmo, "Lymphocytes", .freqOf)
        #expect(freqOf.denominator == "Single Cells" && freqOf.value.isNaN)
    }
}
