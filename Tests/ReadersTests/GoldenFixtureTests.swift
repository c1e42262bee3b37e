import Foundation
import Testing
import Domain
@testable import Readers

/// Every fixture's complete output (measurements, diagnostics, tables) against the
/// `<fixture>.expected.tsv` beside it, allotropy style. Regenerate with UPDATE_GOLDEN=1 and
/// review the diff line by line.
@Suite struct GoldenFixtureTests {
    static let fixtures: [(String, any MeasurementReader)] = [
        ("xponent/xponent_3plex_analysis.csv", XPonentCSVReader()),
        ("xponent/xponent_magpix_excel_resave.csv", XPonentCSVReader()),
        ("intelliflex/intelliflex_2plex_standards.csv", IntelliflexCSVReader()),
        ("bioplex/bioplex_2plex.xlsx", BioPlexXlsxReader()),
        ("bioplex/bioplex_plate.xls", BioPlexXlsReader()),
        ("bioplex/bioplex_plate.xlsx", BioPlexXlsxReader()),
        ("bioplex/bioplex_block.xls", BioPlexXlsReader()),
        ("bioplex/bioplex_manager_2plex.xml", BioPlexXMLReader()),
        ("msd/msd_proinflammatory_2spot.csv", MSDReader()),
        ("msd/msd_workbench_pair.xlsx", MSDXlsxReader()),
        ("meso/meso_384_3spot.txt", MESOPlateReader()),
        ("platecsv/legendplex_th_panel.csv", PlateCSVReader()),
    ]

    @Test(arguments: 0..<fixtures.count)
    func fixtureMatchesExpectedOutput(_ i: Int) throws {
        let (name, reader) = Self.fixtures[i]
        let detected = try ReaderRegistry.detect(SourceFile(path: Fixtures.path(name)))
        #expect(detected.format == reader.format, "\(name) detected as \(detected.format)")
        try Golden.check(read(reader, Fixtures.path(name)), fixture: name)
    }
}
