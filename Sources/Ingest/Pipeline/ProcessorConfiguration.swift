import Domain
import Foundation
import Readers

/// Builds the sample-processing chain from the files a user names: a panel, a linkage rule (or
/// just a manifest), and same-day blood counts for dual-platform absolute counts.
public enum ProcessorConfiguration {
    /// The configuration files of an ingest, as absolute paths, recorded with its batch so that
    /// reprocessing can apply today's version of the same files.
    public struct Spec: Codable, Sendable, Hashable {
        public var panel: String?
        public var linkage: String?
        public var manifest: String?
        public var bloodCounts: String?
        /// Plate layout (plate-CSV style) for plate files that name wells, not samples.
        public var plateLayout: String?

        public init(
            panel: String? = nil, linkage: String? = nil, manifest: String? = nil, bloodCounts: String? = nil,
            plateLayout: String? = nil
        ) {
            func absolute(_ p: String?) -> String? {
                p.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            }
            self.panel = absolute(panel)
            self.linkage = absolute(linkage)
            self.manifest = absolute(manifest)
            self.bloodCounts = absolute(bloodCounts)
            self.plateLayout = absolute(plateLayout)
        }

        public var isEmpty: Bool { panel == nil && linkage == nil && manifest == nil && bloodCounts == nil && plateLayout == nil }

        public var json: String {
            let e = JSONEncoder()
            e.outputFormatting = .sortedKeys
            return isEmpty ? "" : String(decoding: (try? e.encode(self)) ?? Data(), as: UTF8.self)
        }

        public static func from(json: String) -> Spec {
            guard !json.isEmpty, let s = try? JSONDecoder().decode(Spec.self, from: Data(json.utf8)) else { return Spec() }
            return s
        }
    }

    public static func make(_ spec: Spec) throws -> (processor: (any SampleProcessor)?, panelID: String, diagnostics: [Diagnostic]) {
        try make(panel: spec.panel, linkage: spec.linkage, manifest: spec.manifest, bloodCounts: spec.bloodCounts)
    }

    /// The whole-file step for plate formats, with the spec's plate layout when it names one.
    public static func plateProcessor(_ spec: Spec) throws -> (processor: CytokinePlateProcessor, diagnostics: [Diagnostic]) {
        guard let path = spec.plateLayout else { return (CytokinePlateProcessor(), []) }
        let loaded = try PlateMap.load(path: path)
        return (CytokinePlateProcessor(layout: loaded.map), loaded.diagnostics)
    }

    public static func make(panel: String?, linkage: String?, manifest: String?, bloodCounts: String?)
        throws -> (processor: (any SampleProcessor)?, panelID: String, diagnostics: [Diagnostic])
    {
        var diagnostics: [Diagnostic] = []
        var linker: SampleLinker?
        if linkage != nil || manifest != nil {
            var rule = try linkage.map { try LinkageRule.load(path: $0) } ?? LinkageRule()
            if let manifest { rule.manifest = manifest }
            let loaded = try SampleLinker.load(rule: rule)
            linker = loaded.linker
            diagnostics += loaded.diagnostics
        }
        var counts = BloodCounts()
        if let bloodCounts {
            let loaded = try BloodCounts.load(path: bloodCounts)
            counts = loaded.counts
            diagnostics += loaded.diagnostics
        }
        guard let panel else {
            if bloodCounts != nil {
                throw FileRejected(
                    SourceLocation(file: "--blood-counts"), code: "panel-required",
                    "blood counts are used for a panel's absolute counts: give --panel too")
            }
            return (linker.map { LinkageSampleProcessor($0) }, "", diagnostics)
        }
        let p = try Panel.load(path: panel)
        let processor = CytometryPanelSteps(panel: p, linker: linker, bloodCounts: counts)
        return (CytometrySampleProcessor(processor), p.id, diagnostics)
    }
}
