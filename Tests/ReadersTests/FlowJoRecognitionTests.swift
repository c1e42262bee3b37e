import Domain
import Foundation
import TestSupport
import Testing

@testable import Readers

@Suite("FlowJo format recognition")
struct FlowJoRecognitionTests {
    func detected(_ file: SourceFile) throws -> String {
        try ReaderRegistry.detect(file).format.id
    }

    @Test("each fixture is recognised by its reader")
    func fixtures() throws {
        #expect(try detected(FlowJoFixtures.file("treg_panel.csv")) == "flowjo-table")
        #expect(try detected(FlowJoFixtures.file("european_semicolon.csv")) == "flowjo-table")
        #expect(try detected(FlowJoFixtures.file("windows1252.txt")) == "flowjo-table")
        #expect(try detected(FlowJoFixtures.file("problems.csv")) == "flowjo-table")
        #expect(try detected(FlowJoFixtures.file("flowjo9_mac.tsv")) == "flowjo9-tsv")
        #expect(try detected(FlowJoFixtures.file("small_study.wsp")) == "flowjo-wsp")
    }

    @Test("a tidy CSV is not taken by a FlowJo reader")
    func tidy() throws {
        let file = try FlowJoFixtures.temporary(
            "tidy.csv",
            Array(
                """
                subject,visit,assay,analyte,statistic,value,denominator
                S01,V1,cytometry,Treg,freq_of_parent,6.1,CD4 | live
                """.utf8))
        let preview = try SourcePreview.load(file)
        #expect(!FlowJoTableReader().recognizes(preview))
        #expect(!FlowJo9TableReader().recognizes(preview))
        #expect(!FlowJoWorkspaceReader().recognizes(preview))
        #expect(try detected(file) == "tidy-csv")
    }

    @Test(
        "the real FlowJo files are recognised; xPONENT and MSD files are not taken",
        .sharedCorpus)
    func corpus() throws {
        #expect(try detected(FlowJoFixtures.corpusFile("flowjostatplot__jw112_cytokine_test.tsv")) == "flowjo9-tsv")
        #expect(try detected(FlowJoFixtures.corpusFile("flowkit__8_color_ICS.wsp")) == "flowjo-wsp")
        #expect(try detected(FlowJoFixtures.corpusFile("allotropy__flowjo_example_1.wsp")) == "flowjo-wsp")
        let root = FlowJoFixtures.corpus.deletingLastPathComponent()
        let others = ["xponent", "msd", "bioplex"].flatMap { dir -> [URL] in
            (try? FileManager.default.contentsOfDirectory(
                at: root.appendingPathComponent(dir),
                includingPropertiesForKeys: nil)) ?? []
        }
        #expect(!others.isEmpty)
        for url in others {
            let preview = try SourcePreview.load(SourceFile(path: url.path))
            let flowjo: [any MeasurementReader] = [FlowJoTableReader(), FlowJo9TableReader(), FlowJoWorkspaceReader()]
            for reader in flowjo {
                #expect(!reader.recognizes(preview), "\(reader.format.id) claims \(url.lastPathComponent)")
            }
        }
    }
}
