import Analysis
import Domain
import Foundation
import Readers
import Store

/// One change-from-baseline report run from files: the study definition, the clinical inputs
/// and (to unblind) the randomization, read with their readers and handed to `ReportBuilder`.
/// The CLI's `report` and the portal both call this, so they always produce the same report.
public enum ReportRun {
    public struct Request: Sendable {
        public var studyDefinition: String
        public var clinical: ClinicalInputs.Files
        /// Glucocorticoid log and adverse-event listing; default: the --clinical directory's files.
        public var glucocorticoids: String?
        public var adverseEvents: String?
        /// The randomization (subject, arm). Nil keeps the study blinded (arms pooled).
        public var randomization: String?
        public var out: String
        public var command: String
        public var options: ReportOptions

        public init(
            studyDefinition: String, clinical: ClinicalInputs.Files, glucocorticoids: String? = nil,
            adverseEvents: String? = nil, randomization: String? = nil, out: String,
            command: String, options: ReportOptions = ReportOptions()
        ) {
            self.studyDefinition = studyDefinition
            self.clinical = clinical
            self.glucocorticoids = glucocorticoids
            self.adverseEvents = adverseEvents
            self.randomization = randomization
            self.out = out
            self.command = command
            self.options = options
        }
    }

    public struct Result: Sendable {
        public var summary: ReportSummary
        /// The input readers' diagnostics (those rows were skipped), in reading order.
        public var diagnostics: [Diagnostic]
        /// Input rows rejected by the readers (errors among `diagnostics`).
        public var rejectedRows: Int { diagnostics.filter { $0.severity == .error }.count }
    }

    public static func run(
        store: StudyStore, _ r: Request,
        progress: (@Sendable (ReportProgress) -> Void)? = nil
    ) throws -> Result {
        let definition = try StudyDefinition.load(path: r.studyDefinition)
        var diagnostics: [Diagnostic] = []
        var inputs: [(role: String, path: String)] = [("study definition", r.studyDefinition)]
        /// Reads one input file, keeping its diagnostics and naming it in the provenance block.
        func load<Record>(
            _ path: String?, as role: String,
            _ read: (SourceFile) throws -> ClinicalReadResult<Record>
        ) throws -> [Record]? {
            guard let path else { return nil }
            let result = try read(SourceFile(path: path))
            diagnostics += result.diagnostics
            inputs.append((role, path))
            return result.records
        }
        var assessments: [ClinicalAssessment] = []
        if let read = try load(r.clinical.assessments, as: "clinical assessments", ClinicalAssessmentReader().read) {
            // Against the study's instruments (numeric, in range) before any criterion.
            let checked = ClinicalAssessmentCheck.check(read, study: definition)
            diagnostics += checked.diagnostics
            assessments = checked.records
        }
        let steroids = try load(
            r.glucocorticoids ?? r.clinical.optional(ClinicalInputs.glucocorticoidsName),
            as: "glucocorticoids", GlucocorticoidReader().read)
        let events = try load(
            r.adverseEvents ?? r.clinical.optional(ClinicalInputs.adverseEventsName),
            as: "adverse events", AdverseEventReader().read)
        let doses = try load(r.clinical.firstDoses, as: "first doses", FirstDoseReader().read) ?? []
        let arms = try load(r.randomization, as: "randomization", RandomizationReader().read)
        let summary = try ReportBuilder.build(
            store: store, study: definition, clinical: assessments,
            glucocorticoids: steroids, adverseEvents: events,
            firstDoses: doses, randomization: arms, out: r.out,
            inputs: inputs, command: r.command, options: r.options,
            progress: progress)
        return Result(summary: summary, diagnostics: diagnostics)
    }
}

/// Where the clinical files are: `--clinical` is a file (the assessments) or a directory holding
/// `clinical.csv` and `first_dose.csv`; `--first-dose` names the first-dose file explicitly.
public enum ClinicalInputs {
    public static let assessmentsName = "clinical.csv"
    public static let firstDoseName = "first_dose.csv"
    public static let glucocorticoidsName = "glucocorticoids.csv"
    public static let adverseEventsName = "adverse_events.csv"

    public struct Files: Sendable {
        public var assessments: String?
        public var firstDoses: String
        /// The --clinical directory, when one was given.
        public var directory: String?

        /// `name` in the --clinical directory, when there is one and it holds that file.
        public func optional(_ name: String) -> String? {
            guard let directory else { return nil }
            let path = (directory as NSString).appendingPathComponent(name)
            return FileManager.default.fileExists(atPath: path) ? path : nil
        }
    }

    public static func resolve(clinical: String?, firstDose: String?) throws -> Files {
        let fm = FileManager.default
        var assessments: String?
        var doses = firstDose
        var directory: String?
        if let clinical {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: clinical, isDirectory: &isDir) else { throw ReportError("\(clinical): no such file or directory") }
            if isDir.boolValue {
                directory = clinical
                let a = (clinical as NSString).appendingPathComponent(assessmentsName)
                guard fm.fileExists(atPath: a) else { throw ReportError("\(clinical) has no \(assessmentsName)") }
                assessments = a
                let d = (clinical as NSString).appendingPathComponent(firstDoseName)
                if doses == nil, fm.fileExists(atPath: d) { doses = d }
            } else {
                assessments = clinical
            }
        }
        guard let doses else {
            throw ReportError(
                "no first-dose file: give --first-dose FILE or put \(firstDoseName) in the --clinical directory (Day 1 and baseline depend on it)"
            )
        }
        guard fm.fileExists(atPath: doses) else { throw ReportError("\(doses): no such file") }
        return Files(assessments: assessments, firstDoses: doses, directory: directory)
    }
}
