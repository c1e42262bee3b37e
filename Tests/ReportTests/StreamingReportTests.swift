import Analysis
import Domain
import FileIO
import Foundation
import Testing

@testable import Report

/// The report derived a few subjects at a time (as it is on millions of measurements) must be
/// the report derived all at once, byte for byte, and leave no scratch file behind.
@Suite struct StreamingReportTests {
    static let tables = ["cfb.csv", "response.csv", "summary.csv", "associations.csv"]

    @Test(arguments: [false, true])
    func partitionedEqualsWhole(unblinded: Bool) throws {
        let (whole, wholeDir) = try Fixture.build(unblinded: unblinded)
        // 10 values per range: the eight subjects (≈ 24 values each, with clinical data) end up
        // in separate ranges.
        let (parts, partsDir) = try Fixture.build(unblinded: unblinded, rowsPerPartition: 10)
        defer {
            try? FileManager.default.removeItem(at: wholeDir)
            try? FileManager.default.removeItem(at: partsDir)
        }
        for name in Self.tables {
            #expect(try Fixture.text(wholeDir, name) == Fixture.text(partsDir, name), "\(name) differs when partitioned")
        }
        #expect(whole.cfbRows == parts.cfbRows)
        #expect(whole.cfbRows > 0)
        // The page is the same but for nothing: same sections, same numbers.
        #expect(try Fixture.text(wholeDir, ReportBuilder.htmlName) == Fixture.text(partsDir, ReportBuilder.htmlName))
        let left = try FileManager.default.contentsOfDirectory(atPath: partsDir.path).sorted()
        #expect(left == ([ReportBuilder.htmlName] + Self.tables).sorted(), "scratch files left: \(left)")
    }

    @Test func analyseKeepsEveryRecordTheFileHas() throws {
        let data = try Fixture.data(unblinded: true)
        let (summary, dir) = try Fixture.build(unblinded: true, rowsPerPartition: 7)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(data.dataset.records.count == summary.cfbRows)
        #expect(data.cfbRows == summary.cfbRows)
        let csv = try Fixture.text(dir, "cfb.csv")
        #expect(csv == CSVWriter.render(CFBTable.make(data.dataset.records)))
    }

    @Test func subjectRangesAreContiguousAndCoverEverySubject() {
        let subjects = (1...103).map { String(format: "P%03d", $0) }
        let ranges = SubjectRanges(sortedSubjects: subjects, parts: 10)
        #expect(ranges.count == 10)
        let index = subjects.map(ranges.index(of:))
        #expect(index == index.sorted(), "ranges must follow subject order")
        #expect(Set(index) == Set(0..<10))
        // A subject the list did not have falls where it sorts.
        #expect(ranges.index(of: "P000") == 0)
        #expect(ranges.index(of: "Z") == 9)
        // More parts than subjects: one per subject at most.
        #expect(SubjectRanges(sortedSubjects: ["A", "B"], parts: 50).count == 2)
        #expect(SubjectRanges(sortedSubjects: [], parts: 5).count == 1)
    }

    @Test func recordsSurviveTheSpillFileUnchanged() throws {
        let dir = NSTemporaryDirectory() + "spill-test-\(UUID().uuidString)"
        var values: [AnalysisValue] = []
        var records: [CFBRecord] = []
        for i in 0..<5000 {
            values.append(
                AnalysisValue(
                    subject: "S\(i % 37)", collectedVisit: i % 2 == 0 ? "W12" : "", date: "2024-01-\(10 + i % 9)",
                    parameterCategory: "cytokine", parameterCode: "IFNG", parameter: "IFN-γ (pg/mL)",
                    value: i % 5 == 0 ? .nan : Double(i) / 3, valueText: i % 5 == 0 ? "< 0.105" : "",
                    unit: "pg/mL", qualifier: i % 5 == 0 ? .belowLLOQ : .inRange,
                    lloq: i % 5 == 0 ? 0.105 : .nan, source: "plate \"1\", line \(i)"))
            var r = CFBRecord(
                studyID: "NCT05495321", subject: "S\(i % 37)", arm: i % 3 == 0 ? "IL2" : "",
                parameterCategory: "cytometry", parameterCode: "TREG.FREQ_OF.CD4", parameter: "TREG % of CD4 — µ",
                date: "2024-02-01", value: Double(i))
            r.studyDay = i % 4 == 0 ? nil : i - 100
            r.analysisVisit = "Week 12"
            r.analysisVisitNumber = i % 6 == 0 ? nil : 12
            r.change = i % 2 == 0 ? nil : -Double(i)
            r.percentChange = i % 7 == 0 ? nil : 1.5
            r.baselineFlag = i % 11 == 0
            r.analysisFlag = true
            r.note = i % 13 == 0 ? "AVAL = LLOQ/2" : ""
            records.append(r)
        }
        let vp = try SpillPartitions<Int, AnalysisValue>(directory: dir + "/v")
        let rp = try SpillPartitions<String, CFBRecord>(directory: dir + "/r")
        for (i, v) in values.enumerated() { try vp.append(v, to: i % 3) }
        for r in records { try rp.append(r, to: r.subject) }
        var back: [AnalysisValue] = []
        for k in vp.keys { back += try vp.take(k) }
        let expected = (0..<3).flatMap { k in values.enumerated().filter { $0.offset % 3 == k }.map(\.element) }
        #expect(back.count == expected.count)
        for (a, b) in zip(back, expected) {
            #expect(a.subject == b.subject && a.parameter == b.parameter && a.source == b.source && a.qualifier == b.qualifier)
            #expect(a.value.isNaN == b.value.isNaN && (a.value.isNaN || a.value == b.value))
            #expect(a.lloq.isNaN == b.lloq.isNaN && (a.lloq.isNaN || a.lloq == b.lloq))
        }
        // Encoded elsewhere in batches (as the engine's reading worker does), appended as bytes,
        // read back as bytes and decoded: the same values in the same order per partition.
        let ve = try SpillPartitions<Int, AnalysisValue>(directory: dir + "/e")
        for half in [values.indices.prefix(values.count / 2), values.indices.dropFirst(values.count / 2)] {
            for k in 0..<3 {
                var w = ByteWriter()
                let mine = half.filter { $0 % 3 == k }
                for i in mine { values[i].encode(into: &w) }
                try ve.append(encoded: w, count: mine.count, to: k)
            }
        }
        var viaBytes: [AnalysisValue] = []
        for k in ve.keys {
            let encoded = try ve.takeEncoded(k)
            #expect(encoded.records == values.indices.filter { $0 % 3 == k }.count)
            viaBytes += SpillPartitions<Int, AnalysisValue>.decode(encoded)
        }
        #expect(viaBytes.map(\.source) == expected.map(\.source))
        #expect(viaBytes.map(\.subject) == expected.map(\.subject))
        #expect(viaBytes.map(\.value.bitPattern) == expected.map(\.value.bitPattern))
        ve.removeAll()
        var backRecords: [CFBRecord] = []
        for k in rp.keys { backRecords += try rp.take(k) }
        let byKey = Dictionary(grouping: records, by: \.subject)
        let expectedRecords = byKey.keys.sorted().flatMap { byKey[$0]! }
        #expect(backRecords.map(\.adamValues) == expectedRecords.map(\.adamValues))
        #expect(try vp.take(0).isEmpty, "a partition is read once")
        vp.removeAll()
        rp.removeAll()
        #expect(!FileManager.default.fileExists(atPath: dir + "/v"))
        try? FileManager.default.removeItem(atPath: dir)
    }
}
