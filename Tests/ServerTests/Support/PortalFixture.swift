import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Store
import TestSupport

@testable import Server

/// A stores directory with one study store (NCT05495321) and a second one, accounts of every
/// role, and the portal's router over them. Files come from the committed sample data.
struct PortalFixture {
    static let study = "NCT05495321"
    static let other = "NCT04062006"
    static let packageRoot = PackagePaths.root

    let dir: String
    let core: PortalCore
    var tokens: [String: String] = [:]
    var passwords: [String: String] = [:]

    static func sample(_ relative: String) -> String {
        packageRoot.appendingPathComponent("sample-data/\(study)/\(relative)").path
    }

    static func flowJo(_ n: Int) -> String {
        let dir = sample("exports/flowjo")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir))?.sorted() ?? []
        return (dir as NSString).appendingPathComponent(names[n])
    }

    init(maxUploadBytes: Int64 = 8 << 20, loginAttempts: Int = 5, reportInputs: Bool = true) throws {
        dir = NSTemporaryDirectory() + "portal-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = try StudyStore.initialise(at: "\(dir)/\(Self.study)", study: Self.study)
        _ = try StudyStore.initialise(at: "\(dir)/\(Self.other)", study: Self.other)
        if reportInputs {
            let settings = StudySettings(
                panel: Self.packageRoot.appendingPathComponent("pipelines/panels/treg-tfh-flowjo.yaml").path,
                manifest: Self.sample("manifest.csv"),
                definition: Self.packageRoot.appendingPathComponent("pipelines/studies/\(Self.study).yaml").path,
                clinical: Self.sample("clinical"))
            try JSONEncoder().encode(settings).write(to: URL(fileURLWithPath: StudySettings.path(directory: dir, study: Self.study)))
        }
        core = try PortalCore(
            PortalConfiguration(
                stores: dir, maxUploadBytes: maxUploadBytes, bcryptCost: 4,
                loginAttempts: loginAttempts, loginWindow: 300))
        for (name, role, study, site) in [
            ("lab-a", Role.lab, Self.study, "A"), ("lab-b", .lab, Self.study, "B"),
            ("res", .researcher, Self.study, nil), ("stat", .statistician, Self.study, nil),
            ("admin", .admin, Self.study, nil), ("outsider", .lab, Self.other, "A"),
        ] {
            let (token, password) = try core.accounts.add(name: name, role: role, study: study, site: site)
            tokens[name] = token
            passwords[name] = password
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: dir) }

    func app() -> some ApplicationProtocol { Application(router: PortalServer.router(core)) }

    func bearer(_ name: String) -> HTTPFields { [.authorization: "Bearer \(tokens[name]!)"] }
}

/// A multipart/form-data body built the way a browser builds it.
struct MultipartBody {
    let boundary = "----immunopipe-test-\(UUID().uuidString)"
    var bytes = Data()

    mutating func field(_ name: String, _ value: String) {
        bytes.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
    }

    mutating func file(_ name: String, filename: String, contents: Data) {
        bytes.append(
            Data(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                    .utf8))
        bytes.append(contents)
        bytes.append(Data("\r\n".utf8))
    }

    mutating func file(_ name: String, path: String) throws {
        file(name, filename: (path as NSString).lastPathComponent, contents: try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    var body: ByteBuffer {
        var b = ByteBuffer()
        b.writeBytes(bytes)
        b.writeString("--\(boundary)--\r\n")
        return b
    }

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }
}

extension ByteBuffer {
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(readableBytesView))
    }
    var text: String { String(buffer: self) }
}
