import Domain
import Foundation
import TestSupport
import Testing

@testable import Readers

/// MESO / Methodical Mind plate `.txt` files: raw ECL signals per well and spot.
@Suite struct MESOPlateReaderTests {
    func signal(_ r: ReadResult, _ well: String, spot: Int) -> Double? {
        r.measurements.first { r.extra($0)["well"] == well && r.extra($0)["spot"] == String(spot) }?.value
    }

    @Test func plate384WithNamedUnnamedAndMissingSpots() throws {
        let r = read(MESOPlateReader(), Fixtures.path("meso/meso_384_3spot.txt"))
        #expect(r.rejection == nil)
        // 384 wells × spots 1 and 3 (spot 2's lines are empty), minus the damaged P24 spot 3.
        #expect(r.measurements.count == 384 * 2 - 1)
        #expect(Set(r.measurements.compactMap { r.extra($0)["well"] }).count == 384)
        // The generator writes 1000 × row + 10 × column + spot.
        #expect(signal(r, "A1", spot: 1) == 1011 && signal(r, "P24", spot: 1) == 16241 && signal(r, "H12", spot: 3) == 8123)
        let a1 = try #require(r.measurements.first)
        #expect(a1.analyte == "IL-6" && a1.statistic == CytokineStatistic.signal && a1.sample == "A1" && a1.flags == "unknown")
        #expect(r.measurements.contains { $0.analyte == "Spot 3" })
        let bad = try #require(r.errors.first)
        #expect(bad.code == "non-numeric-value" && bad.location.column == 25)
        #expect(r.runValue("Barcode1") == "<TEST384BC>" && r.runValue("missing_spots") == "2")
    }

    @Test func recognisedAndRejectedLikeTheOthers() throws {
        #expect(try ReaderRegistry.detect(SourceFile(path: Fixtures.path("meso/meso_384_3spot.txt"))).format.id == "meso-txt")
        let noData = try temporaryFile("Barcode1 :\t<X>\nPlate #  :\t1\nType     :\t96\n")
        #expect(read(MESOPlateReader(), noData).rejection?.diagnostic.code == "no-rows")
        let extra = try temporaryFile("Plate #  :\t1\nBarcode1 :\t<X>\nSpotID   :\t4\n=====Data=====\n\t1\t2\nA \t5\t6\n  \t7\t8\n")
        let r = read(MESOPlateReader(), extra)
        #expect(r.measurements.map(\.value) == [5, 6] && r.measurements.allSatisfy { r.extra($0)["spot"] == "4" })
        #expect(r.errors.map(\.code) == ["unexpected-spot-line"] && r.errors.first?.location.line == 7)
    }

    static let corpus = "msd/allotropy__methodical_test_"

    @Test(.sharedCorpus)
    func corpusTenSpotPlates() throws {
        let two = read(MESOPlateReader(), SharedCorpus.path(Self.corpus + "2.txt"))
        #expect(two.rejection == nil && two.errors.isEmpty)
        // Rows A, C, E, G with 10 spot lines each (line 26: `A  892213 … 48`, line 35 ends in 51).
        #expect(two.measurements.count == 4 * 10 * 12)
        #expect(
            signal(two, "A1", spot: 1) == 892213 && signal(two, "A2", spot: 2) == 271341 && signal(two, "A12", spot: 1) == 48
                && signal(two, "A12", spot: 10) == 51)
        #expect(signal(two, "C1", spot: 1) == 555968 && signal(two, "G12", spot: 10) == 69)
        #expect(two.runValue("Barcode1") == "<2CM0BA4513>" && two.runValue("Read Time") == "08/15/2023 17:23:13 EDT")

        let three = read(MESOPlateReader(), SharedCorpus.path(Self.corpus + "3.txt"))
        #expect(three.rejection == nil && three.errors.isEmpty && three.measurements.count == 480)
        #expect(signal(three, "A1", spot: 1) == 315 && signal(three, "D12", spot: 10) == 425831 && signal(three, "B3", spot: 3) == 869)
        #expect(three.runValue("Spots Per Well") == "10")
    }

    /// The missing-spots file and the multiple-tables file are one plate: spots 1, 3, 8 and 10
    /// as empty-line gaps in one table, and as four single-spot tables (SpotID 1, 3, 8, 10).
    @Test(.sharedCorpus)
    func missingSpotsAndMultipleSpotTablesAgree() throws {
        let gaps = read(MESOPlateReader(), SharedCorpus.path(Self.corpus + "4_missing_spots.txt"))
        let tables = read(MESOPlateReader(), SharedCorpus.path(Self.corpus + "5_mulitple_spot_tables.txt"))
        #expect(gaps.errors.isEmpty && tables.errors.isEmpty)
        #expect(gaps.measurements.count == 96 * 4 && tables.measurements.count == 96 * 4)
        #expect(Set(gaps.measurements.compactMap { gaps.extra($0)["spot"] }) == ["1", "3", "8", "10"])
        func key(_ r: ReadResult) -> [String: Double] {
            Dictionary(
                r.measurements.map { (r.extra($0)["well"]! + "/" + r.extra($0)["spot"]!, $0.value) }, uniquingKeysWith: { a, _ in a })
        }
        #expect(key(gaps) == key(tables))
        // Line 26 of the gaps file: `A  489674 …` (spot 1); line 28: `628082` (spot 3).
        #expect(signal(gaps, "A1", spot: 1) == 489674 && signal(gaps, "A1", spot: 3) == 628082 && signal(gaps, "A12", spot: 1) == 152455)
        #expect(gaps.runValue("missing_spots") == "2,4,5,6,7,9")
        #expect(tables.runValue("table 4 SpotID") == "10")
    }

    /// Every truncation of a plate file at a line boundary (an upload cut short) is read or
    /// rejected with a diagnostic, never a crash, and never yields a value the whole file lacks.
    @Test func truncatedFilesNeverCrash() throws {
        let path = Fixtures.path("meso/meso_96_standards.txt")
        let whole = read(MESOPlateReader(), path)
        let full = Set(whole.measurements.map { "\($0.sourceLine):\($0.sourceColumn)=\($0.value)" })
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        for n in stride(from: 0, through: lines.count, by: 1) {
            let cut = try temporaryFile(lines.prefix(n).joined(separator: "\n"), name: "cut.txt")
            let r = read(MESOPlateReader(), cut)
            #expect(r.rejection != nil || !r.measurements.isEmpty, "\(n) lines")
            #expect(r.measurements.allSatisfy { full.contains("\($0.sourceLine):\($0.sourceColumn)=\($0.value)") }, "\(n) lines")
        }
    }
}
