import FileIO
import Foundation

/// Records partitioned by key into spill files under one scratch directory (grace-hash style):
/// each partition is written as records arrive and read back whole, one at a time, so memory is
/// one partition rather than the whole input. The directory is removed by `removeAll` (and
/// `deinit`), whatever happened.
public final class SpillPartitions<Key: Hashable & Comparable, Record: Spillable> {
    public let directory: String
    private var files: [Key: SpillFile] = [:]
    private var finished = false

    /// `directory` must not exist yet; it is created.
    public init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    public var keys: [Key] { files.keys.sorted() }

    public func append(_ record: Record, to key: Key) throws {
        try append(to: key) { record.encode(into: &$0) }
    }

    /// Appends a record written by `encode`: a caller that needs only some fields back spills
    /// a compact form and reads it with the matching `take(_:decode:)`.
    public func append(to key: Key, encode: (inout ByteWriter) -> Void) throws {
        precondition(!finished, "append after reading began")
        try file(key).append(encode)
    }

    /// `count` records encoded elsewhere (`Record.encode`, in order), appended as `append`
    /// would append them one by one: a worker thread encodes, the owner only copies bytes.
    public func append(encoded: ByteWriter, count: Int, to key: Key) throws {
        precondition(!finished, "append after reading began")
        try file(key).append(encoded: encoded, count: count)
    }

    /// The same for `count` records encoded in parts, written one after the other.
    public func append(encoded parts: [ByteWriter], count: Int, to key: Key) throws {
        for (k, part) in parts.enumerated() { try append(encoded: part, count: k == 0 ? count : 0, to: key) }
    }

    private func file(_ key: Key) throws -> SpillFile {
        if let f = files[key] { return f }
        let f = try SpillFile(path: "\(directory)/\(files.count).spill", bufferSize: 1 << 15)
        files[key] = f
        return f
    }

    /// The records of one partition in the order they were appended (empty for an unknown key).
    /// The partition's file is deleted once read.
    public func take(_ key: Key) throws -> [Record] {
        Self.decode(try takeEncoded(key))
    }

    /// The records of one partition, each read by `decode` (see `append(to:encode:)`).
    public func take(_ key: Key, decode: (inout ByteReader) -> Record) throws -> [Record] {
        Self.decode(try takeEncoded(key), by: decode)
    }

    /// The bytes of one partition as `take` reads them, for `decode` on another thread.
    public func takeEncoded(_ key: Key) throws -> Encoded {
        if !finished {
            for f in files.values { try f.finishWriting() }
            finished = true
        }
        guard let file = files.removeValue(forKey: key) else { return Encoded(bytes: [], records: 0) }
        let bytes = try file.readAll()
        try? FileManager.default.removeItem(atPath: file.path)
        return Encoded(bytes: bytes, records: file.records)
    }

    /// One partition's records as spilled.
    public struct Encoded: Sendable {
        let bytes: [UInt8]
        public let records: Int
    }

    public static func decode(
        _ encoded: Encoded, by decode: (inout ByteReader) -> Record = Record.init(from:)
    ) -> [Record] {
        var reader = ByteReader(encoded.bytes)
        var out: [Record] = []
        out.reserveCapacity(encoded.records)
        while !reader.atEnd { out.append(decode(&reader)) }
        return out
    }

    public func removeAll() {
        files.removeAll()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
