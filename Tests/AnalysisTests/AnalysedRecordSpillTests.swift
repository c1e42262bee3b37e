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

    /// What step 4 reads of a record (`AnalysedRows`' fields), described: compared as text
    /// because AVAL may be NaN (no value), which == never equals.
    static func described(_ r: CFBRecord) -> String {
        [
            r.studyID, r.subject, r.arm, r.parameterCategory, r.parameterCode, r.parameter, r.analysisVisit, r.unit,
            r.basetype, "\(r.studyDay as Any)", "\(r.analysisVisitNumber as Any)", "\(r.value)", "\(r.change as Any)",
            "\(r.percentChange as Any)", "\(r.baselineFlag)", "\(r.analysisFlag)",
        ].joined(separator: "|")
    }

    /// Row `i` of `rows` described as `described(_:)` describes a record.
    static func described(_ rows: AnalysedRows, _ i: Int) -> String {
        let texts = AnalysedRows.Field.allCases.map { rows.text($0, i) }
        return
            (texts + [
                "\(rows.studyDay(i) as Any)", "\(rows.visitNumber(i) as Any)", "\(rows.values[i])", "\(rows.change(i) as Any)",
                "\(rows.percentChange(i) as Any)", "\(rows.isBaseline(i))", "\(rows.flags[i].contains(.analysed))",
            ]).joined(separator: "|")
    }

    static func described(_ rows: AnalysedRows) -> [String] { (0..<rows.count).map { described(rows, $0) } }

    /// The batches a deriving thread codes hold, per PARAMCD, exactly the rows step 4 is to
    /// read: analysed immune rows (ANL01FL, in a named visit, not clinical), in row order, each
    /// read back as its record's fields that step 4 reads; and records coded as rows
    /// (`AnalysedRows(_:)`) read the same.
    @Test func batchesDecodeToEachParametersAnalysedRecordsInOrder() throws {
        var batches = 0, rows = 0, clinicalSkipped = 0, noChange = 0, baselines = 0
        for (seed, columns) in try Self.derivedCohorts(1...500) {
            var expected: [String: [CFBRecord]] = [:]
            for k in 0..<columns.count {
                let r = columns.record(k)
                guard r.analysisFlag, !r.analysisVisit.isEmpty else { continue }
                if r.parameterCategory == Assay.clinical.rawValue {
                    clinicalSkipped += 1
                    continue
                }
                expected[r.parameterCode, default: []].append(r)
                if r.change == nil { noChange += 1 }
                if r.baselineFlag { baselines += 1 }
            }
            let got = AnalysedRecordSpill.batches(columns)
            #expect(Set(got.map(\.code)).count == got.count, "one batch per PARAMCD")
            #expect(Set(got.map(\.code)) == Set(expected.keys), "seed \(seed)")
            for b in got {
                let want = expected[b.code] ?? []
                #expect(b.count == want.count)
                // Two ranges' batches in one partition read back one after the other, into rows
                // holding another parameter's (emptied first, as step 4 reuses them).
                // Each batch is its parts one after the other, as the spill writes them.
                let once = b.parts.flatMap(\.bytes), twice = once + once
                var read = AnalysedRows(Array(columns.records.prefix(3)))
                AnalysedRecordSpill.decode(twice, expected: 2 * b.count, into: &read)
                let wantText = (want + want).map(Self.described), readText = Self.described(read)
                if readText != wantText {
                    Issue.record("seed \(seed), \(b.code): read back \(readText.first ?? "nothing"), want \(wantText.first ?? "nothing")")
                    return
                }
                #expect(Self.described(AnalysedRows(want)) == want.map(Self.described), "seed \(seed): records coded as rows")
                rows += b.count
            }
            batches += got.count
        }
        #expect(batches > 200)
        #expect(rows > 5_000)
        // Rows of every kind the coding distinguishes, or the comparison means little.
        #expect(clinicalSkipped > 0, "the cohorts must include clinical rows for the test to mean something")
        #expect(noChange > 0 && baselines > 0)
    }
}
