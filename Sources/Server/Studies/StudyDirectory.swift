import Foundation
import Ingest
import Report
import Store

/// The study stores a portal serves: every direct subfolder of the stores directory that is a
/// study store, by the study id its catalog records. Each store is opened once and shared (its
/// catalog serialises writers, so concurrent uploads to one study are safe).
public final class StudyDirectory: Sendable {
    public let root: String
    private let stores: Mutex<[String: StudyStore]>

    public init(root: String) {
        self.root = URL(fileURLWithPath: root).standardizedFileURL.path
        stores = Mutex([:])
    }

    /// The studies present now (rescanned each call: `immunopipe init DIR/X` needs no restart).
    public func studies() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        var ids: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = (root as NSString).appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: "\(path)/catalog.sqlite") else { continue }
            if let s = try? open(path: path) { ids.append(s.study) }
        }
        return ids
    }

    /// The store of a study, or nil when none is served.
    public func store(_ study: String) -> StudyStore? {
        if let s = stores.withLock({ $0[study] }) { return s }
        _ = studies()
        return stores.withLock { $0[study] }
    }

    private func open(path: String) throws -> StudyStore {
        if let s = stores.withLock({ d in d.values.first { $0.root == URL(fileURLWithPath: path).standardizedFileURL.path } }) {
            return s
        }
        let s = try StudyStore.open(at: path)
        return stores.withLock { d in
            if let existing = d[s.study] { return existing }
            d[s.study] = s
            return s
        }
    }

    /// Where the portal keeps its working files (upload spool, report runs): hidden, so never
    /// taken for a study store.
    public var workDirectory: String { (root as NSString).appendingPathComponent(".portal") }

    /// The study's settings: how uploads are mapped and linked, and the report's inputs.
    public func settings(_ study: String) throws -> StudySettings {
        try StudySettings.load(directory: root, study: study)
    }
}

/// `DIR/<STUDY>.portal.json`: what the CLI would be told with --panel, --manifest, --linkage,
/// --blood-counts, --plate-layout (for uploads) and --study, --clinical (for reports). Relative paths are taken
/// from DIR. Absent: uploads are ingested without a panel or linkage, and reports cannot run.
public struct StudySettings: Codable, Sendable, Hashable {
    public var panel: String?
    public var linkage: String?
    public var manifest: String?
    public var bloodCounts: String?
    /// Plate layout CSV for plate files that name wells, not samples (--plate-layout).
    public var plateLayout: String?
    /// The study definition YAML (pipelines/studies/X.yaml).
    public var definition: String?
    /// The clinical directory (clinical.csv, first_dose.csv, …).
    public var clinical: String?

    public init(
        panel: String? = nil, linkage: String? = nil, manifest: String? = nil, bloodCounts: String? = nil,
        plateLayout: String? = nil, definition: String? = nil, clinical: String? = nil
    ) {
        self.panel = panel
        self.linkage = linkage
        self.manifest = manifest
        self.bloodCounts = bloodCounts
        self.plateLayout = plateLayout
        self.definition = definition
        self.clinical = clinical
    }

    public static func path(directory: String, study: String) -> String {
        (directory as NSString).appendingPathComponent("\(study).portal.json")
    }

    static func load(directory: String, study: String) throws -> StudySettings {
        let path = Self.path(directory: directory, study: study)
        guard FileManager.default.fileExists(atPath: path) else { return StudySettings() }
        var s = try JSONDecoder().decode(StudySettings.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        func resolve(_ p: String?) -> String? {
            guard let p, !p.isEmpty else { return nil }
            return p.hasPrefix("/") ? p : (directory as NSString).appendingPathComponent(p)
        }
        s.panel = resolve(s.panel)
        s.linkage = resolve(s.linkage)
        s.manifest = resolve(s.manifest)
        s.bloodCounts = resolve(s.bloodCounts)
        s.plateLayout = resolve(s.plateLayout)
        s.definition = resolve(s.definition)
        s.clinical = resolve(s.clinical)
        return s
    }

    var processing: ProcessorConfiguration.Spec {
        ProcessorConfiguration.Spec(
            panel: panel, linkage: linkage, manifest: manifest, bloodCounts: bloodCounts,
            plateLayout: plateLayout)
    }
}
