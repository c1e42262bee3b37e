import Foundation
import GRDB
import HummingbirdBcrypt

/// Accounts, password hashes (bcrypt), API-token hashes, sessions, and the portal's record of
/// uploads and report runs, in `DIR/portal.sqlite` (WAL mode, IMMEDIATE writes: the server and
/// the `users` command may use it at once).
public final class AccountStore: Sendable {
    public static let fileName = "portal.sqlite"
    let pool: DatabasePool
    let bcryptCost: UInt8
    /// A bcrypt hash of nothing anyone knows, verified against for unknown names.
    let decoyHash: String

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        init(_ d: String) { description = d }
    }

    /// Opens (creating if needed) the accounts database of a stores directory.
    public init(directory: String, bcryptCost: UInt8 = 12) throws {
        var config = Configuration()
        config.busyMode = .timeout(30)
        pool = try DatabasePool(path: (directory as NSString).appendingPathComponent(Self.fileName), configuration: config)
        self.bcryptCost = bcryptCost
        decoyHash = Bcrypt.hash(Secrets.random(), cost: bcryptCost)
        try Self.migrator.migrate(pool)
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1: accounts, sessions, uploads, reports") { db in
            try db.execute(
                sql: """
                    CREATE TABLE users(
                        name TEXT PRIMARY KEY, role TEXT NOT NULL, study TEXT NOT NULL, site TEXT,
                        password_hash TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL);
                    CREATE TABLE sessions(
                        id_hash TEXT PRIMARY KEY, user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
                        csrf TEXT NOT NULL, expires REAL NOT NULL);
                    CREATE TABLE uploads(
                        id INTEGER PRIMARY KEY AUTOINCREMENT, study TEXT NOT NULL, batch INTEGER,
                        user TEXT NOT NULL, site TEXT NOT NULL, created_at TEXT NOT NULL, verdict TEXT NOT NULL);
                    CREATE INDEX uploads_batch ON uploads(study, batch);
                    CREATE TABLE reports(
                        id INTEGER PRIMARY KEY AUTOINCREMENT, study TEXT NOT NULL, user TEXT NOT NULL,
                        blinded INTEGER NOT NULL, created_at TEXT NOT NULL, directory TEXT NOT NULL, files TEXT NOT NULL);
                    """)
        }
        return m
    }

    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }

    static func validName(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 64
            && s.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) && $0.isASCII || "-_.@".unicodeScalars.contains($0)
            }
    }

    // MARK: accounts

    /// Creates an account; returns its API token and one-time password (shown once, never stored).
    public func add(name: String, role: Role, study: String, site: String?) throws -> (token: String, password: String) {
        guard Self.validName(name) else { throw Failure("account names are 1-64 letters, digits, '-', '_', '.', '@'") }
        if role == .lab && (site ?? "").isEmpty { throw Failure("a lab account needs --site (it sees its own site's uploads)") }
        let token = Secrets.newToken(), password = Secrets.newPassword()
        let passwordHash = Bcrypt.hash(password, cost: bcryptCost)
        try pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM users WHERE name = ?", arguments: [name]) == true {
                throw Failure("account \(name) already exists")
            }
            try db.execute(
                sql: "INSERT INTO users(name, role, study, site, password_hash, token_hash, created_at) VALUES (?,?,?,?,?,?,?)",
                arguments: [name, role.rawValue, study, site, passwordHash, Secrets.hash(token), Self.now()])
        }
        return (token, password)
    }

    public func list() throws -> [Account] {
        try pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY name").compactMap(Self.account) }
    }

    public func account(named name: String) throws -> Account? {
        try pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM users WHERE name = ?", arguments: [name]).flatMap(Self.account) }
    }

    /// Removes an account and its sessions. Returns false when there was none.
    public func remove(name: String) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE user = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM users WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    /// A new API token for an account; the old one stops working at once.
    public func newToken(name: String) throws -> String {
        let token = Secrets.newToken()
        let changed = try pool.write { db in
            try db.execute(sql: "UPDATE users SET token_hash = ? WHERE name = ?", arguments: [Secrets.hash(token), name])
            return db.changesCount
        }
        guard changed == 1 else { throw Failure("no account \(name)") }
        return token
    }

    /// Sets a password (tests and the demo; the `users` command prints a generated one).
    public func setPassword(name: String, password: String) throws {
        let h = Bcrypt.hash(password, cost: bcryptCost)
        try pool.write { db in try db.execute(sql: "UPDATE users SET password_hash = ? WHERE name = ?", arguments: [h, name]) }
    }

    /// The account a bearer token belongs to. The token's hash is looked up, then compared again
    /// in constant time (the index lookup alone would leak timing of the hash prefix).
    public func account(token: String) throws -> Account? {
        let h = Secrets.hash(token)
        return try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM users WHERE token_hash = ?", arguments: [h]),
                Secrets.constantTimeEqual(row["token_hash"], h)
            else { return nil }
            return Self.account(row)
        }
    }

    /// Checks a password with bcrypt; an unknown name still costs one bcrypt run, so the timing
    /// does not tell which names exist.
    public func verify(name: String, password: String) throws -> Account? {
        let row = try pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM users WHERE name = ?", arguments: [name]) }
        guard let row else {
            _ = Bcrypt.verify(password, hash: decoyHash)
            return nil
        }
        return Bcrypt.verify(password, hash: row["password_hash"]) ? Self.account(row) : nil
    }

    static func account(_ row: Row) -> Account? {
        guard let role = Role(rawValue: row["role"]) else { return nil }
        return Account(name: row["name"], role: role, study: row["study"], site: row["site"], created: row["created_at"])
    }

    // MARK: sessions

    /// Starts a browser session: returns the cookie value and its CSRF token.
    public func startSession(for name: String, lifetime: TimeInterval = 8 * 3600) throws -> (id: String, csrf: String) {
        let id = Secrets.random(), csrf = Secrets.random()
        try pool.write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE expires < ?", arguments: [Date().timeIntervalSince1970])
            try db.execute(
                sql: "INSERT INTO sessions(id_hash, user, csrf, expires) VALUES (?,?,?,?)",
                arguments: [Secrets.hash(id), name, csrf, Date().timeIntervalSince1970 + lifetime])
        }
        return (id, csrf)
    }

    public func session(_ id: String) throws -> (account: Account, csrf: String)? {
        try pool.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT u.*, s.csrf AS csrf FROM sessions s JOIN users u ON u.name = s.user
                        WHERE s.id_hash = ? AND s.expires > ?
                        """, arguments: [Secrets.hash(id), Date().timeIntervalSince1970]),
                let a = Self.account(row)
            else { return nil }
            return (a, row["csrf"])
        }
    }

    public func endSession(_ id: String) throws {
        try pool.write { db in try db.execute(sql: "DELETE FROM sessions WHERE id_hash = ?", arguments: [Secrets.hash(id)]) }
    }

    // MARK: uploads and reports

    struct UploadRecord: Sendable {
        var id: Int64, study: String, batch: Int64?, user: String, site: String, created: String, verdict: String
    }

    func recordUpload(study: String, batch: Int64?, user: String, site: String, verdict: String) throws -> Int64 {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO uploads(study, batch, user, site, created_at, verdict) VALUES (?,?,?,?,?,?)",
                arguments: [study, batch, user, site, Self.now(), verdict])
            return db.lastInsertedRowID
        }
    }

    func uploads(study: String) throws -> [UploadRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM uploads WHERE study = ? ORDER BY id", arguments: [study]).map(Self.upload)
        }
    }

    func upload(study: String, batch: Int64) throws -> UploadRecord? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM uploads WHERE study = ? AND batch = ?", arguments: [study, batch]).map(Self.upload)
        }
    }

    static func upload(_ r: Row) -> UploadRecord {
        UploadRecord(
            id: r["id"], study: r["study"], batch: r["batch"], user: r["user"], site: r["site"],
            created: r["created_at"], verdict: r["verdict"])
    }

    struct ReportRecord: Sendable {
        var id: Int64, study: String, user: String, blinded: Bool, created: String, directory: String, files: [String]
    }

    func recordReport(study: String, user: String, blinded: Bool, directory: String, files: [String]) throws -> Int64 {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO reports(study, user, blinded, created_at, directory, files) VALUES (?,?,?,?,?,?)",
                arguments: [study, user, blinded, Self.now(), directory, files.joined(separator: "\n")])
            return db.lastInsertedRowID
        }
    }

    func reports(study: String) throws -> [ReportRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM reports WHERE study = ? ORDER BY id DESC", arguments: [study]).map {
                ReportRecord(
                    id: $0["id"], study: $0["study"], user: $0["user"], blinded: $0["blinded"],
                    created: $0["created_at"], directory: $0["directory"],
                    files: ($0["files"] as String).split(separator: "\n").map(String.init))
            }
        }
    }
}
