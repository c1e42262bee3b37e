import Domain
import Foundation

/// Builds the sample-processing chain from the files a user names: a panel, a linkage rule (or
/// just a manifest), and same-day blood counts for dual-platform absolute counts.
public enum ProcessorConfiguration {
    public static func make(panel: String?, linkage: String?, manifest: String?, bloodCounts: String?)
        throws -> (processor: (any SampleProcessor)?, panelID: String, diagnostics: [Diagnostic]) {
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
            if linker != nil || bloodCounts != nil {
                throw FileRejected(SourceLocation(file: panel ?? "--panel"), code: "panel-required",
                                   "linkage and blood counts are applied with a panel: give --panel")
            }
            return (nil, "", diagnostics)
        }
        let p = try Panel.load(path: panel)
        let processor = CytometryFileProcessor(panel: p, linker: linker, bloodCounts: counts)
        return (CytometrySampleProcessor(processor), p.id, diagnostics)
    }
}
