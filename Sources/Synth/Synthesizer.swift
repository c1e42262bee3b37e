import Foundation

/// What `immunopipe synth` was asked to do.
public struct SynthOptions: Sendable, Hashable {
    public var seed: UInt64
    /// Output folder.
    public var out: String
    /// Benchmark data instead of the four trials' sample data.
    public var scale: Bool
    /// Benchmark: tidy CSV data rows.
    public var rows: Int
    /// Benchmark: FlowJo plate exports of 96 samples.
    public var plates: Int

    public init(
        seed: UInt64 = Synthesizer.defaultSeed, out: String, scale: Bool = false,
        rows: Int = 1_000_000, plates: Int = 10
    ) {
        self.seed = seed
        self.out = out
        self.scale = scale
        self.rows = rows
        self.plates = plates
    }
}

/// Deterministic generator of realistic lab exports for the seeded trials (NCT05495321,
/// NCT04946669, NCT02465580, NCT04062006) and of benchmark-scale data. The same seed always
/// gives byte-identical files: every number comes from the generator's own xoshiro256** streams,
/// and no clock, locale or system random source is read.
public enum Synthesizer {
    public static let defaultSeed: UInt64 = 20_240_611

    /// The trials the sample data covers.
    public static var trials: [TrialDesign] { TrialDesign.all }

    /// Runs what the options ask for; returns the files written.
    @discardableResult
    public static func run(_ options: SynthOptions) throws -> [String] {
        if options.scale {
            return try writeBenchmark(to: options.out, rows: options.rows, plates: options.plates, seed: options.seed)
        }
        return try writeSampleData(to: options.out, seed: options.seed)
    }

    /// Writes the sample data of the four trials under `out` (one folder per study ID) and a
    /// README; returns the paths of the files written, sorted. Study folders from an earlier run
    /// are replaced whole; a study folder synth did not write is never touched
    /// (`SynthError.refusingToOverwrite`).
    @discardableResult
    public static func writeSampleData(to out: String, seed: UInt64 = defaultSeed) throws -> [String] {
        let folder = try OutputFolder(root: out)
        // Check every study folder before writing any, so a refusal leaves nothing half done.
        for trial in TrialDesign.all { try folder.mayClaim(trial.studyID) }
        for trial in TrialDesign.all { try TrialExports.write(trial, seed: seed, into: folder) }
        try folder.write(readme(seed: seed), to: "README.md")
        return folder.written.sorted()
    }

    /// Writes benchmark data under `out`: `benchmark-tidy.csv` with exactly `rows` data rows, and
    /// `plates` FlowJo exports of 96 samples in `flowjo/` with `flowjo-manifest.csv`.
    @discardableResult
    public static func writeBenchmark(to out: String, rows: Int, plates: Int, seed: UInt64 = defaultSeed) throws -> [String] {
        precondition(rows >= 0 && plates >= 0, "rows and plates must not be negative")
        let folder = try OutputFolder(root: out)
        try folder.claim("flowjo")
        let tidy = folder.path("benchmark-tidy.csv")
        try BenchmarkData.writeTidy(path: tidy, rows: rows, seed: seed)
        try BenchmarkData.writeFlowJoPlates(into: folder, plates: plates, seed: seed)
        return ([tidy] + folder.written).sorted()
    }

    static func readme(seed: UInt64) -> String {
        var s = """
            # Synthetic sample data (generated, not patient data)

            Written by `immunopipe synth --seed \(seed)`. Every value is simulated; subject IDs, dates
            and lots are invented. The same seed reproduces these files byte for byte.

            Per study folder: `exports/` (FlowJo 10 table exports, Luminex xPONENT plate exports, a
            tidy LIMS export), `manifest.csv` (sample → subject, visit, date), `clinical/`
            (instrument items, first doses, blood counts, glucocorticoids, adverse events) and
            `sealed/randomization.csv` (the arm key: use only for unblinded analysis).


            """
        for t in TrialDesign.all {
            s += "- **\(t.studyID)** (\(t.disease.rawValue)): \(t.title). Visits: \(t.visits.map(\.name).joined(separator: ", ")).\n"
        }
        return s
    }
}
