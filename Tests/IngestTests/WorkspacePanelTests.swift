import Domain
import Foundation
import Readers
import TestSupport
import Testing

@testable import Ingest

/// Workspaces (FlowJo `.wsp`, FACSDiva experiment XML) through a panel: the ungated sample is
/// `TOTAL`, top-level gates are percentages of it, and FACSDiva gates map like FlowJo's.
@Suite("Workspaces through panels")
struct WorkspacePanelTests {
    static let flowjoCorpus = SharedCorpus.path("flowjo/allotropy__flowjo_example_1.wsp")
    static let facsdivaFixture = PackagePaths.readerFixture("facsdiva/treg_experiment.xml")

    func readAll(_ reader: some MeasurementReader, _ path: String) throws -> [Domain.Measurement] {
        let sink = CollectingSink()
        try reader.read(SourceFile(path: path), into: sink)
        return sink.measurements
    }

    @Test(
        "a mapped top-level gate is a percentage of the ungated sample: no 'parent cannot be told' warning",
        .sharedCorpus)
    func topLevelGateOfRealWorkspace() throws {
        let ms = try readAll(FlowJoWorkspaceReader(), Self.flowjoCorpus)
        let r = CytometryPanelSteps(panel: try shippedPanel("treg-tfh-flowjo")).process(ms, file: "allotropy__flowjo_example_1.wsp")
        #expect(
            !r.diagnostics.contains { $0.code == "unknown-denominator" },
            "\(r.diagnostics.filter { $0.code == "unknown-denominator" }.prefix(3))")
        // Line 2268: Lymphocytes has 22578 of the sample's 96476 events (line 2254) → LYMPH % of TOTAL.
        let rag = "Spleenocytes_Tcells_Rag2KO_005.fcs"
        let lymph = try #require(r.accepted.first { $0.sample == rag && $0.analyte == "LYMPH" && $0.statistic == .freqOfParent })
        #expect(lymph.denominator == PopulationCatalogue.totalEvents)
        let total = try #require(r.accepted.first { $0.sample == rag && $0.analyte == PopulationCatalogue.totalEvents })
        #expect(total.value == 96476 && !total.hasFlag(MeasurementFlag.unmapped))
        let lymphCount = try #require(r.accepted.first { $0.sample == rag && $0.analyte == "LYMPH" && $0.statistic == .count })
        #expect(lymphCount.value == 22578)
        #expect(abs(lymph.value - 100 * lymphCount.value / total.value) < 1e-9)
        // The total is stored for every sample, and is never reported as an unmapped gate.
        #expect(r.accepted.filter { $0.analyte == PopulationCatalogue.totalEvents }.count == 8)
        #expect(!r.diagnostics.contains { $0.code == "unmapped-population" && $0.message.hasPrefix("''") })
    }

    @Test("a top-level gate with more events than the sample is rejected; its frequency is checked against TOTAL")
    func topLevelAgainstTotal() throws {
        let path = try temporaryFile(
            "top.wsp",
            """
            <Workspace flowJoVersion="10.8.1"><SampleList>
            <Sample><SampleNode name="A.fcs" count="1000"><Subpopulations>
            <Population name="Lymphocytes" count="1200"/>
            </Subpopulations></SampleNode></Sample>
            </SampleList></Workspace>
            """)
        let ms = try readAll(FlowJoWorkspaceReader(), path)
        let r = CytometryPanelSteps(panel: try shippedPanel("treg-tfh-flowjo")).process(ms, file: "top.wsp")
        #expect(r.diagnostics.contains { $0.code == "count-exceeds-parent" && $0.location.line == 3 })
        #expect(!r.accepted.contains { $0.analyte == "LYMPH" && $0.statistic == .count })
        #expect(r.accepted.contains { $0.analyte == PopulationCatalogue.totalEvents && $0.value == 1000 })
    }

    @Test("the FlowJo panel maps FACSDiva gates to the same canonical populations")
    func facsdivaThroughFlowJoPanel() throws {
        let ms = try readAll(FACSDivaReader(), Self.facsdivaFixture)
        let r = CytometryPanelSteps(panel: try shippedPanel("treg-tfh-flowjo")).process(ms, file: "treg_experiment.xml")
        let s = "P01_V1_Treg"
        func value(_ code: String, _ statistic: Statistic) throws -> Domain.Measurement {
            try #require(r.accepted.first { $0.sample == s && $0.analyte == code && $0.statistic == statistic }, "\(code) \(statistic)")
        }
        // The fixture's gates: Lymphocytes 32000 → … → CD3+ 20000 → CD4+ 12000 → CD25+FoxP3+ 900.
        #expect(try value("CD4", .count).value == 12000)
        #expect(try value("CD4", .freqOfParent).denominator == "CD3")
        let treg = try value("TREG", .freqOfParent)
        #expect(treg.value == 7.5 && treg.denominator == "CD4" && treg.hasFlag(.tregDefinition(.cd25FoxP3)))
        #expect(try value("LYMPH", .freqOfParent).denominator == PopulationCatalogue.totalEvents)
        #expect(try value(PopulationCatalogue.totalEvents, .count).value == 50000)
        // Derived as for FlowJo: TREG % of CD4 from counts.
        let derived = try value("TREG", .freqOf)
        #expect(derived.hasFlag(MeasurementFlag.derived) && derived.denominator == "CD4" && derived.value == 7.5)
        #expect(!r.diagnostics.contains { $0.code == "unknown-denominator" })
    }

    @Test("a 6,000-level workspace with a panel is processed in bounded time (no per-gate cost in the depth)")
    func deepWorkspaceWithPanel() throws {
        let depth = 6000
        var xml = #"<Workspace flowJoVersion="10.8.1"><SampleList><Sample><SampleNode name="Deep.fcs" count="1000000"><Subpopulations>"#
        for i in 0..<depth { xml += "\n<Population name=\"G\(i)\" count=\"\(1_000_000 - i)\"><Subpopulations>" }
        for _ in 0..<depth { xml += "</Subpopulations></Population>" }
        xml += "</Subpopulations></SampleNode></Sample></SampleList></Workspace>"
        let path = try temporaryFile("deep.wsp", xml)
        let start = Date()
        let ms = try readAll(FlowJoWorkspaceReader(), path)
        let r = CytometryPanelSteps(panel: try shippedPanel("treg-tfh-flowjo")).process(ms, file: "deep.wsp")
        let seconds = Date().timeIntervalSince(start)
        // Before paths were bounded this took 18.6 s in a debug build (0.3 s after); 8,000 levels 51 s and 1.2 GB.
        #expect(seconds < 10, "took \(seconds) s")
        #expect(r.accepted.count == ms.count)
        #expect(r.accepted.allSatisfy { $0.sourceName.utf8.count <= 1024 })
    }
}
