import ArgumentParser
import Foundation
import Server
import Store

struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Manage the portal's accounts (DIR/portal.sqlite).",
        subcommands: [Add.self, List.self, Remove.self, Token.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account; prints its API token and a one-time password.",
            discussion: """
                Roles: lab (uploads to its study, sees its own site's uploads; needs --site), \
                researcher (reads blinded reports), statistician (may unblind), admin (manages accounts). \
                The token and password are shown once; only their hashes are stored.
                """)
        @Option(help: "Directory holding the study stores.") var stores: String
        @Argument(help: "Account name.") var name: String
        @Option(help: "lab, researcher, statistician or admin.") var role: String
        @Option(help: "The study the account belongs to.") var study: String
        @Option(help: "The lab's site (lab accounts).") var site: String?

        func run() throws {
            let (token, password) = try CLIErrors.run { () throws -> (String, String) in
                guard let r = Role(rawValue: role) else {
                    throw CLIError("unknown role \(role): give lab, researcher, statistician or admin")
                }
                let created = try accounts(stores).add(name: name, role: r, study: study, site: site)
                UsersCommand.audit(stores, study: study, "portal-account", "added \(name) (\(role)\(site.map { ", site \($0)" } ?? ""))")
                return created
            }
            print("created \(role) account \(name) on \(study)\(site.map { " (site \($0))" } ?? "")")
            print("token: \(token)")
            print("password: \(password)")
            Terminal.info("Both are shown only now. Use the token as 'Authorization: Bearer <token>'; the password to sign in.")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts.")
        @Option(help: "Directory holding the study stores.") var stores: String

        func run() throws {
            let all = try CLIErrors.run { try accounts(stores).list() }
            for a in all {
                print("\(a.name)\t\(a.role.rawValue)\t\(a.study)\t\(a.site ?? "-")\t\(a.created)")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an account and end its sessions.")
        @Option(help: "Directory holding the study stores.") var stores: String
        @Argument(help: "Account name.") var name: String

        func run() throws {
            try CLIErrors.run {
                let store = try accounts(stores)
                guard let a = try store.account(named: name), try store.remove(name: name) else { throw CLIError("no account \(name)") }
                UsersCommand.audit(stores, study: a.study, "portal-account", "removed \(name)")
            }
            print("removed \(name)")
        }
    }

    struct Token: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a new API token for an account (the old one stops working).")
        @Option(help: "Directory holding the study stores.") var stores: String
        @Argument(help: "Account name.") var name: String

        func run() throws {
            let token = try CLIErrors.run { () throws -> String in
                let store = try accounts(stores)
                guard let a = try store.account(named: name) else { throw CLIError("no account \(name)") }
                let t = try store.newToken(name: name)
                UsersCommand.audit(stores, study: a.study, "portal-account", "new token for \(name) (old one revoked)")
                return t
            }
            print("token: \(token)")
        }
    }

    static func accounts(_ stores: String) throws -> AccountStore {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: stores, isDirectory: &isDir), isDir.boolValue else {
            throw CLIError("\(stores): no such directory")
        }
        return try AccountStore(directory: stores)
    }

    /// Account changes go to the audit log of the account's study store, when it is served.
    static func audit(_ stores: String, study: String, _ action: String, _ details: String) {
        guard let store = StudyDirectory(root: stores).store(study) else { return }
        try? store.catalog.audit(action, details)
    }
}

private func accounts(_ stores: String) throws -> AccountStore { try UsersCommand.accounts(stores) }
