import Domain
import Readers

/// Processing that needs a whole file at once: a multiplex plate's standard curves, QC and
/// replicate means compare wells across the file. Plate exports are small (a few thousand
/// values), so buffering one is cheap; streaming formats never take this path.
public protocol FileProcessor: Sendable {
    /// Whether files read in `format` go through this processor.
    func applies(to format: SourceFormat) -> Bool
    func process(file measurements: [Measurement], tables: [AuxiliaryTable], file: SourceFile)
        -> (accepted: [Measurement], tables: [AuxiliaryTable], diagnostics: [Diagnostic])
    /// The same, knowing the format the file was read as (a processor may treat formats
    /// differently: MESO plate files name wells, not samples).
    func process(file measurements: [Measurement], tables: [AuxiliaryTable], file: SourceFile, format: SourceFormat?)
        -> (accepted: [Measurement], tables: [AuxiliaryTable], diagnostics: [Diagnostic])
}

extension FileProcessor {
    public func process(file measurements: [Measurement], tables: [AuxiliaryTable], file: SourceFile, format: SourceFormat?)
        -> (accepted: [Measurement], tables: [AuxiliaryTable], diagnostics: [Diagnostic])
    {
        process(file: measurements, tables: tables, file: file)
    }
}
