import Domain
import Foundation
import TestSupport
import Testing

@testable import Readers

@Suite("FlowJo 9 table TSV")
struct FlowJo9TableReaderTests {
    let reader = FlowJo9TableReader()

    @Test("CR-only MacRoman fixture: decoded with a warning that names the encoding")
    func macFixture() throws {
        let sink = try FlowJoFixtures.run(reader, FlowJoFixtures.file("flowjo9_mac.tsv"))
        #expect(FlowJoFixtures.summary(sink.diagnostics) == ["warning legacy-encoding 1:40"])
        #expect(sink.diagnostics.first?.message.contains("MacRoman") == true)
    }

    @Test("the sample's row number is removed only when it is FlowJo's `N: ` prefix")
    func rowNumbers() {
        #expect(FlowJoTableParser.sampleName("12: Specimen_001.fcs", stripsRowNumbers: true) == "Specimen_001.fcs")
        #expect(FlowJoTableParser.sampleName("2024_Specimen.fcs", stripsRowNumbers: true) == "2024_Specimen.fcs")
        #expect(FlowJoTableParser.sampleName("12: Specimen_001.fcs", stripsRowNumbers: false) == "12: Specimen_001.fcs")
    }

    @Test(
        "real FlowJo 9 export (jw112): 15 samples × 10 gates, MacRoman en dash decoded",
        .sharedCorpus)
    func jw112() throws {
        let file = FlowJoFixtures.corpusFile("flowjostatplot__jw112_cytokine_test.tsv")
        let sink = try FlowJoFixtures.run(reader, file)
        #expect(sink.errors.isEmpty, "\(sink.errors)")
        #expect(FlowJoFixtures.summary(sink.warnings) == ["warning legacy-encoding 1:102"])
        #expect(sink.measurements.count == 150)
        #expect(Set(sink.measurements.map(\.sample)).count == 15)
        #expect(!sink.measurements.contains { $0.sample == "Mean" || $0.sample == "StdDev" || $0.sample.contains(": ") })
        #expect(sink.measurements.allSatisfy { $0.statistic == .freqOfParent && $0.unit == "%" })
        #expect(sink.measurements.allSatisfy { $0.denominator == "Cells/Singlets/Live/TCRb+CD4+" })

        // Row 1, column 3 of the file: Q1 (IL-17A–, IFNg+) of specimen 045 is 13.6 %.
        let q1 = try #require(
            sink.measurements.first {
                $0.sample == "Specimen_003_Spleen_001_045.fcs"
                    && $0.sourceName == "Cells/Singlets/Live/TCRb+CD4+/Q1: IL-17A\u{2013}, IFNg+"
            })
        #expect(q1.value == 13.6)
        #expect(q1.sourceLine == 2 && q1.sourceColumn == 3)
        // `6.73e-3`: Q2 of specimen 047 (line 4, column 4).
        let q2 = try #require(
            sink.measurements.first {
                $0.sample == "Specimen_003_Spleen_003_047.fcs" && $0.sourceName.hasSuffix("/Q2: IL-17A+, IFNg+")
            })
        #expect(abs(q2.value - 0.00673) < 1e-12)
        #expect(q2.sourceLine == 4 && q2.sourceColumn == 4)
        // Last sample, last column: IL-2+ of coLP 059 is 42 %.
        let il2 = try #require(sink.measurements.last)
        #expect(il2.sample == "Specimen_003_coLP_005_059.fcs")
        #expect(il2.sourceName == "Cells/Singlets/Live/TCRb+CD4+/IL-2+" && il2.value == 42)
        #expect(il2.sourceLine == 16 && il2.sourceColumn == 11)
    }
}
