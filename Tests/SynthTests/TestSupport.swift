import Foundation
import Readers

@testable import Synth

/// Sample data generated once per test process (the generator is deterministic, so sharing is
/// safe) into a temporary folder.
enum Generated {
    static let sample: (root: String, files: [String]) = {
        let root = temporaryFolder("sample")
        let files = try! Synthesizer.writeSampleData(to: root, seed: Synthesizer.defaultSeed)
        atexit { try? FileManager.default.removeItem(atPath: Generated.sample.root) }
        return (root, files)
    }()

    static func temporaryFolder(_ label: String) -> String {
        let path = (NSTemporaryDirectory() as NSString)
            .appendingPathComponent("immunopipe-synth-\(label)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.removeItem(atPath: path)
        return path
    }

    static func files(matching suffix: String, under folder: String) -> [String] {
        sample.files.filter { $0.contains("/\(folder)/") && $0.hasSuffix(suffix) }
    }
}

/// All records of a delimited file, read with the project's own tokenizer.
func records(_ path: String) throws -> [[String]] {
    let reader = try DelimitedReader(path: path)
    var out: [[String]] = []
    try reader.forEachRecord { r in
        out.append(r.strings)
        return true
    }
    return out
}

/// A CSV file as dictionaries keyed by header.
func table(_ path: String) throws -> [[String: String]] {
    let rows = try records(path)
    guard let header = rows.first else { return [] }
    return rows.dropFirst().filter { !($0.count == 1 && $0[0].isEmpty) }.map { r in
        var d: [String: String] = [:]
        for (i, h) in header.enumerated() where i < r.count { d[h] = r[i] }
        return d
    }
}
