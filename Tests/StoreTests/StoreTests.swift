import Domain
import Foundation
import GRDB
import HDF5
import Testing

@testable import Store

func temporaryStorePath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("store-tests-\(UUID().uuidString)").path
}

/// A new store (study "TEST") at a temporary path for `body`, removed afterwards.
func withTemporaryStore(_ body: (StudyStore) throws -> Void) throws {
    let path = temporaryStorePath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    try body(try StudyStore.initialise(at: path, study: "TEST"))
}

/// Writes one batch with the given measurements through the store's own API.
@discardableResult
func commitBatch(_ store: StudyStore, name: String, bytes: String, _ ms: [Domain.Measurement]) throws -> Int64? {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(name)").path
    try bytes.write(toFile: file, atomically: true, encoding: .utf8)
    let entry = try store.archive.archive(file)
    let (batch, _) = try store.beginBatch(files: [OfferedFile(sha256: entry.sha256, name: name, size: entry.size)], command: "test")
    guard let batch else { return nil }
    for m in ms { try batch.writer.append(m, source: 0) }
    try store.commit(
        batch,
        sources: [
            SegmentSource(
                name: name, sha256: entry.sha256, size: entry.size, format: "test",
                parserVersion: "1", rowsAccepted: ms.count)
        ], auditDetails: "test")
    return batch.id
}

func m(_ subject: String, _ analyte: String, _ value: Double, qualifier: Qualifier = .inRange) -> Domain.Measurement {
    Measurement(
        sample: "\(subject)_BL", subject: subject, visit: "BASELINE", assay: .cytokine, analyte: analyte,
        statistic: .concentration, value: value, unit: "pg/mL", qualifier: qualifier)
}

@Suite("Study store")
struct StoreTests {
    @Test func initCreatesTheLayoutAndRefusesToOverwrite() throws {
        let path = temporaryStorePath()
        let s = try StudyStore.initialise(at: path, study: "NCT05495321")
        for d in ["raw", "segments", "tmp"] { #expect(FileManager.default.fileExists(atPath: "\(path)/\(d)")) }
        #expect(try s.catalog.currentGeneration() == 1)
        #expect(throws: StoreError.self) { try StudyStore.initialise(at: path, study: "NCT05495321") }
        #expect(throws: StoreError.self) { try StudyStore.initialise(at: temporaryStorePath(), study: "bad id!") }
        #expect(throws: StoreError.self) { try StudyStore.open(at: temporaryStorePath()) }
        #expect(try StudyStore.open(at: path).study == "NCT05495321")
    }

    @Test func sameBytesAreStoredOnceAndSayWhere() throws {
        let s = try StudyStore.initialise(at: temporaryStorePath(), study: "S1")
        let first = try commitBatch(s, name: "a.csv", bytes: "same", [m("P1", "IL6", 1)])
        #expect(first == 1)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        try "same".write(toFile: file, atomically: true, encoding: .utf8)
        let e = try s.archive.archive(file)
        let (batch, skipped) = try s.beginBatch(files: [OfferedFile(sha256: e.sha256, name: "copy.csv", size: e.size)], command: "t")
        #expect(batch == nil)
        #expect(skipped.map(\.reason) == ["already ingested as batch 1"])
        #expect(try s.archive.allDigests() == [e.sha256])
    }

    @Test func anAbandonedBatchLeavesNothingVisibleAndReleasesItsClaims() throws {
        let s = try StudyStore.initialise(at: temporaryStorePath(), study: "S1")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let e = try s.archive.archive(file)
        let offered = OfferedFile(sha256: e.sha256, name: "x.csv", size: e.size)
        let (batch, _) = try s.beginBatch(files: [offered], command: "t")
        try batch!.writer.append(m("P1", "IL6", 1), source: 0)
        s.abandon(batch!)
        // Only this process's (locked) owner folder, empty: the partial segment is gone.
        #expect(try FileManager.default.subpathsOfDirectory(atPath: "\(s.root)/tmp").filter { $0.contains(".partial") }.isEmpty)
        #expect(try s.catalog.batches().isEmpty)
        #expect(try s.beginBatch(files: [offered], command: "t").batch != nil)
    }

    @Test func exportUnifiesCategoriesAcrossSegments() throws {
        let s = try StudyStore.initialise(at: temporaryStorePath(), study: "S1")
        try commitBatch(s, name: "a.csv", bytes: "a", [m("P1", "IL6", 1), m("P1", "TNF-α", 2, qualifier: .belowLLOQ)])
        try commitBatch(s, name: "b.csv", bytes: "b", [m("P2", "TNF-α", 3), m("P2", "IFN-γ", .nan, qualifier: .notAvailable)])
        let out = temporaryStorePath() + ".h5"
        let summary = try Exporter(store: s).export(to: out)
        #expect(summary.rows == 4 && summary.batches == 2)
        let r = try SegmentReader(path: out)
        let ms = try r.measurements()
        // Batches are exported in content order (smallest source SHA-256 first):
        // sha256("b") = 3e23e8…, sha256("a") = ca9781…, so b.csv's batch comes first.
        #expect(ms.map(\.analyte) == ["TNF-α", "IFN-γ", "IL6", "TNF-α"])
        #expect(try r.rowGroups[0].categories("analyte") == ["TNF-α", "IFN-γ", "IL6"])
        #expect(ms[1].value.isNaN && ms[3].qualifier == .belowLLOQ)
        let sources = try #require(try r.table("sources"))
        #expect(sources.rowCount == 2)
        #expect(try r.attribute("format") == "immunopipe-export")
    }

    @Test func theAuditLogIsAppendOnly() throws {
        let s = try StudyStore.initialise(at: temporaryStorePath(), study: "S1")
        try s.catalog.audit("test", "one")
        #expect(try s.catalog.auditLog().map(\.action) == ["init", "test"])
        #expect(throws: DatabaseError.self) { try s.catalog.transaction { try $0.execute(sql: "UPDATE audit SET details = 'x'") } }
        #expect(throws: DatabaseError.self) { try s.catalog.transaction { try $0.execute(sql: "DELETE FROM audit") } }
    }

    @Test func sha256MatchesAKnownVector() throws {
        // NIST FIPS 180-2 example: SHA-256("abc").
        #expect(SHA256Hasher.hex(of: Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
