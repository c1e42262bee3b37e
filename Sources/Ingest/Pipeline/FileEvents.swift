import Domain
import Readers

/// What the parse stage sends the writer about one file, in order.
enum FileEvent: @unchecked Sendable {
    case rows([Measurement])
    case diagnostics([Diagnostic])
    case table(AuxiliaryTable)
    /// The file is done: read with `format`, or rejected as a whole.
    case finished(format: SourceFormat?, rejection: Diagnostic?)
}
