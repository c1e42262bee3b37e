import Domain
import FileIO
import Foundation

/// A CSV file written a slice of rows at a time (`CSVBuffer`'s dialect), under a temporary name
/// renamed into place by `finish`, so a reader never sees half a table and a failed report
/// leaves no truncated file behind. Bytes are written on a thread of their own
/// (`QueuedFileOutput`), overlapping with the caller's next step.
final class CSVFileWriter {
    let path: String
    private let partial: String
    private var output: QueuedFileOutput?
    private var wroteHeader = false

    /// `bypassingPageCache`: for a file of gigabytes written once (cfb.csv); the result tables
    /// go through the page cache, most being small.
    init(path: String, bypassingPageCache: Bool = true) throws {
        self.path = path
        partial = path + ".partial"
        output = try QueuedFileOutput(creating: partial, bypassingPageCache: bypassingPageCache)
    }

    deinit {
        if output != nil {
            try? output?.close()
            try? FileManager.default.removeItem(atPath: partial)
        }
    }

    /// `table`'s rows (after the header, written first if it was not), formatted and handed to
    /// the writer's thread `rowsPerPiece` at a time: formatted whole, the response table of a
    /// 10 M-row report was one 69 MB array at the moment of the report's peak memory.
    func append(_ table: AuxiliaryTable, rowsPerPiece: Int = 32_768) throws {
        precondition(rowsPerPiece > 0, "a piece holds a row at least")
        guard let output else { return }
        var start = 0
        repeat {
            var csv = CSVBuffer()
            if !wroteHeader { csv.header(table.columns.map(\.name)) }
            wroteHeader = true
            let rows = start..<min(table.rowCount, start + rowsPerPiece)
            csv.rows(table, rows)
            try output.write(csv.takeBytes())
            start = rows.upperBound
        } while start < table.rowCount
    }

    /// CSV rows already formatted (after the header).
    func write(_ bytes: [UInt8]) throws {
        guard let output, !bytes.isEmpty else { return }
        try output.write(bytes)
    }

    /// CSV rows already formatted (after the header), the array given to `then` once written.
    func write(_ handed: HandedOverBytes, then: @escaping @Sendable ([UInt8]) -> Void) throws {
        guard let output else { return }
        try output.write(handed, then: then)
    }

    /// Closes the file and renames it into place.
    func finish() throws {
        try output?.close()
        output = nil
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: partial, toPath: path)
    }
}
