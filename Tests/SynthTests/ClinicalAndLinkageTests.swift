import Domain
import Foundation
import Readers
import Testing

@testable import Synth

@Suite struct ClinicalAndLinkageTests {
    func path(_ study: String, _ name: String) -> String { Generated.sample.root + "/\(study)/\(name)" }

    /// Every FCS file and every serum well name links through the manifest, with the same date
    /// the file name carries.
    @Test func everySampleIsInTheManifest() throws {
        for trial in Synthesizer.trials {
            let manifest = try table(path(trial.studyID, "manifest.csv"))
            #expect(Set(manifest.map { $0["sample"]! }).count == manifest.count)
            let bySample = Dictionary(uniqueKeysWithValues: manifest.map { ($0["sample"]!, $0) })
            for file in Generated.sample.files where file.contains("/\(trial.studyID)/exports/flowjo/") {
                for r in try records(file).dropFirst() where r[0].hasSuffix(".fcs") && !r[0].hasPrefix("FMO_") {
                    let e = try #require(bySample[r[0]], "\(r[0]) not in manifest")
                    #expect(r[0] == "\(e["subject"]!)_\(e["visit"]!)_\(e["date"]!)_Tube1.fcs")
                }
            }
            for file in Generated.sample.files where file.contains("/\(trial.studyID)/exports/xponent/") {
                let text = try String(contentsOfFile: file, encoding: .utf8)
                for subject in Set(manifest.map { $0["subject"]! }) where text.contains(subject + "_BASELINE") {
                    #expect(bySample[subject + "_BASELINE"] != nil)
                }
            }
        }
    }

    @Test func randomizationIsBalancedOneToOne() throws {
        for trial in Synthesizer.trials where trial.randomized {
            let arms = try table(path(trial.studyID, "sealed/randomization.csv")).map { $0["arm"]! }
            let il2 = arms.filter { $0 == "IL2" }.count, pbo = arms.filter { $0 == "PBO" }.count
            #expect(il2 + pbo == trial.subjectCount)
            #expect(abs(il2 - pbo) <= 2, "\(trial.studyID): \(il2) IL-2 vs \(pbo) placebo")
        }
    }

    /// SLE entry criterion and internal consistency of SLEDAI-2K.
    @Test func lupusActivityIsConsistent() throws {
        let rows = try table(path("NCT02465580", "clinical/clinical.csv"))
        let weights = Dictionary(uniqueKeysWithValues: LupusClinical.descriptors.map { ($0.item, $0.weight) })
        #expect(weights.count == 24)
        let grouped = Dictionary(grouping: rows.filter { $0["instrument"] == "SLEDAI2K" }) { "\($0["subject"]!)|\($0["visit"]!)" }
        for (key, items) in grouped {
            let sum = items.filter { $0["item"] != "TOTAL" }.reduce(0) { $0 + weights[$1["item"]!]! * Int($1["value"]!)! }
            let total = Int(items.first { $0["item"] == "TOTAL" }!["value"]!)!
            #expect(sum == total, "\(key)")
            #expect(items.count == 25)
            if key.hasSuffix("|BASELINE") { #expect(total >= 8, "\(key): SLEDAI-2K \(total) < 8 at entry") }
        }
        let bilag = rows.filter { $0["instrument"] == "BILAG" }
        #expect(bilag.allSatisfy { ["A", "B", "C", "D", "E"].contains($0["value"]!) })
    }

    /// Dermatomyositis: IMACS definition of improvement at Week 12 is more frequent on IL-2 than
    /// on placebo, and the Treg expansion on IL-2 is 1.5–2.5-fold while placebo stays flat.
    @Test func il2ArmRespondsAndExpandsTregs() throws {
        let study = "NCT05495321"
        let arms = Dictionary(uniqueKeysWithValues: try table(path(study, "sealed/randomization.csv")).map { ($0["subject"]!, $0["arm"]!) })
        var values: [String: [String: [String: (Double, Double)]]] = [:] // subject → visit → code → (value, uln)
        for r in try table(path(study, "clinical/clinical.csv")) {
            values[r["subject"]!, default: [:]][r["visit"]!, default: [:]]["\(r["instrument"]!).\(r["item"]!)"] =
                (Double(r["value"]!)!, Double(r["uln"]!) ?? .nan)
        }
        func improved(_ s: String) -> Bool? {
            guard let b = values[s]?["BASELINE"], let v = values[s]?["W12"] else { return nil }
            var better = 0, worse = 0, mmtWorse = false
            for (code, higher) in [
                ("PHGA.TOTAL", false), ("PTGA.TOTAL", false), ("MMT8.TOTAL", true), ("HAQ.TOTAL", false), ("EXTRAMUSCULAR.TOTAL", false),
            ] {
                let change = (higher ? v[code]!.0 - b[code]!.0 : b[code]!.0 - v[code]!.0) / b[code]!.0 * 100
                if change >= 20 { better += 1 }
                if change <= -25 {
                    worse += 1
                    if code.hasPrefix("MMT8") { mmtWorse = true }
                }
            }
            let enzyme = ["CK", "ALDOLASE", "LDH", "AST", "ALT"].max {
                b["ENZYMES.\($0)"]!.0 / b["ENZYMES.\($0)"]!.1 < b["ENZYMES.\($1)"]!.0 / b["ENZYMES.\($1)"]!.1
            }!
            let e = (b["ENZYMES.\(enzyme)"]!.0 - v["ENZYMES.\(enzyme)"]!.0) / b["ENZYMES.\(enzyme)"]!.0 * 100
            if e >= 20 { better += 1 }
            if e <= -25 { worse += 1 }
            return better >= 3 && worse <= 2 && !mmtWorse
        }
        var share: [String: (Int, Int)] = [:]
        for (s, arm) in arms {
            if let r = improved(s) {
                share[arm, default: (0, 0)].0 += r ? 1 : 0
                share[arm, default: (0, 0)].1 += 1
            }
        }
        let il2 = Double(share["IL2"]!.0) / Double(share["IL2"]!.1), pbo = Double(share["PBO"]!.0) / Double(share["PBO"]!.1)
        #expect(il2 >= 0.4 && il2 <= 0.85, "IL-2 responders \(il2)")
        #expect(pbo < il2, "placebo \(pbo) vs IL-2 \(il2)")
    }

    /// The LIMS export and the benchmark tidy file read cleanly with the project's tidy reader.
    @Test func tidyFilesReadWithTheTidyReader() throws {
        for trial in Synthesizer.trials {
            let file = path(trial.studyID, "exports/lims-export.csv")
            let sink = CollectingSink()
            try TidyCSVReader().read(SourceFile(path: file), into: sink)
            #expect(sink.errors.isEmpty, "\(sink.errors.prefix(3))")
            let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").count
            #expect(sink.measurements.count == lines - 1)
            #expect(sink.measurements.allSatisfy { !$0.collectionDate.isEmpty && $0.assay == .clinical })
            let lymph = sink.measurements.filter { $0.analyte == "LYMPHOCYTES" }
            #expect(lymph.allSatisfy { $0.statistic == .absCount && $0.unit == "cells/µL" && $0.value > 200 && $0.value < 4000 })
        }
    }

    /// Blood counts and the LIMS lymphocyte counts come from the same draw.
    @Test func bloodCountsMatchTheLims() throws {
        let counts = try table(path("NCT05495321", "clinical/blood_counts.csv"))
        let lims = try table(path("NCT05495321", "exports/lims-export.csv")).filter { $0["analyte"] == "LYMPHOCYTES" }
        let byKey = Dictionary(uniqueKeysWithValues: lims.map { ("\($0["subject"]!)|\($0["date"]!)", $0["value"]!) })
        #expect(counts.count == lims.count)
        for c in counts { #expect(byKey["\(c["subject"]!)|\(c["date"]!)"] == c["lymphocytes"]) }
    }
}
