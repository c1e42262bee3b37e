import Domain
import Foundation
import HDF5

/// One source file's provenance inside a segment.
public struct SegmentSource: Sendable, Hashable {
    public var name: String
    public var sha256: String
    public var size: Int64
    public var format: String
    public var parserVersion: String
    public var rowsAccepted: Int
    public var rowsRejected: Int
    public var warnings: Int

    public init(
        name: String, sha256: String, size: Int64, format: String, parserVersion: String,
        rowsAccepted: Int = 0, rowsRejected: Int = 0, warnings: Int = 0
    ) {
        self.name = name
        self.sha256 = sha256
        self.size = size
        self.format = format
        self.parserVersion = parserVersion
        self.rowsAccepted = rowsAccepted
        self.rowsRejected = rowsRejected
        self.warnings = warnings
    }
}

/// Writes one immutable segment: `measurements` (in row groups, see `RowGroupLimits`),
/// `sources`, `diagnostics` and side tables, under a temporary name in `STORE/tmp/`.
/// `publish()` closes, fsyncs and renames it into `segments/`; until then nothing is visible,
/// and a killed writer leaves only a temp file that recovery removes. Owned by one thread (the
/// pipeline's single writer stage).
public final class SegmentWriter {
    public let batch: Int64
    public let temporaryPath: String
    public let finalPath: String
    private let file: HDF5File
    private let root: HDF5Group
    private let chunk: Int
    private let limits: RowGroupLimits
    /// The row group being written, its number, and the rows of the groups already finished.
    private var group: MeasurementTableWriter
    private var groupIndex = 0
    private var rowsInFinishedGroups = 0
    /// Values given one at a time, gathered into a block for one source.
    private var pendingBlock: MeasurementBlock?
    private var pendingSource = 0
    private var diagnostics: [Diagnostic] = []
    private var diagnosticSources: [Int32] = []
    private var tables: [String: [AuxiliaryTable]] = [:]
    private var tableSources: [String: [Int32]] = [:]
    private let pauseMarker = ProcessInfo.processInfo.environment["IMMUNOPIPE_TEST_PAUSE_WRITER"]
    private let pauseInGroup = Int(ProcessInfo.processInfo.environment["IMMUNOPIPE_TEST_PAUSE_WRITER_GROUP"] ?? "") ?? 1

    init(batch: Int64, temporaryPath: String, finalPath: String, chunk: Int = 65536, limits: RowGroupLimits = .standard) throws {
        self.batch = batch
        self.temporaryPath = temporaryPath
        self.finalPath = finalPath
        self.chunk = chunk
        self.limits = limits
        // The metadata cache is capped so the writer's memory does not grow with the segment.
        file = try HDF5File.create(temporaryPath, metadataCacheBytes: 1 << 20)
        root = try file.root()
        group = try MeasurementTableWriter(parent: root, name: RowGroups.name(0), chunk: chunk)
    }

    public var rowCount: Int { rowsInFinishedGroups + group.count + (pendingBlock?.count ?? 0) }

    /// Row groups started so far.
    public var rowGroupCount: Int { groupIndex + 1 }

    /// Appends one accepted value read from source number `source` (its index in the list given
    /// to `publish`).
    public func append(_ m: Domain.Measurement, source: Int) throws {
        if source != pendingSource || (pendingBlock?.count ?? 0) >= 4096 { try writePending() }
        pendingSource = source
        if pendingBlock == nil { pendingBlock = MeasurementBlock(capacity: 1024) }
        pendingBlock!.append(m)
    }

    /// Appends a block of values read from source number `source`.
    public func append(_ block: MeasurementBlock, source: Int) throws {
        try writePending()
        try write(block, source: source)
    }

    private func writePending() throws {
        guard let block = pendingBlock, !block.isEmpty else { return }
        pendingBlock = nil
        try write(block, source: pendingSource)
    }

    /// Splits the block at row-group boundaries; a full group is finished before the next row.
    private func write(_ block: MeasurementBlock, source: Int) throws {
        var start = 0
        while start < block.count {
            if group.count >= limits.rows || group.categoryBytes >= limits.categoryBytes { try startNextGroup() }
            let end = min(block.count, start + (limits.rows - group.count))
            try group.append(block, rows: start..<end, batch: Int32(batch), source: Int32(source))
            start = end
        }
        if let marker = pauseMarker, groupIndex + 1 >= pauseInGroup { try pauseForCrashTest(marker) }
    }

    private func startNextGroup() throws {
        try group.finish()
        rowsInFinishedGroups += group.count
        groupIndex += 1
        group = try MeasurementTableWriter(
            parent: root, name: RowGroups.name(groupIndex), chunk: chunk,
            firstRow: rowsInFinishedGroups)
    }

    /// Records a rejected row or warning.
    public func record(_ d: Diagnostic, source: Int) {
        diagnostics.append(d)
        diagnosticSources.append(Int32(source))
    }

    /// Adds a side table (standard curves, QC…); tables of the same name are concatenated.
    public func attach(_ table: AuxiliaryTable, source: Int) {
        tables[table.name, default: []].append(table)
        tableSources[table.name, default: []].append(Int32(source))
    }

    /// Finishes the file and makes it visible under `segments/`. Returns the final path.
    public func publish(sources: [SegmentSource], attributes: [String: String]) throws -> String {
        try writePending()
        try group.finish()
        try DataFrameIO.write(Self.sourcesTable(sources), into: root)
        try DataFrameIO.write(diagnosticsTable(), into: root)
        if !tables.isEmpty {
            let group = try root.createGroup("tables")
            for (name, parts) in tables.sorted(by: { $0.key < $1.key }) {
                try DataFrameIO.write(try Self.concatenate(name: name, parts, sources: tableSources[name] ?? []), into: group)
            }
        }
        try root.setAttribute("format", "immunopipe-segment")
        try root.setAttribute("format-version", "2")
        try root.setAttribute(RowGroups.countAttribute, Int64(rowGroupCount))
        try root.setAttribute("batch", Int64(batch))
        for (k, v) in attributes.sorted(by: { $0.key < $1.key }) { try root.setAttribute(k, v) }
        try file.close()
        try FileManager.default.createDirectory(
            atPath: (finalPath as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        try FileSync.publish(temporaryPath, as: finalPath)
        return finalPath
    }

    /// Closes and deletes the temporary file (the batch is abandoned).
    public func discard() {
        try? file.close()
        try? FileManager.default.removeItem(atPath: temporaryPath)
    }

    static func sourcesTable(_ sources: [SegmentSource]) -> AuxiliaryTable {
        AuxiliaryTable(
            name: "sources",
            columns: [
                ("name", .text(sources.map(\.name))),
                ("sha256", .text(sources.map(\.sha256))),
                ("size", .number(sources.map { Double($0.size) })),
                ("format", .text(sources.map(\.format))),
                ("parser_version", .text(sources.map(\.parserVersion))),
                ("rows_accepted", .number(sources.map { Double($0.rowsAccepted) })),
                ("rows_rejected", .number(sources.map { Double($0.rowsRejected) })),
                ("warnings", .number(sources.map { Double($0.warnings) })),
            ])
    }

    func diagnosticsTable() -> AuxiliaryTable { Self.diagnosticsTable(diagnostics, sources: diagnosticSources) }

    static func diagnosticsTable(_ diagnostics: [Diagnostic], sources diagnosticSources: [Int32]) -> AuxiliaryTable {
        AuxiliaryTable(
            name: "diagnostics",
            columns: [
                ("source", .number(diagnosticSources.map { Double($0) })),
                ("severity", .text(diagnostics.map(\.severity.rawValue))),
                ("file", .text(diagnostics.map(\.location.file))),
                ("line", .number(diagnostics.map { Double($0.location.line) })),
                ("column", .number(diagnostics.map { Double($0.location.column) })),
                ("code", .text(diagnostics.map(\.code))),
                ("message", .text(diagnostics.map(\.message))),
            ])
    }

    /// Concatenates same-named side tables from several files, adding a `source` column. Tables
    /// whose columns differ are an error rather than a silent merge.
    static func concatenate(name: String, _ parts: [AuxiliaryTable], sources: [Int32]) throws -> AuxiliaryTable {
        if parts.first?.columns.contains(where: { $0.name == "source" }) == true {
            throw StoreError.invalid(
                "side table '\(name)' has a column named 'source', which the store reserves for the source file number")
        }
        var merged = try AuxiliaryTable.concatenated(parts, name: name)
        var sourceColumn: [Double] = []
        for (p, s) in zip(parts, sources) { sourceColumn += Array(repeating: Double(s), count: p.rowCount) }
        merged.columns.append(("source", .number(sourceColumn)))
        return merged
    }

    /// Test-only switch (`IMMUNOPIPE_TEST_PAUSE_WRITER=<marker file>`): once rows are on disk in
    /// row group `IMMUNOPIPE_TEST_PAUSE_WRITER_GROUP` (default 1) of the temporary segment,
    /// create the marker and wait to be killed. Lets the crash tests SIGKILL a writer in the
    /// middle of a segment, and after it has rolled over into further row groups.
    private func pauseForCrashTest(_ marker: String) throws {
        try group.flush()
        try file.flush()
        _ = FileManager.default.createFile(atPath: marker, contents: Data("\(getpid())".utf8))
        while true { sleep(1) }
    }
}
