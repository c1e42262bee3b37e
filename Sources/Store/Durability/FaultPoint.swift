import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Named points where the crash and race tests stop a writer. Two test-only switches, read once:
///
/// * `IMMUNOPIPE_FAULT=<point>`: the process sends itself SIGKILL when it reaches `<point>`,
///   exactly what a power cut or the OOM killer would do there.
/// * `IMMUNOPIPE_PAUSE=<point>:<marker file>`: at `<point>` the process creates the marker and
///   waits until the test deletes it, so a test can run another command at that exact moment.
///   Only the first time: a step redone after the pause (an ingest retried in a new
///   generation) runs through.
///
/// Unset (always, outside tests) a point costs one comparison. Points: `ingest.archived`,
/// `ingest.claimed`, `ingest.published` (segment renamed, batch not yet committed),
/// `ingest.before-commit`, `reprocess.before-manifest`, `commit.moved` (segments moved, not yet
/// registered), `commit.before-switch`, `report.outputs-written`, `report.before-swap`,
/// `export.written`.
public enum FaultPoint {
    private static let kill = ProcessInfo.processInfo.environment["IMMUNOPIPE_FAULT"]
    private static let pause: (point: String, marker: String)? = {
        guard let v = ProcessInfo.processInfo.environment["IMMUNOPIPE_PAUSE"], let i = v.firstIndex(of: ":") else { return nil }
        return (String(v[..<i]), String(v[v.index(after: i)...]))
    }()

    nonisolated(unsafe) private static var paused = false

    public static func reached(_ point: String) {
        if kill == point { Glibc.kill(getpid(), SIGKILL) }
        if let p = pause, p.point == point, !paused {
            paused = true
            _ = FileManager.default.createFile(atPath: p.marker, contents: Data("\(getpid())".utf8))
            while FileManager.default.fileExists(atPath: p.marker) { usleep(20_000) }
        }
    }
}
