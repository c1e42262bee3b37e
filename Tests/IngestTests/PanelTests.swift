import Domain
import Foundation
import Testing

@testable import Ingest

@Suite("Panels")
struct PanelTests {
    // MARK: Catalogue

    @Test func catalogueTreeIsConsistent() {
        for p in PopulationCatalogue.all {
            if let parent = p.parent { #expect(PopulationCatalogue.contains(parent), "\(p.code) has unknown parent \(parent)") }
            if let r = p.plausibleRange { #expect(r.lowerBound >= 0 && r.upperBound <= 100, "\(p.code) range") }
            #expect(!p.reference.isEmpty)
        }
        #expect(Set(PopulationCatalogue.all.map(\.code)).count == PopulationCatalogue.all.count)
        #expect(PopulationCatalogue.ancestors(of: "TREG_NAIVE") == ["TREG", "CD4", "CD3", "LYMPH"])
        #expect(PopulationCatalogue.population("TREG")?.plausibleRange == 2...15)
        #expect(PopulationCatalogue.population("TREG")?.phenotype(for: .cd25hiCD127lo) == "CD4+CD25hiCD127lo")
        #expect(PopulationCatalogue.population("TFR")?.dependsOnTregDefinition == true)
        #expect(PopulationCatalogue.population("TFH")?.dependsOnTregDefinition == false)
    }

    // MARK: Shipped panels

    @Test func shippedFlowJoPanelLoads() throws {
        let panel = try shippedPanel("treg-tfh-flowjo")
        #expect(panel.id == "treg-tfh-flowjo")
        #expect(panel.tregDefinition == .cd25FoxP3)
        #expect(panel.tregDefinition(of: "TREG") == .cd25FoxP3)
        #expect(panel.tregDefinition(of: "CD8") == nil)
        #expect(panel.derived.contains(.ratio(numerator: "TFR", denominator: "TFH")))
        #expect(panel.derived.contains(.percentOf(population: "TREG", ancestor: "CD4")))
        #expect(panel.derived.contains(.absoluteCount(population: "NK")))
        #expect(panel.absoluteCounts == .dualPlatform(reference: "LYMPH"))
        let codes = Set(panel.mappings.map(\.population))
        for code in [
            "LYMPH", "CD3", "CD4", "CD8", "TREG", "TREG_NAIVE", "TREG_MEMORY", "TFH", "TFR",
            "TFH1", "TFH2", "TFH17", "TH1", "TH2", "TH17", "TEFF", "B", "NK",
        ] {
            #expect(codes.contains(code), "panel maps no \(code)")
        }
    }

    @Test func shippedLabBPanelLoads() throws {
        let panel = try shippedPanel("treg-cd127-trucount-labb")
        #expect(panel.tregDefinition == .cd25hiCD127lo)
        #expect(panel.absoluteCounts == .beads(beadPopulation: "BEADS", beadsPerTest: 50450, sampleVolumeMicrolitres: 50))
    }

    // MARK: Mapping

    @Test func exactSuffixAndPatternRules() throws {
        let mapper = PanelMapper(panel: try shippedPanel("treg-tfh-flowjo"), file: "plate1.csv")
        // exact
        let cd4 = mapper.map(flow("s1", trunk, .count, 20000))
        #expect(cd4.measurement.analyte == "CD4")
        #expect(cd4.outcome == .mapped(population: "CD4"))
        // suffix, with the denominator read from the parent gate
        let treg = mapper.map(flow("s1", trunk + "/CD25+FoxP3+", .freqOfParent, 6.17))
        #expect(treg.measurement.analyte == "TREG")
        #expect(treg.measurement.denominator == "CD4")
        #expect(treg.measurement.sourceName == trunk + "/CD25+FoxP3+")
        #expect(treg.measurement.flags == "treg_definition=CD25+FoxP3+")
        // suffix must align on a path component: "xCD4+" is not "CD4+"
        let wrong = mapper.map(flow("s1", "Lymphocytes/Single Cells/Live/CD3+/xCD4+/CD25+FoxP3+", .count, 1))
        #expect(!wrong.isMapped)
        // longest suffix wins: CD4+/CD25+FoxP3+/CD45RA+ is naive Treg, not Treg
        let naive = mapper.map(flow("s1", trunk + "/CD25+FoxP3+/CD45RA+", .freqOfParent, 30))
        #expect(naive.measurement.analyte == "TREG_NAIVE")
        #expect(naive.measurement.denominator == "TREG")
        // pattern, with FlowJo's en dash for a minus, and grandparent denominator
        let tfh17 = mapper.map(flow("s1", trunk + "/CXCR5+PD-1+/Q3: CXCR3– , CCR6+", .freqOfGrandparent, 1.2))
        #expect(tfh17.measurement.analyte == "TFH17")
        #expect(tfh17.measurement.denominator == "CD4")
        let th1 = mapper.map(flow("s1", trunk + "/CD45RA-/Q2: CXCR3+ , CCR6-", .freqOfParent, 20))
        #expect(th1.measurement.analyte == "TH1")
        #expect(th1.measurement.denominator == "CD4_MEM")
        // freq of total
        let total = mapper.map(flow("s1", "Lymphocytes", .freqOfTotal, 61))
        #expect(total.measurement.denominator == "TOTAL")
        // a median keeps its channel and gets no denominator
        var mfi = flow("s1", trunk + "/CD25+FoxP3+", .median, 1520)
        mfi.parameter = "CD25 PE"
        let mappedMFI = mapper.map(mfi).measurement
        #expect(mappedMFI.analyte == "TREG" && mappedMFI.parameter == "CD25 PE" && mappedMFI.denominator == "")
    }

    @Test func unmappedNamesAreKeptAndReportedOncePerName() throws {
        let mapper = PanelMapper(panel: try shippedPanel("treg-tfh-flowjo"), file: "plate1.csv")
        let path = trunk + "/HLA-DR+"
        let first = mapper.map(flow("s1", path, .count, 10, line: 2, column: 7))
        let second = mapper.map(flow("s2", path, .count, 12, line: 3, column: 7))
        #expect(first.outcome == .unmapped && second.outcome == .unmapped)
        #expect(first.measurement.analyte == path)
        #expect(first.measurement.flags == "unmapped")
        let d = try #require(first.diagnostic)
        #expect(
            d.description
                == "plate1.csv:2:7: warning: '\(path)' matches no mapping of panel treg-tfh-flowjo; kept under its source name [unmapped-population]"
        )
        #expect(second.diagnostic == nil)
    }

    @Test func unmappedParentKeepsItsPathAsDenominator() throws {
        let mapper = PanelMapper(panel: try shippedPanel("treg-tfh-flowjo"))
        let m = mapper.map(flow("s1", trunk + "/HLA-DR+/CXCR5+PD-1+", .freqOfParent, 3)).measurement
        // CD4+/CXCR5+PD-1+ is not the suffix here, so it is unmapped; a mapped child of an
        // unmapped gate keeps the exact parent path:
        #expect(m.analyte == trunk + "/HLA-DR+/CXCR5+PD-1+")
        let panel = Panel(id: "p", mappings: [PopulationMapping(.suffix("CXCR5+PD-1+"), population: "TFH")])
        let m2 = PanelMapper(panel: panel).map(flow("s1", trunk + "/HLA-DR+/CXCR5+PD-1+", .freqOfParent, 3)).measurement
        #expect(m2.analyte == "TFH")
        #expect(m2.denominator == trunk + "/HLA-DR+")
    }

    @Test func overlappingPatternsAreAmbiguousNotGuessed() throws {
        let panel = Panel(
            id: "p",
            mappings: [
                PopulationMapping(.pattern(try GatePattern("FoxP3\\+")), population: "TREG", tregDefinition: .cd25FoxP3),
                PopulationMapping(.pattern(try GatePattern("CXCR5\\+")), population: "TFH"),
            ])
        let r = PanelMapper(panel: panel, file: "f.csv").map(flow("s1", "CD4+/CXCR5+FoxP3+", .count, 5, line: 9, column: 2))
        #expect(r.outcome == .ambiguous(populations: ["TREG", "TFH"]))
        #expect(r.measurement.analyte == "CD4+/CXCR5+FoxP3+")
        #expect(r.diagnostic?.code == "ambiguous-mapping")
        #expect(r.diagnostic?.location == SourceLocation(file: "f.csv", line: 9, column: 2))
    }

    @Test func secondLabsNamesMapToTheSamePopulationsWithTheirTregDefinition() throws {
        let labA = PanelMapper(panel: try shippedPanel("treg-tfh-flowjo"))
        let labB = PanelMapper(panel: try shippedPanel("treg-cd127-trucount-labb"))
        let a = labA.map(flow("A1", trunk + "/CD25+FoxP3+", .freqOfParent, 6.2)).measurement
        // The reader of lab B's export cannot know what "… of CD4 (%)" is; the panel says.
        let b = labB.map(flow("B1", "CD25hiCD127lo of CD4 (%)", Statistic("value"), 5.8)).measurement
        #expect(a.analyte == "TREG" && b.analyte == "TREG")
        #expect(a.denominator == "CD4" && b.denominator == "CD4")
        #expect(b.statistic == .freqOf)
        #expect(a.flags == "treg_definition=CD25+FoxP3+")
        #expect(b.flags == "treg_definition=CD25hiCD127lo")
        let count = labB.map(flow("B1", "Tregs count", Statistic("value"), 412)).measurement
        #expect(count.analyte == "TREG" && count.statistic == .count)
        let lymph = labB.map(flow("B1", "Lymphocytes events", Statistic("value"), 25000)).measurement
        #expect(lymph.analyte == "LYMPH")
        let ofLymph = labB.map(flow("B1", "CD3- CD56+ of lymphocytes", Statistic("value"), 11)).measurement
        #expect(ofLymph.analyte == "NK" && ofLymph.denominator == "LYMPH")
    }

    /// The worked example of docs/panels.md, kept honest.
    @Test func documentedLabCExampleWorks() throws {
        let panel = try Panel.parse(
            yaml: """
                panel: labc-flowjo
                treg_definition: CD25hiCD127lo
                populations:
                  - population: LYMPH
                    path: Lymphs
                  - population: SINGLETS
                    path: Lymphs/Singlets
                  - population: LIVE
                    path: Lymphs/Singlets/Viable
                  - population: CD3
                    suffix: Viable/CD3
                  - population: CD4
                    suffix: CD3/CD4
                  - population: TREG
                    suffix: CD3/CD4/Treg
                  - population: TFH
                    suffix: CD4/cTfh
                  - population: TFR
                    suffix: cTfh/Tfr
                derived:
                  - percent: TREG
                    of: CD4
                  - percent: TFH
                    of: CD4
                  - ratio: TFR
                    over: TFH
                """, file: "labc-flowjo.yaml")
        let mapper = PanelMapper(panel: panel)
        let base = "Lymphs/Singlets/Viable/CD3/CD4"
        let tfr = mapper.map(flow("c1", base + "/cTfh/Tfr", .freqOfParent, 4.1)).measurement
        #expect(tfr.analyte == "TFR" && tfr.denominator == "TFH" && tfr.flags == "treg_definition=CD25hiCD127lo")
        let tregs = mapper.map(flow("c1", base + "/Treg", .freqOfParent, 5.5)).measurement
        #expect(tregs.analyte == "TREG" && tregs.denominator == "CD4")
        #expect(mapper.map(flow("c1", "Lymphs/Singlets/Viable/CD3", .count, 1)).measurement.analyte == "CD3")
    }

    @Test func nonCytometryPassesThrough() throws {
        let mapper = PanelMapper(panel: try shippedPanel("treg-tfh-flowjo"))
        let il6 = Domain.Measurement(sample: "s", assay: .cytokine, analyte: "IL-6", statistic: .concentration, value: 3)
        let r = mapper.map(il6)
        #expect(r.measurement == il6 && r.diagnostic == nil)
    }

    // MARK: YAML errors name the key, the line and the column

    private let valid = """
        panel: p
        treg_definition: CD25+FoxP3+
        populations:
          - population: CD4
            path: Lymphocytes/CD3+/CD4+
          - population: TREG
            suffix: CD4+/CD25+FoxP3+
        """

    @Test func validInlinePanelParses() throws {
        let panel = try Panel.parse(yaml: valid)
        #expect(panel.mappings.count == 2)
        #expect(panel.mappings[1].tregDefinition == .cd25FoxP3)
    }

    @Test func unknownKeyIsNamed() {
        let e = rejection { _ = try Panel.parse(yaml: valid + "\n    sufix: CD4+/CD25+\n", file: "labx.yaml") }
        #expect(
            e?.description
                == "labx.yaml:8:12: error: populations[1].sufix: unknown key (expected one of: population, path, suffix, pattern, treg_definition, statistic, denominator) [yaml-unknown-key]"
        )
    }

    @Test func unknownPopulationIsNamed() {
        let yaml = valid.replacingOccurrences(of: "population: CD4\n", with: "population: CD4T\n")
        let e = rejection { _ = try Panel.parse(yaml: yaml, file: "labx.yaml") }
        #expect(e?.diagnostic.code == "unknown-population")
        #expect(e?.diagnostic.location == SourceLocation(file: "labx.yaml", line: 4, column: 17))
        #expect(e?.diagnostic.message.hasPrefix("populations[0].population: unknown population code 'CD4T' (known: LYMPH, ") == true)
    }

    @Test func invalidRegexIsNamed() {
        let yaml = valid + "\n  - population: TFH\n    pattern: 'CXCR5+(PD-1'\n"
        let e = rejection { _ = try Panel.parse(yaml: yaml, file: "labx.yaml") }
        #expect(
            e?.description
                == "labx.yaml:9:14: error: populations[2].pattern: 'CXCR5+(PD-1' is not a valid regular expression [invalid-regex]")
    }

    @Test func tregPopulationWithoutDefinitionIsRejected() {
        let yaml = valid.replacingOccurrences(of: "treg_definition: CD25+FoxP3+\n", with: "")
        let e = rejection { _ = try Panel.parse(yaml: yaml, file: "labx.yaml") }
        #expect(e?.diagnostic.code == "missing-treg-definition")
        #expect(e?.diagnostic.location.line == 5)
        #expect(e?.diagnostic.message.hasPrefix("populations[1].population: TREG depends on how Tregs are gated") == true)
    }

    @Test func unknownTregDefinitionIsNamed() {
        let yaml = valid.replacingOccurrences(of: "treg_definition: CD25+FoxP3+", with: "treg_definition: CD25+")
        let e = rejection { _ = try Panel.parse(yaml: yaml, file: "labx.yaml") }
        #expect(
            e?.description
                == "labx.yaml:2:18: error: treg_definition: 'CD25+' is not a Treg definition (use 'CD25+FoxP3+' or 'CD25hiCD127lo') [unknown-treg-definition]"
        )
    }

    @Test func syntaxErrorHasLineAndColumn() {
        let e = rejection { _ = try Panel.parse(yaml: "panel: p\npopulations:\n  - population: CD4\n   path: [x\n", file: "labx.yaml") }
        #expect(e?.diagnostic.code == "yaml-syntax")
        #expect(e?.diagnostic.location.line == 4)
    }

    @Test func missingKeyIsNamed() {
        let e = rejection { _ = try Panel.parse(yaml: "panel: p\npopulations:\n  - path: Lymphocytes\n", file: "labx.yaml") }
        #expect(
            e?.description == "labx.yaml:3:5: error: populations[0].population: required key 'population' is missing [yaml-missing-key]")
    }

    @Test func wrongTypeIsNamed() {
        let yaml = valid + "\nabsolute_counts:\n  method: beads\n  beads_per_test: lots\n  sample_volume_ul: 50\n"
        let e = rejection { _ = try Panel.parse(yaml: yaml, file: "labx.yaml") }
        #expect(
            e?.description == "labx.yaml:10:19: error: absolute_counts.beads_per_test: expected a number, found 'lots' [yaml-invalid-value]"
        )
    }

    @Test func duplicateRuleIsNamed() {
        let yaml = valid + "\n  - population: TREG_NAIVE\n    suffix: CD4+/CD25+FoxP3+\n"
        let e = rejection { _ = try Panel.parse(yaml: yaml, file: "labx.yaml") }
        #expect(
            e?.description
                == "labx.yaml:8:5: error: populations[2]: suffix 'CD4+/CD25+FoxP3+' is already mapped by populations[1] [duplicate-mapping]"
        )
    }

    @Test func duplicateYAMLKeyIsRejected() {
        let e = rejection { _ = try Panel.parse(yaml: "panel: p\npanel: q\npopulations: []\n", file: "labx.yaml") }
        #expect(e?.diagnostic.code == "yaml-duplicate-key")
        #expect(e?.diagnostic.message.contains("'panel'") == true)
    }

    @Test func percentOfANonAncestorIsRejected() {
        let yaml = valid + "\nderived:\n  - percent: TFR\n    of: TFH\n"
        let e = rejection { _ = try Panel.parse(yaml: yaml, file: "labx.yaml") }
        #expect(e?.diagnostic.code == "not-an-ancestor")
        #expect(e?.diagnostic.location.line == 10)
        #expect(e?.diagnostic.message.hasPrefix("derived[0].of: TFH is not a canonical ancestor of TFR") == true)
    }

    @Test func absoluteCountsNeedAMethod() {
        let yaml = valid + "\nderived:\n  - absolute: [CD4]\n"
        let e = rejection { _ = try Panel.parse(yaml: yaml, file: "labx.yaml") }
        #expect(e?.diagnostic.code == "missing-absolute-method")
        #expect(e?.diagnostic.location.line == 9)
    }

    @Test func missingFileIsRejected() {
        let e = rejection { _ = try Panel.load(path: "/nonexistent/panel.yaml") }
        #expect(e?.description == "panel.yaml: error: cannot open the file for reading [unreadable-file]")
    }
}
