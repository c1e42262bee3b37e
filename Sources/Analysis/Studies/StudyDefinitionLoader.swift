import Foundation
import YAMLSchema

extension StudyDefinition {
    /// Reads and validates `pipelines/studies/<study>.yaml`.
    public static func load(path: String) throws -> StudyDefinition {
        try StudyDefinition(document: SchemaNode.document(path: path))
    }

    /// Every `*.yaml` / `*.yml` in `directory`, sorted by study id; the same id twice is an error.
    public static func loadAll(directory: String) throws -> [StudyDefinition] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        var seen: [String: String] = [:]
        var out: [StudyDefinition] = []
        for name in names {
            let study = try load(path: (directory as NSString).appendingPathComponent(name))
            if let other = seen[study.studyID] {
                throw StudyDefinitionError(file: name, path: "study_id", message: "'\(study.studyID)' is also defined in \(other)")
            }
            seen[study.studyID] = name
            out.append(study)
        }
        return out.sorted { $0.studyID < $1.studyID }
    }

    static let topLevelKeys = [
        "study_id", "title", "condition", "design", "arms", "day1", "baseline", "second_baseline",
        "visits", "instruments", "response_criteria", "mmt_scale", "analytes",
        "visits_of_interest", "lloq", "notes",
    ]

    /// Parses and validates a study definition; errors name the key path.
    public init(yaml: String, file: String) throws {
        try self.init(document: SchemaNode.document(yaml, file: file))
    }

    init(document: SchemaNode) throws {
        let file = document.file
        let doc = try document.mapping(allowed: Self.topLevelKeys)

        studyID = try doc.required("study_id").nonEmptyString()
        title = try doc.optional("title")?.string() ?? ""
        let conditionNode = try doc.required("condition")
        condition = Condition(rawValue: try conditionNode.oneOf(Condition.allCases.map(\.rawValue)))!

        // Design and arms.
        let d = try doc.required("design").mapping(allowed: ["randomized", "blinded", "periods"])
        var periods: [Period] = []
        if let pn = d.optional("periods") {
            var names: [String: Int] = [:]
            for (i, item) in try pn.sequence(nonEmpty: true).enumerated() {
                let m = try item.mapping(allowed: ["name", "start_day", "end_day"])
                let nameNode = try m.required("name")
                let name = try nameNode.nonEmptyString()
                if let j = names[name] { throw nameNode.error("'\(name)' repeats design.periods[\(j)]") }
                names[name] = i
                let startNode = try m.required("start_day"), endNode = try m.required("end_day")
                let start = try Self.studyDay(startNode), end = try Self.studyDay(endNode)
                if end < start { throw endNode.error("\(end) is before start_day \(start)") }
                periods.append(Period(name: name, startDay: start, endDay: end))
            }
        }
        let blindedNode = try d.required("blinded")
        design = Design(randomized: try d.required("randomized").bool(), blinded: try blindedNode.bool(), periods: periods)

        var arms: [Arm] = []
        var armCodes: [String: Int] = [:]
        for (i, item) in try doc.required("arms").sequence(nonEmpty: true).enumerated() {
            let m = try item.mapping(allowed: ["code", "name", "placebo"])
            let codeNode = try m.required("code")
            let code = try codeNode.nonEmptyString()
            if let j = armCodes[code] { throw codeNode.error("'\(code)' repeats arms[\(j)]") }
            armCodes[code] = i
            arms.append(
                Arm(
                    code: code, name: try m.required("name").nonEmptyString(),
                    placebo: try m.optional("placebo")?.bool() ?? false))
        }
        self.arms = arms
        if design.blinded && arms.count < 2 { throw blindedNode.error("a study with a single arm cannot be blinded") }

        if let n = doc.optional("day1") {
            day1 = Day1Rule(rawValue: try n.oneOf(["first_dose"]))!
        } else {
            day1 = .firstDose
        }

        // Visit schedule.
        var visits: [VisitWindow] = []
        var visitNames: [String: Int] = [:]
        var visitNumbers: [Int: Int] = [:]
        for (i, item) in try doc.required("visits").sequence(nonEmpty: true).enumerated() {
            let m = try item.mapping(allowed: ["name", "avisitn", "target_day", "window_low", "window_high"])
            let nameNode = try m.required("name")
            let name = try nameNode.nonEmptyString()
            if let j = visitNames[name] { throw nameNode.error("'\(name)' repeats visits[\(j)]") }
            let numberNode = try m.required("avisitn")
            let number = try numberNode.int()
            if let j = visitNumbers[number] { throw numberNode.error("\(number) repeats visits[\(j)].avisitn") }
            let targetNode = try m.required("target_day"), lowNode = try m.required("window_low"),
                highNode = try m.required("window_high")
            let target = try Self.studyDay(targetNode), low = try Self.studyDay(lowNode), high = try Self.studyDay(highNode)
            if high < low { throw highNode.error("\(high) is below window_low \(low)") }
            if target < low || target > high { throw targetNode.error("\(target) is outside the window \(low)…\(high)") }
            let window = VisitWindow(name: name, number: number, targetDay: target, windowLow: low, windowHigh: high)
            for (j, other) in visits.enumerated() where low <= other.windowHigh && other.windowLow <= high {
                throw lowNode.error("window \(low)…\(high) overlaps visits[\(j)] '\(other.name)' (\(other.windowLow)…\(other.windowHigh))")
            }
            visitNames[name] = i
            visitNumbers[number] = i
            visits.append(window)
        }
        self.visits = visits
        func visitName(_ node: SchemaNode) throws -> String {
            let name = try node.nonEmptyString()
            if visitNames[name] == nil { throw node.error("'\(name)' is not a visit in visits") }
            return name
        }

        // Baselines.
        let b = try doc.required("baseline").mapping(allowed: ["rule", "basetype", "visit"])
        let ruleNames = BaselineRule.Kind.allCases.map(\.rawValue)
        baseline = BaselineRule(
            kind: BaselineRule.Kind(rawValue: try b.optional("rule")?.oneOf(ruleNames) ?? "last_on_or_before_day1")!,
            basetype: try b.optional("basetype")?.string() ?? "",
            visit: try visitName(b.required("visit")))
        if let sn = doc.optional("second_baseline") {
            let s = try sn.mapping(allowed: ["basetype", "period", "rule", "visit", "visits"])
            let basetypeNode = try s.required("basetype")
            let basetype = try basetypeNode.nonEmptyString()
            if baseline.basetype.isEmpty {
                throw StudyDefinitionError(
                    file: file, path: "baseline.basetype",
                    message: "required when second_baseline is given (BASETYPE tells the two apart)")
            }
            if basetype == baseline.basetype { throw basetypeNode.error("'\(basetype)' is also baseline.basetype") }
            let periodNode = try s.required("period")
            let period = try periodNode.nonEmptyString()
            if !periods.contains(where: { $0.name == period }) {
                throw periodNode.error("'\(period)' is not a period in design.periods")
            }
            let visitsNode = try s.required("visits")
            let names = try visitsNode.stringList(nonEmpty: true)
            for (i, n) in names.enumerated() where visitNames[n] == nil {
                throw try visitsNode.sequence()[i].error("'\(n)' is not a visit in visits")
            }
            secondBaseline = SecondBaseline(
                basetype: basetype, period: period,
                kind: BaselineRule.Kind(rawValue: try s.optional("rule")?.oneOf(ruleNames) ?? "last_on_or_before_day1")!,
                visits: names, visit: try visitName(s.required("visit")))
        } else {
            secondBaseline = nil
        }

        // Instruments.
        var instruments: [Instrument] = []
        var instrumentCodes: [String: Int] = [:]
        if let list = doc.optional("instruments") {
            for (i, item) in try list.sequence().enumerated() {
                let m = try item.mapping(allowed: ["code", "name", "min", "max", "items", "uln"])
                let codeNode = try m.required("code")
                let code = try codeNode.nonEmptyString()
                if let j = instrumentCodes[code] { throw codeNode.error("'\(code)' repeats instruments[\(j)]") }
                instrumentCodes[code] = i
                let minimum = try m.optional("min")?.double(), maxNode = m.optional("max")
                let maximum = try maxNode?.double()
                if (minimum == nil) != (maximum == nil) {
                    throw item.error("give both min and max, or neither")
                }
                if let minimum, let maximum, maximum <= minimum, let maxNode {
                    throw maxNode.error("\(maximum) is not above min \(minimum)")
                }
                var uln: [String: Double] = [:]
                if let un = m.optional("uln") {
                    for (k, v) in try un.numberMap() {
                        if v <= 0 {
                            throw StudyDefinitionError(file: file, path: "instruments[\(i)].uln.\(k)", message: "must be positive")
                        }
                        uln[k] = v
                    }
                }
                instruments.append(
                    Instrument(
                        code: code, name: try m.optional("name")?.string() ?? code,
                        minimum: minimum, maximum: maximum,
                        items: try m.optional("items")?.stringList() ?? [], upperLimitsOfNormal: uln))
            }
        }
        self.instruments = instruments

        if let n = doc.optional("mmt_scale") {
            let v = try n.int()
            guard v == 80 || v == 150 else { throw n.error("\(v) is not an MMT-8 scale (80 or 150)") }
            mmtScale = v
        } else {
            mmtScale = nil
        }

        analytes = try doc.optional("analytes")?.stringList() ?? []
        var interest: [String] = []
        if let n = doc.optional("visits_of_interest") {
            for item in try n.sequence() { interest.append(try visitName(item)) }
        }
        visitsOfInterest = interest

        if let ln = doc.optional("lloq") {
            let l = try ln.mapping(allowed: ["rule", "limits"])
            let rule = LLOQRule(rawValue: try l.required("rule").oneOf(LLOQRule.allCases.map(\.rawValue)))!
            var limits: [String: Double] = [:]
            if let limitsNode = l.optional("limits") {
                for (k, v) in try limitsNode.numberMap() {
                    if v <= 0 { throw StudyDefinitionError(file: file, path: "lloq.limits.\(k)", message: "must be positive") }
                    limits[k] = v
                }
            }
            lloq = LLOQPolicy(rule: rule, limits: limits)
        } else {
            lloq = LLOQPolicy(rule: .half, limits: [:])
        }

        // Response criteria last: they check the instruments and visits above.
        responseCriteria = []
        var criteria: [ResponseCriterion] = []
        if let list = doc.optional("response_criteria") {
            for item in try list.sequence() {
                criteria.append(try Self.criterion(item, study: self, visitName: visitName))
            }
        }
        responseCriteria = criteria
    }

    /// A study day: an integer that is not 0 (Day 1 is the first dose, the day before Day −1).
    static func studyDay(_ node: SchemaNode) throws -> Int {
        let v = try node.int()
        if v == 0 { throw node.error("study day 0 does not exist (Day 1 is the first dose, the day before is Day -1)") }
        return v
    }

    static let criterionKeys: [String: [String]] = [
        "TIS": ["population", "thresholds", "responder_level"],
        "IMACS_DOI": ["improvement_percent", "worsening_percent", "minimum_improved", "maximum_worse"],
        "SRI4": ["sledai_reduction", "pga_worsening", "maximum_new_bilag_b"],
        "PMR_AS": ["responder_categories"],
    ]

    static func criterion(
        _ node: SchemaNode, study: StudyDefinition,
        visitName: (SchemaNode) throws -> String
    ) throws -> ResponseCriterion {
        let common = ["criterion", "visits", "primary_visit"]
        let allKeys = common + criterionKeys.keys.sorted().flatMap { criterionKeys[$0]! }
        let idNode = try node.mapping(allowed: allKeys).required("criterion")
        let id = try idNode.oneOf(criterionKeys.keys.sorted())
        let m = try node.mapping(allowed: common + criterionKeys[id]!)
        let visitsNode = try m.required("visits")
        var visits: [String] = []
        for item in try visitsNode.sequence(nonEmpty: true) { visits.append(try visitName(item)) }
        var primary: String?
        if let pn = m.optional("primary_visit") {
            let name = try visitName(pn)
            if !visits.contains(name) { throw pn.error("'\(name)' is not among this criterion's visits") }
            primary = name
        }
        func need(_ code: String, range: Bool) throws -> Instrument {
            guard let i = study.instrument(code) else {
                throw node.error("\(id) needs instrument \(code) in instruments")
            }
            if range && i.range == nil { throw node.error("\(id) needs the scale range (min, max) of instrument \(code)") }
            return i
        }
        func enzymeULN() throws -> [String: Double] { try need(ClinicalInstrument.enzymes, range: false).upperLimitsOfNormal }

        let kind: ResponseCriterion.Kind
        switch id {
        case "TIS":
            guard let mmt = study.mmtScale else { throw node.error("TIS needs mmt_scale (80 or 150)") }
            let populationNode = m.optional("population")
            let population = TotalImprovementScore.Parameters.Population(
                rawValue: try populationNode?.oneOf(["adult", "juvenile"])
                    ?? (study.condition == .juvenileDermatomyositis ? "juvenile" : "adult"))!
            var p = TotalImprovementScore.Parameters(
                population: population, mmtScale: mmt,
                physicianGlobalRange: try need(ClinicalInstrument.physicianGlobal, range: true).range!,
                patientGlobalRange: try need(ClinicalInstrument.patientGlobal, range: true).range!,
                extramuscularRange: try need(ClinicalInstrument.extramuscular, range: true).range!,
                haqRange: try need(ClinicalInstrument.haq, range: true).range!,
                enzymeULN: try enzymeULN())
            _ = try need(ClinicalInstrument.mmt8, range: false)
            if let t = m.optional("thresholds") {
                let tm = try t.mapping(allowed: ["minimal", "moderate", "major"])
                p.minimal = try tm.optional("minimal")?.double() ?? p.minimal
                p.moderate = try tm.optional("moderate")?.double() ?? p.moderate
                p.major = try tm.optional("major")?.double() ?? p.major
                if !(p.minimal < p.moderate && p.moderate < p.major) {
                    throw t.error("thresholds must increase: minimal < moderate < major")
                }
            }
            if let r = m.optional("responder_level") {
                p.responderLevel = TotalImprovementScore.Level(rawValue: try r.oneOf(TotalImprovementScore.Level.allCases.map(\.rawValue)))!
            }
            kind = .totalImprovementScore(p)
        case "IMACS_DOI":
            for code in [
                ClinicalInstrument.physicianGlobal, ClinicalInstrument.patientGlobal, ClinicalInstrument.haq,
                ClinicalInstrument.mmt8, ClinicalInstrument.extramuscular,
            ] { _ = try need(code, range: false) }
            var p = IMACSDefinitionOfImprovement.Parameters(enzymeULN: try enzymeULN())
            p.improvementPercent = try m.optional("improvement_percent")?.double() ?? p.improvementPercent
            p.worseningPercent = try m.optional("worsening_percent")?.double() ?? p.worseningPercent
            p.minimumImproved = try m.optional("minimum_improved")?.int() ?? p.minimumImproved
            p.maximumWorse = try m.optional("maximum_worse")?.int() ?? p.maximumWorse
            kind = .imacsImprovement(p)
        case "SRI4":
            _ = try need(ClinicalInstrument.sledai2k, range: false)
            _ = try need(ClinicalInstrument.slePhysicianGlobal, range: false)
            var p = SRI4.Parameters()
            p.sledaiReduction = try m.optional("sledai_reduction")?.double() ?? p.sledaiReduction
            p.pgaWorsening = try m.optional("pga_worsening")?.double() ?? p.pgaWorsening
            p.maximumNewBILAGB = try m.optional("maximum_new_bilag_b")?.int() ?? p.maximumNewBILAGB
            kind = .sri4(p)
        default: // PMR_AS
            _ = try need(ClinicalInstrument.pmrAS, range: false)
            var p = PMRActivityScore.Parameters()
            if let r = m.optional("responder_categories") {
                let names = try r.stringList(nonEmpty: true)
                var set = Set<PMRActivityScore.Category>()
                for (i, n) in names.enumerated() {
                    guard let c = PMRActivityScore.Category(rawValue: n) else {
                        throw try r.sequence()[i].error("'\(n)' is not one of remission, low, medium, high")
                    }
                    set.insert(c)
                }
                p.responderCategories = set
            }
            kind = .pmrActivityScore(p)
        }
        return ResponseCriterion(kind: kind, visits: visits, primaryVisit: primary)
    }
}
