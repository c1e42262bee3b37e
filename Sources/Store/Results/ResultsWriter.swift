import Domain
import Foundation
import HDF5

/// Writes derived results (report tables) into the store as one HDF5 file under `results/`,
/// published atomically like a segment (written under `tmp/`, fsynced, renamed) and recorded in
/// the audit log. Tables are added whole (`add`) or streamed a slice at a time
/// (`beginTable`), so a change-from-baseline table of millions of rows is never in memory.
public final class ResultsWriter {
    public let name: String
    private let store: StudyStore
    private let file: HDF5File
    private let root: HDF5Group
    private let temporaryPath: String
    private var open: StreamedTableWriter?
    private var written: [(name: String, rows: Int)] = []
    private var closed = false

    /// `ownerOnly`: the file is readable by its owner alone (0600), for results others sharing
    /// the store must not read (an unblinded report).
    public init(store: StudyStore, name: String, ownerOnly: Bool = false) throws {
        guard !name.isEmpty, !name.contains("/") else { throw StoreError.invalid("result name '\(name)' must be a plain file name") }
        self.store = store
        self.name = name
        temporaryPath = try store.owner().path("results", suffix: ".h5.partial")
        do {
            file = try HDF5File.create(temporaryPath)
            // Before any value is written, so no moment exists where others could read them.
            if ownerOnly, chmod(temporaryPath, 0o600) != 0 { throw StoreError.io("chmod \(temporaryPath)", errno) }
            root = try file.root()
        } catch {
            try? FileManager.default.removeItem(atPath: temporaryPath)
            throw StoreError.classify(error, writing: store.root)
        }
    }

    deinit { if !closed { discard() } }

    /// Adds a whole table.
    public func add(_ table: AuxiliaryTable) throws {
        try endTable()
        try DataFrameIO.write(table, into: root)
        written.append((table.name, table.rowCount))
    }

    /// Starts a streamed table; the previous one (if any) is finished.
    public func beginTable(_ name: String, plainText: Set<String> = []) throws -> StreamedTableWriter {
        try endTable()
        // The file's writing to disk is started as a large table grows, so that publishing
        // (which waits for the file to be on disk) does not write hundreds of megabytes at the
        // end, on one core, while the other waits: at 10 M rows its fsync took 113 ms, about
        // 10 ms with this.
        let file = self.file
        let t = try StreamedTableWriter(parent: root, name: name, plainText: plainText) { file.startWriteback() }
        open = t
        return t
    }

    private func endTable() throws {
        guard let t = open else { return }
        try t.finish()
        written.append((t.name, t.rowCount))
        open = nil
    }

    /// Sets the file's attributes, publishes it as `results/<name>.h5`, audits it; returns the path.
    public func publish(attributes: [String: String]) throws -> String {
        do {
            try endTable()
            try root.setAttribute("format", "immunopipe-results")
            try root.setAttribute("format-version", "1")
            try root.setAttribute("study", store.study)
            try root.setAttribute("generation", Int64(try store.catalog.currentGeneration()))
            try root.setAttribute("created_at", Clock.now())
            for (k, v) in attributes.sorted(by: { $0.key < $1.key }) { try root.setAttribute(k, v) }
            try file.close()
            closed = true
            let dir = "\(store.root)/results"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let final = "\(dir)/\(name).h5"
            // Never over another report's file, even one published in the same instant.
            try FileSync.publish(temporaryPath, asNew: final)
            try store.catalog.audit("results", "\(name): \(written.map { "\($0.name) (\($0.rows) rows)" }.joined(separator: ", "))")
            return final
        } catch {
            discard()
            throw StoreError.classify(error, writing: store.root)
        }
    }

    /// Drops the unpublished file (nothing reaches `results/`).
    public func discard() {
        if !closed { try? file.close() }
        closed = true
        try? FileManager.default.removeItem(atPath: temporaryPath)
    }
}
