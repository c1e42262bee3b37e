/// Who is looking at a page: decides the navigation and which actions are offered.
public struct Viewer: Sendable, Hashable {
    public var name: String
    public var role: String
    public var study: String
    public var site: String?
    /// The session's CSRF token, put in every form.
    public var csrf: String

    public init(name: String, role: String, study: String, site: String?, csrf: String) {
        self.name = name
        self.role = role
        self.study = study
        self.site = site
        self.csrf = csrf
    }

    public var mayUpload: Bool { role == "lab" }
    public var mayReport: Bool { role == "researcher" || role == "statistician" || role == "admin" }
    public var mayUnblind: Bool { role == "statistician" }
}

/// One batch as the study overview and the batch lists show it.
public struct BatchRow: Sendable, Hashable, Codable {
    public var id: Int64
    public var site: String
    /// UTC, ISO 8601 (the catalog's own time stamp).
    public var created: String
    public var user: String
    public var rows: Int64
    public var rejected: Int64
    public var warnings: Int64
    public var files: [String]

    public init(
        id: Int64, site: String, created: String, user: String, rows: Int64, rejected: Int64,
        warnings: Int64, files: [String]
    ) {
        self.id = id
        self.site = site
        self.created = created
        self.user = user
        self.rows = rows
        self.rejected = rejected
        self.warnings = warnings
        self.files = files
    }

    /// The calendar day of `created` (YYYY-MM-DD), for grouping by date.
    public var day: String { String(created.prefix(10)) }
}

/// One report run as the reports page lists it.
public struct ReportRow: Sendable, Hashable, Codable {
    public var id: Int64
    public var created: String
    public var user: String
    public var blinded: Bool
    public var files: [String]

    public init(id: Int64, created: String, user: String, blinded: Bool, files: [String]) {
        self.id = id
        self.created = created
        self.user = user
        self.blinded = blinded
        self.files = files
    }
}
