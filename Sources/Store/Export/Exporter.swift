import Domain
import Foundation
import HDF5

/// `immunopipe export`: consolidates a generation's segments into one HDF5 file that h5py,
/// pandas and `anndata.io.read_elem` open directly. Categories are unified across segments (each
/// segment has its own), provenance tables are concatenated, and rows stream through in chunks
/// so memory stays flat.
public struct Exporter {
    public let store: StudyStore
    public var chunk = 65536

    public init(store: StudyStore) { self.store = store }

    public struct Summary: Sendable, Codable {
        public var path: String
        public var generation: Int64
        public var batches: Int
        public var rows: Int
    }

    @discardableResult
    public func export(to path: String, generation: Int64? = nil) throws -> Summary {
        let g = try generation ?? store.catalog.currentGeneration()
        // Batches in content order (their smallest source SHA-256), not catalog-id order: ids
        // follow which shard committed first, so two reprocessings of the same archive would
        // otherwise export the same rows in different orders.
        let batches = try store.catalog.batches(generation: g).map { b in
            (b, try store.catalog.sources(batch: b.id).map(\.sha256).min() ?? "")
        }.sorted { ($0.1, $0.0.id) < ($1.1, $1.0.id) }.map(\.0)
        // Beside the output (a rename cannot cross filesystems), under a name unique to this
        // writer and listed with its owner first, so a killed export's file is cleaned up.
        let tmp = path + ".partial-\(TemporaryOwner.token)"
        try store.owner().register(external: tmp)
        let file: HDF5File
        do { file = try HDF5File.create(tmp) } catch { throw StoreError.classify(error, writing: tmp) }
        var rows = 0
        do {
            let root = try file.root()
            let out = try MeasurementTableWriter(parent: root, chunk: chunk)
            var sourceRows: [SegmentSource] = []
            var sourceBatch: [Double] = []
            var diagnostics: [AuxiliaryTable] = []
            var side: [String: [AuxiliaryTable]] = [:]
            for b in batches {
                guard let segPath = store.segmentPath(b) else { continue }
                let seg = try SegmentReader(path: segPath)
                let sourceOffset = Int32(sourceRows.count)
                for group in seg.rowGroups {
                    try Self.append(group, to: out, batch: b.id, sourceOffset: sourceOffset, chunk: chunk)
                }
                rows += try seg.rowCount
                if let s = try seg.table("sources") {
                    sourceRows += Self.segmentSources(s)
                    sourceBatch += Array(repeating: Double(b.id), count: s.rowCount)
                }
                if let d = try seg.table("diagnostics") { diagnostics.append(Self.offsetSource(d, by: Double(sourceOffset), batch: b.id)) }
                for name in try seg.sideTableNames() {
                    if let t = try seg.table(name) {
                        side[name, default: []].append(Self.offsetSource(t, by: Double(sourceOffset), batch: b.id))
                    }
                }
                try seg.close()
            }
            try out.finish()
            var sources = SegmentWriter.sourcesTable(sourceRows)
            sources.columns.append(("batch", .number(sourceBatch)))
            try DataFrameIO.write(sources, into: root)
            try DataFrameIO.write(
                try Self.concat("diagnostics", diagnostics, empty: SegmentWriter.diagnosticsTable([], sources: [])), into: root)
            try DataFrameIO.write(Self.batchesTable(batches), into: root)
            if !side.isEmpty {
                let tables = try root.createGroup("tables")
                for (name, parts) in side.sorted(by: { $0.key < $1.key }) {
                    try DataFrameIO.write(try Self.concat(name, parts, empty: nil), into: tables)
                }
            }
            try root.setAttribute("format", "immunopipe-export")
            try root.setAttribute("format-version", "1")
            try root.setAttribute("study", store.study)
            try root.setAttribute("generation", Int64(g))
            try root.setAttribute("batches", Int64(batches.count))
            try root.setAttribute("rows", Int64(rows))
            try root.setAttribute("exported_at", Clock.now())
            try root.setAttribute("exported_by", Identity.user)
            try root.setAttribute("store", store.root)
            try file.close()
            FaultPoint.reached("export.written")
            try FileSync.publish(tmp, as: path)
        } catch {
            try? file.close()
            try? FileManager.default.removeItem(atPath: tmp)
            throw StoreError.classify(error, writing: path)
        }
        try store.catalog.audit("export", "generation \(g), \(batches.count) batches, \(rows) rows → \(path)")
        return Summary(path: path, generation: g, batches: batches.count, rows: rows)
    }

    /// Appends a row group's rows, remapping its categories into the export's.
    static func append(_ group: RowGroupReader, to out: MeasurementTableWriter, batch: Int64, sourceOffset: Int32, chunk: Int) throws {
        var maps: [[Int32]] = []
        for (k, c) in MeasurementColumns.text.enumerated() {
            maps.append(out.adopt(column: k, try group.categories(c)))
        }
        let n = group.rows.count
        var start = 0
        while start < n {
            let r = start..<min(n, start + chunk)
            var columns: [[Int32]] = []
            for c in MeasurementColumns.text { columns.append(try group.codes(c, r)) }
            try out.appendCoded(
                text: columns, maps: maps,
                value: try group.numbers("value", r, as: Double.self),
                // The catalog's id: a reprocessed segment carries its staging store's.
                batch: Array(repeating: Int32(batch), count: r.count),
                source: try group.numbers("source", r, as: Int32.self).map { $0 + sourceOffset },
                line: try group.numbers("source_line", r, as: Int32.self),
                column: try group.numbers("source_column", r, as: Int32.self))
            start = r.upperBound
        }
    }

    static func segmentSources(_ t: AuxiliaryTable) -> [SegmentSource] {
        func text(_ n: String) -> [String] { t.text(n) ?? [] }
        func num(_ n: String) -> [Double] { t.numbers(n) ?? [] }
        let names = text("name"), sha = text("sha256"), size = num("size"), format = text("format"), pv = text("parser_version")
        let acc = num("rows_accepted"), rej = num("rows_rejected"), warn = num("warnings")
        return (0..<t.rowCount).map {
            SegmentSource(
                name: names[$0], sha256: sha[$0], size: Int64(size[$0]), format: format[$0], parserVersion: pv[$0],
                rowsAccepted: Int(acc[$0]), rowsRejected: Int(rej[$0]), warnings: Int(warn[$0]))
        }
    }

    /// Shifts a table's `source` column to export-wide source numbers and adds its batch.
    static func offsetSource(_ t: AuxiliaryTable, by offset: Double, batch: Int64) -> AuxiliaryTable {
        var t = t
        if let i = t.columns.firstIndex(where: { $0.name == "source" }), case .number(let v) = t.columns[i].column {
            t.columns[i].column = .number(v.map { $0 + offset })
        }
        t.columns.append(("batch", .number(Array(repeating: Double(batch), count: t.rowCount))))
        return t
    }

    /// Same-named tables of all segments; an empty table of the right shape when none has one.
    static func concat(_ name: String, _ parts: [AuxiliaryTable], empty: AuxiliaryTable?) throws -> AuxiliaryTable {
        guard parts.isEmpty else { return try AuxiliaryTable.concatenated(parts, name: name) }
        var e = empty ?? AuxiliaryTable(name: name, columns: [])
        e.name = name
        e.columns.append(("batch", .number([])))
        return e
    }

    static func batchesTable(_ batches: [BatchInfo]) -> AuxiliaryTable {
        AuxiliaryTable(
            name: "batches",
            columns: [
                ("batch", .number(batches.map { Double($0.id) })),
                ("generation", .number(batches.map { Double($0.generation) })),
                ("segment", .text(batches.map { $0.segment ?? "" })),
                ("created_at", .text(batches.map(\.createdAt))),
                ("committed_at", .text(batches.map { $0.committedAt ?? "" })),
                ("os_user", .text(batches.map(\.user))),
                ("host", .text(batches.map(\.host))),
                ("command", .text(batches.map(\.command))),
                ("panel", .text(batches.map(\.panel))),
                ("rows_accepted", .number(batches.map { Double($0.rowsAccepted) })),
                ("rows_rejected", .number(batches.map { Double($0.rowsRejected) })),
            ])
    }
}
