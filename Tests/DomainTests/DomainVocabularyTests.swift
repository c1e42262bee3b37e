import Foundation
import Testing

@testable import Domain

@Suite("Domain vocabulary")
struct DomainVocabularyTests {
    @Test func flagsAreAddedOnceAndInOrder() {
        var m = Measurement(sample: "S1", assay: .cytometry, analyte: "TREG", statistic: .count, value: 12)
        m.addFlag(.derived)
        m.addFlag(.fromCounts)
        m.addFlag(.derived)
        #expect(m.flags == "derived,from-counts")
        #expect(m.sourceName == "TREG") // defaults to the analyte as written
    }

    @Test func locationsReadLikeAnEditorShowsThem() {
        #expect(SourceLocation(file: "plate.csv", line: 12, column: 4).description == "plate.csv:12:4")
        #expect(SourceLocation(file: "plate.csv", line: 12).description == "plate.csv:12")
        #expect(SourceLocation(file: "plate.csv").description == "plate.csv")
        let d = Diagnostic.error(SourceLocation(file: "a.csv", line: 3, column: 7), code: "non-numeric-value", "value 'x' is not a number")
        #expect(d.description == "a.csv:3:7: error: value 'x' is not a number [non-numeric-value]")
    }

    @Test func workbookLocationsReadLikeExcelShowsThem() throws {
        let cell = SourceLocation(file: "plate.xls", line: 15, column: 6, sheet: "IL-6 (25)")
        #expect(cell.description == "plate.xls: 'IL-6 (25)'!F15" && cell.cellReference == "F15")
        #expect(SourceLocation(file: "p.xlsx", line: 7, column: 28, sheet: "Sheet1").description == "p.xlsx: Sheet1!AB7")
        #expect(SourceLocation(file: "p.xlsx", sheet: "Notes").description == "p.xlsx: Notes")
        #expect(SourceLocation(file: "p.xlsx", line: 4, sheet: "Bob's").description == "p.xlsx: 'Bob''s'!4:4")
        // JSON: sheet and cell for a workbook, neither for a text file; read back unchanged.
        let json = String(decoding: try JSONEncoder().encode(cell), as: UTF8.self)
        #expect(json.contains(#""sheet":"IL-6 (25)""#) && json.contains(#""cell":"F15""#))
        let text = String(decoding: try JSONEncoder().encode(SourceLocation(file: "a.csv", line: 3, column: 7)), as: UTF8.self)
        #expect(!text.contains("sheet") && !text.contains("cell"))
        #expect(try JSONDecoder().decode(SourceLocation.self, from: Data(json.utf8)) == cell)
    }

    @Test func onlyFrequenciesArePercentages() {
        #expect(Statistic.freqOf.isPercentage && Statistic.freqOfParent.isPercentage && Statistic.freqOfTotal.isPercentage)
        #expect(Statistic.freqOfGrandparent.isPercentage)
        #expect(!Statistic.count.isPercentage && !Statistic.ratio.isPercentage && !Statistic.concentration.isPercentage)
        #expect(!Statistic("freq_of_something").isPercentage && !Statistic.absCount.isPercentage)
    }

    @Test func everyPopulationsParentExistsAndTheTreeHasNoCycle() {
        let codes = PopulationCatalogue.all.map(\.code)
        #expect(Set(codes).count == codes.count, "population codes must be unique")
        for p in PopulationCatalogue.all {
            if let parent = p.parent {
                #expect(PopulationCatalogue.contains(parent), "\(p.code)'s parent \(parent) is not in the catalogue")
            }
            let ancestors = PopulationCatalogue.ancestors(of: p.code)
            #expect(!ancestors.contains(p.code), "\(p.code) is its own ancestor")
        }
        #expect(PopulationCatalogue.isAncestor("CD4", of: "TREG"))
        #expect(!PopulationCatalogue.isAncestor("TREG", of: "CD4"))
    }

    @Test func cytokineCodesAreUniqueAndAliasesResolveToThem() {
        let codes = CytokineCatalogue.standard.cytokines.map(\.code)
        #expect(Set(codes).count == codes.count)
        #expect(CytokineCatalogue.standard.match("hIFN-γ (27)")?.code == "IFNG")
        #expect(CytokineCatalogue.standard.match("TNF-a")?.code == "TNF")
    }
}
