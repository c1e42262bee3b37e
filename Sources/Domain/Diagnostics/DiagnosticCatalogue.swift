/// Every diagnostic code immunopipe emits, with its meaning and the advice shown to the person
/// who uploaded the file. Codes are stable: scripts grep for them and the store keeps them with
/// every batch, so a code is never renamed, only added. Emitters use codes listed here
/// (`DiagnosticCatalogueTests` fails on any other), and `docs/diagnostics.md` is generated from
/// this list (`UPDATE_GOLDEN=1 swift test --filter DiagnosticCatalogueTests`).
public enum DiagnosticCatalogue {
    public static func entry(_ code: String) -> DiagnosticCode? { byCode[code] }

    /// The advice for a code, or a generic line for a code not (yet) listed.
    public static func advice(_ code: String) -> String {
        entry(code)?.advice ?? "See docs/diagnostics.md."
    }

    private static let byCode: [String: DiagnosticCode] = Dictionary(
        all.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })

    public static let all: [DiagnosticCode] =
        files + tables + cytometry + multiplex + curves + panels
        + linkage + validation + configuration + clinical
}
