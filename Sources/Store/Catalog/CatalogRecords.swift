import GRDB

/// A batch as the catalog records it.
public struct BatchInfo: Sendable, Hashable, Codable {
    public var id: Int64
    public var generation: Int64
    public var status: String
    public var segment: String?
    public var createdAt: String
    public var committedAt: String?
    public var user: String
    public var host: String
    public var pid: Int32
    public var command: String
    public var panel: String
    public var shard: String
    public var rowsAccepted: Int64
    public var rowsRejected: Int64
    public var warnings: Int64
    public var segmentBytes: Int64
    public var processing: String
    /// The writer's owner token (`tmp/<owner>.lock`); empty for batches from before owner locks.
    public var owner: String

    init(row: Row) {
        id = row["id"]
        generation = row["generation"]
        status = row["status"]
        segment = row["segment"]
        createdAt = row["created_at"]
        committedAt = row["committed_at"]
        user = row["os_user"]
        host = row["host"]
        pid = row["pid"]
        command = row["command"]
        panel = row["panel"]
        shard = row["shard"]
        rowsAccepted = row["rows_accepted"]
        rowsRejected = row["rows_rejected"]
        warnings = row["warnings"]
        segmentBytes = row["segment_bytes"]
        processing = row["processing"]
        owner = row["owner"] ?? ""
    }
}

/// A source file as the catalog records it.
public struct SourceInfo: Sendable, Hashable, Codable {
    public var id: Int64
    public var batch: Int64
    public var generation: Int64
    public var sha256: String
    public var name: String
    public var size: Int64
    public var format: String
    public var parserVersion: String
    public var rowsAccepted: Int64
    public var rowsRejected: Int64
    public var warnings: Int64
    public var rejectedReason: String

    init(row: Row) {
        id = row["id"]
        batch = row["batch"]
        generation = row["generation"]
        sha256 = row["sha256"]
        name = row["name"]
        size = row["size"]
        format = row["format"]
        parserVersion = row["parser_version"]
        rowsAccepted = row["rows_accepted"]
        rowsRejected = row["rows_rejected"]
        warnings = row["warnings"]
        rejectedReason = row["rejected_reason"]
    }
}

/// One audit-log entry.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var id: Int64
    public var time: String
    public var user: String
    public var host: String
    public var action: String
    public var details: String
}

/// A file offered to a new batch: where it is archived and what it is called.
public struct OfferedFile: Sendable, Hashable {
    public var sha256: String
    public var name: String
    public var size: Int64
    public init(sha256: String, name: String, size: Int64) {
        self.sha256 = sha256
        self.name = name
        self.size = size
    }
}

/// A file a batch did not take, and why.
public struct SkippedFile: Sendable, Hashable {
    public var file: OfferedFile
    public var existingBatch: Int64
    /// Claimed by another live writer: not stored by this ingest, and not stored yet at all.
    public var held: Bool = false
    public var reason: String
}
