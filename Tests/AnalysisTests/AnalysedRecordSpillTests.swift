import Domain
import FileIO
import Foundation
import Testing

@testable import Analysis

/// The pipeline spills analysed records straight from the derived columns; what it writes must
/// be exactly what spilling the row's whole record writes, or step 4 would read other values.
@Suite struct AnalysedRecordSpillTests {
    /// The seeded cohorts that derive without an error, as columns.
    static func derivedCohorts(_ seeds: ClosedRange<UInt64>) throws -> [(seed: UInt64, columns: CFBColumns)] {
        let studies = try StudyDefinition.loadAll(directory: studiesDirectory)
        return seeds.compactMap { seed in
            let c = ColumnarDerivationTests.cohort(seed: seed, studies: studies)
            guard let derivation = try? ChangeFromBaseline.Derivation(study: c.study, firstDoses: c.doses, arms: c.arms)
            else { return nil }
            var warnings: [String] = []
            return (try? derivation.deriveColumns(c.values, warnings: &warnings)).map { (seed, $0) }
        }
    }

    @Test func rowsFromColumnsSpillAsTheirRecords() throws {
        var rows = 0
        for (seed, columns) in try Self.derivedCohorts(1...400) {
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

    /// The batches a deriving thread encodes hold, per PARAMCD, exactly the rows the caller used
    /// to spill one by one: analysed immune rows (ANL01FL, in a named visit, not clinical), in
    /// row order.
    @Test func batchesHoldEachParametersAnalysedRowsInOrder() throws {
        var batches = 0, clinicalSkipped = 0
        for (seed, columns) in try Self.derivedCohorts(1...200) {
            var expected: [String: (bytes: ByteWriter, count: Int)] = [:]
            for k in 0..<columns.count {
                let r = columns.record(k)
                guard r.analysisFlag, !r.analysisVisit.isEmpty else { continue }
                if r.parameterCategory == Assay.clinical.rawValue {
                    clinicalSkipped += 1
                    continue
                }
                var entry = expected[r.parameterCode] ?? (ByteWriter(), 0)
                AnalysedRecordSpill.encode(r, into: &entry.bytes)
                entry.count += 1
                expected[r.parameterCode] = entry
            }
            let got = AnalysedRecordSpill.batches(columns)
            #expect(Set(got.map(\.code)).count == got.count, "one batch per PARAMCD")
            #expect(Set(got.map(\.code)) == Set(expected.keys), "seed \(seed)")
            for b in got {
                #expect(b.bytes.bytes == expected[b.code]?.bytes.bytes, "seed \(seed), \(b.code)")
                #expect(b.count == expected[b.code]?.count)
            }
            batches += got.count
        }
        #expect(batches > 200)
        #expect(clinicalSkipped > 0, "the cohorts must include clinical rows for the test to mean something")
    }
}
