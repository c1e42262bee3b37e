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

    init(path: String) throws {
        self.path = path
        partial = path + ".partial"
        output = try QueuedFileOutput(creating: partial, bypassingPageCache: true)
    }

    deinit {
        if output != nil {
            try? output?.close()
            try? FileManager.default.removeItem(atPath: partial)
        }
    }

    func append(_ table: AuxiliaryTable) throws {
        guard let output else { return }
        var csv = CSVBuffer()
        if !wroteHeader { csv.header(table.columns.map(\.name)) }
        wroteHeader = true
        csv.rows(table)
        try output.write(csv.takeBytes())
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
