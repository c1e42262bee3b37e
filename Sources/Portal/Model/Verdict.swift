import Domain

/// The verdict of one upload, in the shape the JSON API returns (issue 13) and the verdict page
/// renders: what was stored, what was rejected and why, per file and in total.
public struct Verdict: Codable, Sendable, Hashable {
    public struct File: Codable, Sendable, Hashable {
        public var name: String
        public var format: String
        /// Rows stored from this file.
        public var rows: Int
        public var rejected: Int
        public var warnings: Int
        /// `stored`, `rejected` (nothing stored from it) or `skipped` (already in the store).
        public var outcome: String
        public var message: String

        public init(
            name: String, format: String, rows: Int, rejected: Int, warnings: Int,
            outcome: String, message: String
        ) {
            self.name = name
            self.format = format
            self.rows = rows
            self.rejected = rejected
            self.warnings = warnings
            self.outcome = outcome
            self.message = message
        }
    }

    public struct Problem: Codable, Sendable, Hashable {
        public var file: String
        public var line: Int
        public var column: Int
        public var severity: String
        public var code: String
        public var message: String
        /// In a workbook: the sheet (then `line` is the row and `column` the column number) and
        /// the cell as Excel names it (`C7`); absent for text files.
        public var sheet: String?
        public var cell: String?

        public init(_ d: Diagnostic) {
            file = d.location.file
            line = d.location.line
            column = d.location.column
            severity = d.severity.rawValue
            code = d.code
            message = d.message
            sheet = d.location.sheet
            cell = d.location.cellReference
        }

        /// `file:line:column` as an editor shows it (line 0: the whole file), or
        /// `file: 'Sheet'!C7` in a workbook.
        public var place: String {
            SourceLocation(file: file, line: line, column: column, sheet: sheet).description
        }
    }

    /// The catalog batch the stored values went into; nil when nothing new was stored.
    public var batch: Int64?
    public var stored: Int
    public var rejected: Int
    public var warnings: Int
    public var files: [File]
    public var diagnostics: [Problem]

    enum CodingKeys: String, CodingKey { case batch, stored, rejected, warnings, files, diagnostics }

    /// `batch` is written as null when there is none (the API's shape always has the key).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(batch, forKey: .batch)
        try c.encode(stored, forKey: .stored)
        try c.encode(rejected, forKey: .rejected)
        try c.encode(warnings, forKey: .warnings)
        try c.encode(files, forKey: .files)
        try c.encode(diagnostics, forKey: .diagnostics)
    }

    public init(batch: Int64?, stored: Int, rejected: Int, warnings: Int, files: [File], diagnostics: [Problem]) {
        self.batch = batch
        self.stored = stored
        self.rejected = rejected
        self.warnings = warnings
        self.files = files
        self.diagnostics = diagnostics
    }
}
