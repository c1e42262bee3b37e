import Domain
import FileIO
import Foundation
import Testing

@testable import Analysis

/// The pipeline spills analysed records straight from the derived columns; what it writes must
/// be exactly what spilling the row's whole record writes, or step 4 would read other values.
@Suite struct AnalysedRecordSpillTests {
    @Test func rowsFromColumnsSpillAsTheirRecords() throws {
        let studies = try StudyDefinition.loadAll(directory: studiesDirectory)
        var rows = 0
        for seed in 1...400 as ClosedRange<UInt64> {
            let c = ColumnarDerivationTests.cohort(seed: seed, studies: studies)
            guard let derivation = try? ChangeFromBaseline.Derivation(study: c.study, firstDoses: c.doses, arms: c.arms)
            else { continue }
            var warnings: [String] = []
            guard let columns = try? derivation.deriveColumns(c.values, warnings: &warnings) else { continue }
            for k in 0..<columns.count {
                var direct = ByteWriter(), viaRecord = ByteWriter()
                AnalysedRecordSpill.encode(columns, row: k, into: &direct)
                AnalysedRecordSpill.encode(columns.record(k), into: &viaRecord)
                if direct.bytes != viaRecord.bytes {
                    Issue.record("seed \(seed), row \(k): \(columns.record(k))")
                    return
                }
                rows += 1
            }
        }
        // Enough rows of every kind (no day, no visit, baselines, missing changes) to mean something.
        #expect(rows > 10_000)
    }
}
