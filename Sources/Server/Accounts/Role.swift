/// What an account may do on its study (issue 13).
public enum Role: String, Sendable, Codable, CaseIterable {
    /// Uploads to its study; sees its own site's uploads only.
    case lab
    /// Reads blinded reports.
    case researcher
    /// Reads reports and may unblind them with the randomization.
    case statistician
    /// Manages accounts; reads everything of its study.
    case admin

    var mayUpload: Bool { self == .lab }
    var mayReport: Bool { self != .lab }
    var mayUnblind: Bool { self == .statistician }
}

/// An account as the portal knows it (never its password or token, only their hashes live in
/// the database).
public struct Account: Sendable, Hashable {
    public var name: String
    public var role: Role
    public var study: String
    public var site: String?
    public var created: String
}
