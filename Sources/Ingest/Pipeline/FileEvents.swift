import Domain
import Readers
import Store

/// What the parse stage sends the writer about one file, in order.
enum FileEvent: @unchecked Sendable {
    /// Accepted values, already in the segment's columnar form (built on the parse thread).
    case rows(MeasurementBlock)
    case diagnostics([Diagnostic])
    case table(AuxiliaryTable)
    /// The file is done: read with `format`, or rejected as a whole.
    case finished(format: SourceFormat?, rejection: Diagnostic?)
}
