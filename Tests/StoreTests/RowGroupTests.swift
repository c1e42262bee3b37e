import Domain
import Foundation
import HDF5
import Testing

@testable import Store

/// Measurements with something different in every row (sample, line, value) and a few repeated
/// columns, so order and categories can be checked after a round trip.
func rows(_ n: Int, prefix: String = "S") -> [Domain.Measurement] {
    (0..<n).map { i in row(i, prefix: prefix) }
}

func row(_ i: Int, prefix: String) -> Domain.Measurement {
    let even = i % 2 == 0
    let day = String(format: "%02d", i % 28 + 1)
    let date: String = i % 5 == 0 ? "" : "2024-01-\(day)"
    let low = i % 11 == 0
    var m = Measurement(
        sample: "\(prefix)\(i / 3)_V\(i % 4)", subject: "\(prefix)\(i / 12)", visit: "V\(i % 4)",
        collectionDate: date, assay: even ? .cytometry : .cytokine, analyte: "A\(i % 7)",
        statistic: even ? .count : .concentration, value: Double(i) * 0.25)
    m.denominator = i % 3 == 0 ? "CD4" : ""
    m.unit = even ? "events" : "pg/mL"
    m.qualifier = low ? .belowLLOQ : .inRange
    m.rawValue = low ? "< \(i)" : ""
    m.flags = i % 13 == 0 ? "control" : ""
    m.extra = i % 17 == 0 ? "{\"well\":\"A\(i % 12)\"}" : ""
    m.sourceLine = i + 2
    m.sourceColumn = 7
    return m
}

/// Archives `name` and opens a batch for it with the given row-group limits.
func openBatch(_ store: StudyStore, name: String, limits: RowGroupLimits) throws -> (StudyStore.OpenBatch, SegmentSource) {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(name)").path
    try UUID().uuidString.write(toFile: file, atomically: true, encoding: .utf8)
    let entry = try store.archive.archive(file)
    let (batch, _) = try store.beginBatch(
        files: [OfferedFile(sha256: entry.sha256, name: name, size: entry.size)], command: "test",
        rowGroups: limits)
    let source = SegmentSource(name: name, sha256: entry.sha256, size: entry.size, format: "test", parserVersion: "1")
    return (try #require(batch), source)
}

func block(_ ms: ArraySlice<Domain.Measurement>, capacity: Int = 16) -> MeasurementBlock {
    var b = MeasurementBlock(capacity: capacity)
    for m in ms { b.append(m) }
    return b
}

@Suite("Row groups")
struct RowGroupTests {
    @Test func aBlockDecodesToTheMeasurementsItWasGiven() {
        let ms = rows(300)
        // Capacity 16 makes the block grow several times on the way.
        let b = block(ms[...])
        #expect(b.count == 300)
        #expect(b.measurements == ms)
    }

    @Test("a block keeps texts Unicode calls equal but spells differently as written")
    func canonicallyEqualTextsKeepTheirBytes() {
        var ms = rows(4)
        ms[0].analyte = "Trég" // é as one code point
        ms[1].analyte = "Tre\u{301}g" // e and a combining accent
        ms[2].analyte = ms[0].analyte
        ms[3].analyte = "Tre\u{301}g"
        let b = block(ms[...])
        #expect(b.measurements.map { Array($0.analyte.utf8) } == ms.map { Array($0.analyte.utf8) })
        let analyte = MeasurementColumns.text.firstIndex(of: "analyte")!
        #expect(b.categories[analyte].count == 2)
    }

    @Test func aBatchRollsOverIntoRowGroupsReadBackInFullAndInOrder() throws {
        let s = try StudyStore.initialise(at: temporaryStorePath(), study: "S1")
        let (batch, source) = try openBatch(s, name: "a.csv", limits: RowGroupLimits(rows: 1000))
        let ms = rows(2500)
        // Blocks that straddle the group boundaries, and single values, mixed.
        try batch.writer.append(block(ms[0..<700]), source: 0)
        try batch.writer.append(block(ms[700..<1300]), source: 0)
        for m in ms[1300..<1310] { try batch.writer.append(m, source: 0) }
        try batch.writer.append(block(ms[1310..<2500]), source: 0)
        #expect(batch.writer.rowGroupCount == 3)
        var src = source
        src.rowsAccepted = ms.count
        try s.commit(batch, sources: [src], auditDetails: "test")

        let seg = try SegmentReader(path: try #require(s.segmentPath(try s.catalog.batches()[0])))
        #expect(seg.rowGroupCount == 3)
        #expect(seg.rowGroups.map(\.rows) == [0..<1000, 1000..<2000, 2000..<2500])
        #expect(try seg.rowCount == 2500)
        #expect(try seg.measurements() == ms)
        // A range across a boundary, and the row index continuing across groups.
        #expect(try seg.measurements(990..<1010) == Array(ms[990..<1010]))
        #expect(try seg.numbers("row", 995..<1005, as: Int64.self) == (995..<1005).map(Int64.init))
        #expect(try seg.numbers("source", 0..<2500, as: Int32.self) == Array(repeating: 0, count: 2500))
        // Reading without the provenance-only columns: the rest as stored, those empty.
        var partial: [Domain.Measurement] = []
        try s.forEachMeasurementColumnChunk(chunk: 700, omitting: [.sourceName, .extra, .sourceColumn]) {
            partial += $0.measurements
        }
        #expect(partial.count == ms.count && ms.contains { !$0.extra.isEmpty && !$0.sourceName.isEmpty })
        #expect(
            partial
                == ms.map {
                    var m = $0
                    m.sourceName = ""
                    m.extra = ""
                    m.sourceColumn = 0
                    return m
                })
        // Each group has its own categories, in order of first appearance within it.
        #expect(try seg.rowGroups[1].categories("subject").first == ms[1000].subject)
        #expect(try seg.attribute("format-version") == "2")

        var chunks: [Domain.Measurement] = []
        try s.forEachMeasurementChunk(chunk: 333) { chunks += $0 }
        #expect(chunks == ms)
        #expect(try StoreStatus.read(s).rowsPerTable["measurements"] == 2500)
    }

    @Test func rowByRowAndBlockWritesGiveTheSameSegment() throws {
        let s = try StudyStore.initialise(at: temporaryStorePath(), study: "S1")
        let ms = rows(900)
        let (a, sa) = try openBatch(s, name: "a.csv", limits: RowGroupLimits(rows: 400))
        for m in ms { try a.writer.append(m, source: 0) }
        try s.commit(a, sources: [sa], auditDetails: "a")
        let (b, sb) = try openBatch(s, name: "b.csv", limits: RowGroupLimits(rows: 400))
        try b.writer.append(block(ms[...], capacity: 1024), source: 0)
        try s.commit(b, sources: [sb], auditDetails: "b")
        let segs = try s.catalog.batches().map { try SegmentReader(path: try #require(s.segmentPath($0))) }
        #expect(segs.map(\.rowGroupCount) == [3, 3])
        for g in 0..<3 {
            for c in MeasurementColumns.text {
                #expect(try segs[0].rowGroups[g].categories(c) == segs[1].rowGroups[g].categories(c))
                let r = 0..<segs[0].rowGroups[g].rows.count
                #expect(try segs[0].rowGroups[g].codes(c, r) == segs[1].rowGroups[g].codes(c, r))
            }
        }
    }

    @Test func manyDistinctValuesRollOverOnTheCategoryBudget() throws {
        let s = try StudyStore.initialise(at: temporaryStorePath(), study: "S1")
        let (batch, source) = try openBatch(s, name: "a.csv", limits: RowGroupLimits(rows: 1 << 20, categoryBytes: 64 << 10))
        // Every row a new sample and a new `extra`: the categories grow by ~100 bytes a row.
        let ms = rows(6000).enumerated().map { i, m in
            var m = m
            m.sample = "SAMPLE-\(i)-" + String(repeating: "x", count: 20)
            m.extra = "{\"note\":\"\(i) \(String(repeating: "y", count: 30))\"}"
            return m
        }
        for k in stride(from: 0, to: ms.count, by: 500) { try batch.writer.append(block(ms[k..<(k + 500)]), source: 0) }
        #expect(batch.writer.rowGroupCount > 1)
        try s.commit(batch, sources: [source], auditDetails: "test")
        let seg = try SegmentReader(path: try #require(s.segmentPath(try s.catalog.batches()[0])))
        #expect(seg.rowGroupCount > 1)
        #expect(try seg.measurements() == ms)
    }

    @Test func exportReadsEveryRowGroupAndUnifiesTheirCategories() throws {
        let s = try StudyStore.initialise(at: temporaryStorePath(), study: "S1")
        let first = rows(1500, prefix: "P"), second = rows(800, prefix: "Q")
        let (a, sa) = try openBatch(s, name: "a.csv", limits: RowGroupLimits(rows: 600))
        try a.writer.append(block(first[...]), source: 0)
        try s.commit(a, sources: [sa], auditDetails: "a")
        let (b, sb) = try openBatch(s, name: "b.csv", limits: RowGroupLimits(rows: 600))
        try b.writer.append(block(second[...]), source: 0)
        try s.commit(b, sources: [sb], auditDetails: "b")

        let out = temporaryStorePath() + ".h5"
        let summary = try Exporter(store: s).export(to: out)
        #expect(summary.rows == 2300)
        let r = try SegmentReader(path: out)
        #expect(r.rowGroupCount == 1)
        let exported = try r.measurements()
        // Batches in content order (smallest source SHA-256 first), rows in order within each.
        let firstIsA = sa.sha256 < sb.sha256
        #expect(exported == (firstIsA ? first + second : second + first))
        #expect(try r.rowGroups[0].categories("visit") == ["V0", "V1", "V2", "V3"])
    }

    @Test func segmentsWrittenBeforeRowGroupsReadAsOneGroup() throws {
        // The layout of format-version 1: one `measurements` group, no `row-groups` attribute.
        let path = temporaryStorePath() + ".h5"
        let file = try HDF5File.create(path)
        let table = try MeasurementTableWriter(parent: try file.root())
        let ms = rows(50)
        try table.append(block(ms[...]), rows: 0..<50, batch: 1, source: 0)
        try table.finish()
        try file.root().setAttribute("format-version", "1")
        try file.close()
        let seg = try SegmentReader(path: path)
        #expect(seg.rowGroupCount == 1)
        #expect(try seg.measurements() == ms)
    }

    @Test func anAbandonedMultiGroupBatchLeavesNothing() throws {
        let s = try StudyStore.initialise(at: temporaryStorePath(), study: "S1")
        let (batch, _) = try openBatch(s, name: "a.csv", limits: RowGroupLimits(rows: 100))
        try batch.writer.append(block(rows(450)[...]), source: 0)
        #expect(batch.writer.rowGroupCount == 5)
        s.abandon(batch)
        #expect(try FileManager.default.subpathsOfDirectory(atPath: "\(s.root)/tmp").filter { $0.hasSuffix(".partial") }.isEmpty)
        #expect(try s.catalog.batches().isEmpty)
        #expect(try FileManager.default.subpathsOfDirectory(atPath: "\(s.root)/segments").filter { $0.hasSuffix(".h5") }.isEmpty)
    }
}
