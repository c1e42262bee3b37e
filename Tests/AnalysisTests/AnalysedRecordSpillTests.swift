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

    /// A derived record as the spill gives it back: the fields step 4 reads, the others at
    /// their defaults.
    static func projected(_ r: CFBRecord) -> CFBRecord {
        var p = CFBRecord(
            studyID: r.studyID, subject: r.subject, arm: r.arm, parameterCategory: r.parameterCategory,
            parameterCode: r.parameterCode, parameter: r.parameter, date: "", value: r.value)
        p.studyDay = r.studyDay
        p.analysisVisit = r.analysisVisit
        p.analysisVisitNumber = r.analysisVisitNumber
        p.unit = r.unit
        p.basetype = r.basetype
        p.baselineFlag = r.baselineFlag
        p.change = r.change
        p.percentChange = r.percentChange
        p.analysisFlag = r.analysisFlag
        return p
    }

    /// The batches a deriving thread codes hold, per PARAMCD, exactly the rows step 4 is to
    /// read: analysed immune rows (ANL01FL, in a named visit, not clinical), in row order, each
    /// read back as its record's projection (the fields step 4 reads).
    @Test func batchesDecodeToEachParametersAnalysedRecordsInOrder() throws {
        var batches = 0, rows = 0, clinicalSkipped = 0, noChange = 0, baselines = 0
        var largest: (batch: AnalysedRecordSpill.Batch, records: [CFBRecord])?
        for (seed, columns) in try Self.derivedCohorts(1...500) {
            var expected: [String: [CFBRecord]] = [:]
            for k in 0..<columns.count {
                let r = columns.record(k)
                guard r.analysisFlag, !r.analysisVisit.isEmpty else { continue }
                if r.parameterCategory == Assay.clinical.rawValue {
                    clinicalSkipped += 1
                    continue
                }
                expected[r.parameterCode, default: []].append(Self.projected(r))
                if r.change == nil { noChange += 1 }
                if r.baselineFlag { baselines += 1 }
            }
            let got = AnalysedRecordSpill.batches(columns)
            #expect(Set(got.map(\.code)).count == got.count, "one batch per PARAMCD")
            #expect(Set(got.map(\.code)) == Set(expected.keys), "seed \(seed)")
            for b in got {
                let want = expected[b.code] ?? []
                #expect(b.count == want.count)
                // Two ranges' batches in one partition read back one after the other.
                let twice = b.bytes.bytes + b.bytes.bytes
                let read = AnalysedRecordSpill.decodeAll(twice, expected: 2 * b.count)
                // Described, not compared with ==: AVAL may be NaN (no value), which == never equals.
                let wantText = (want + want).map { "\($0)" }, readText = read.map { "\($0)" }
                if readText != wantText {
                    Issue.record(
                        "seed \(seed), \(b.code): read back \(read.first.map { "\($0)" } ?? "nothing"), want \(want.first.map { "\($0)" } ?? "nothing")"
                    )
                    return
                }
                rows += b.count
                if b.count > (largest?.batch.count ?? 0) { largest = (b, want) }
            }
            batches += got.count
        }
        #expect(batches > 200)
        #expect(rows > 5_000)
        #expect(largest != nil)
        // A parameter of a large cohort: storage past the huge-page threshold, built in place.
        if let largest {
            let (b, want) = (largest.batch, largest.records)
            let copies = HugePages.worthwhileBytes / max(1, b.count * MemoryLayout<CFBRecord>.stride) + 2
            let bytes = [[UInt8]](repeating: b.bytes.bytes, count: copies).flatMap { $0 }
            let read = AnalysedRecordSpill.decodeAll(bytes, expected: copies * b.count)
            #expect(read.count * MemoryLayout<CFBRecord>.stride > HugePages.worthwhileBytes)
            #expect(read.map { "\($0)" } == [[CFBRecord]](repeating: want, count: copies).flatMap { $0 }.map { "\($0)" })
            // Decoded again into the emptied storage of that decoding (as step 4 reuses one
            // parameter's array for the next): the same records, in the same storage.
            // (Moved, not copied: storage shared with another array is copied on its next change.)
            var emptied = consume read
            emptied.removeAll(keepingCapacity: true)
            let storage = emptied.withUnsafeBufferPointer { $0.baseAddress }
            let again = AnalysedRecordSpill.decodeAll(b.bytes.bytes, expected: b.count, into: consume emptied)
            #expect(again.map { "\($0)" } == want.map { "\($0)" })
            #expect(again.withUnsafeBufferPointer { $0.baseAddress } == storage, "decoded into the storage handed in")
            // Storage holding other records, and too small: emptied, then grown.
            let grown = AnalysedRecordSpill.decodeAll(bytes, expected: copies * b.count, into: Array(want.prefix(1)))
            #expect(grown.map { "\($0)" } == [[CFBRecord]](repeating: want, count: copies).flatMap { $0 }.map { "\($0)" })
        }
        // Rows of every kind the coding distinguishes, or the comparison means little.
        #expect(clinicalSkipped > 0, "the cohorts must include clinical rows for the test to mean something")
        #expect(noChange > 0 && baselines > 0)
    }
}
