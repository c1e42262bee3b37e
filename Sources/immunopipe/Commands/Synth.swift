import ArgumentParser
import Foundation
import Synth

struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Generate realistic synthetic lab exports for the seeded trials, or benchmark data.",
        discussion: """
            Without --scale, writes the sample data of NCT05495321, NCT04946669, NCT02465580 and \
            NCT04062006: FlowJo 10 table exports, Luminex xPONENT plate exports, a tidy LIMS export, \
            sample manifests, clinical data and the sealed randomization, one folder per study. \
            With --scale, writes a tidy CSV of exactly --rows measurement rows and --plates FlowJo \
            exports of 96 samples. The same --seed always gives byte-identical files.
            """)

    @Option(help: "Output directory.") var out: String
    @Option(help: "Seed of the generator.") var seed: UInt64 = Synthesizer.defaultSeed
    @Flag(help: "Write benchmark-scale data instead of the trials' sample data.") var scale = false
    @Option(help: "With --scale: tidy CSV measurement rows.") var rows: Int = 1_000_000
    @Option(help: "With --scale: FlowJo plate exports (96 samples each).") var plates: Int = 10

    func validate() throws {
        if rows < 0 { throw ValidationError("--rows must not be negative") }
        if plates < 0 { throw ValidationError("--plates must not be negative") }
        if !scale && (rows != 1_000_000 || plates != 10) {
            throw ValidationError("--rows and --plates apply only with --scale")
        }
    }

    func run() throws {
        let started = Date()
        let options = SynthOptions(seed: seed, out: out, scale: scale, rows: rows, plates: plates)
        let files = try CLIErrors.run { try Synthesizer.run(options) }
        let seconds = Date().timeIntervalSince(started)
        var bytes: Int64 = 0
        for f in files {
            bytes += ((try? FileManager.default.attributesOfItem(atPath: f))?[.size] as? NSNumber)?.int64Value ?? 0
        }
        print(
            String(
                format: "wrote %d files (%.1f MB) to %@ in %.2f s (seed %llu)",
                files.count, Double(bytes) / 1_000_000, out, seconds, seed))
    }
}
