import Analysis

/// The study header: identity, design, arms (or the blinding notice), the data analysed and
/// where they came from.
enum HeaderSection {
    static func render(_ data: ReportData, provenance: Provenance) -> String {
        let study = data.study
        var s = "<header>"
        s += "<h1><span class=\"id\">\(HTML.text(study.studyID))</span> — change from baseline and clinical response</h1>"
        s += "<p class=\"lead\">\(HTML.text(study.title))</p>"
        if data.blinded {
            s += "<span class=\"banner blinded\">Blinded: arms pooled</span> "
            s +=
                "<span class=\"note\">No randomization file was given: every analysis pools the arms, and no between-arm comparison is made.</span>"
        } else if data.arms.count > 1 {
            s += "<span class=\"banner unblinded\">Unblinded: analysed by arm</span>"
        }
        s += "<div class=\"columns\"><div><h3>Study</h3>"
        var facts: [(String, String)] = [
            ("Condition", study.condition.rawValue.replacingOccurrences(of: "_", with: " ")),
            ("Design", design(study)),
        ]
        if data.blinded {
            facts.append(("Arms", "blinded: arms pooled"))
        } else {
            let n = Dictionary(grouping: data.armOf.values, by: { $0 }).mapValues(\.count)
            let arms = study.arms.map { a in "\(a.code): \(a.name) (n = \(n[a.code] ?? 0))" }
            facts.append(("Arms", arms.joined(separator: "; ")))
        }
        let rule = study.baseline.kind == .lastOnOrBeforeDay1 ? "last value on or before Day 1" : "last value before Day 1"
        facts.append(
            (
                "Baseline",
                "\(rule) (Day 1 = first dose)"
                    + (study.secondBaseline.map { "; second baseline \($0.basetype) at the first \($0.period) dose" } ?? "")
            ))
        facts.append(("Values below LLOQ", lloqText(study.lloq.rule)))
        facts.append(("Subjects", "\(data.immuneSubjects) with immune data, \(data.clinicalSubjects) with clinical assessments"))
        facts.append(("Immune parameters", "\(data.parameters.count) shown (\(data.immuneParameterCount) in the dataset)"))
        facts.append(
            (
                "Analysis rows",
                "\(data.cfbRows) change-from-baseline records, \(data.responses.count) response results, \(data.associations.count) association rows"
            ))
        s += HTML.facts(facts) + "</div><div><h3>Provenance</h3>"
        var prov: [(String, String)] = []
        if !provenance.storePath.isEmpty {
            prov.append(("Store", provenance.storePath))
            prov.append(
                (
                    "Generation",
                    "\(provenance.generation) (current), \(provenance.batches) committed batch\(provenance.batches == 1 ? "" : "es"), \(provenance.measurementRows) measurements read"
                ))
        }
        prov.append(("Report created", provenance.createdAt))
        for i in provenance.inputs { prov.append((i.role.prefix(1).uppercased() + i.role.dropFirst(), i.path)) }
        if !provenance.resultsName.isEmpty {
            prov.append(
                (
                    "Result tables",
                    "results/\(provenance.resultsName).h5 in the store; cfb.csv, response.csv, summary.csv, associations.csv next to this page"
                ))
        }
        if !provenance.command.isEmpty { prov.append(("Command", provenance.command)) }
        s += HTML.facts(prov) + "</div></div></header>"
        return s
    }

    static func design(_ study: StudyDefinition) -> String {
        var parts: [String] = [
            study.design.randomized ? "randomized" : "non-randomized",
            study.design.blinded ? "blinded" : "open-label",
            "\(study.arms.count) arm\(study.arms.count == 1 ? "" : "s")",
        ]
        if !study.design.periods.isEmpty {
            parts.append("periods: " + study.design.periods.map { "\($0.name) (days \($0.startDay)–\($0.endDay))" }.joined(separator: ", "))
        }
        return parts.joined(separator: "; ")
    }

    static func lloqText(_ rule: LLOQRule) -> String {
        switch rule {
        case .half: return "LLOQ/2 (values stay flagged below LLOQ)"
        case .limit: return "LLOQ (values stay flagged below LLOQ)"
        case .missing: return "missing"
        }
    }
}
