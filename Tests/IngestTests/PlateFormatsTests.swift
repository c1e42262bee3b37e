import Domain
import Testing

@testable import Ingest
@testable import Readers

/// Every multiplex plate reader's files go through the whole-plate step (curves, QC, replicate
/// means). The legacy Bio-Plex `.xls` was first left out, so its wells were stored without the
/// `well-level` flag and replicate means that its `.xlsx` twin got (found by the interop test).
@Suite struct PlateFormatsTests {
    @Test func bothBioPlexExcelFormatsArePlates() {
        let plates = CytokinePlateProcessor()
        #expect(plates.applies(to: BioPlexXlsxReader().format))
        #expect(plates.applies(to: BioPlexXlsReader().format))
        #expect(plates.applies(to: BioPlexXMLReader().format))
    }
}
