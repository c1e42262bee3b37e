import Domain

/// The values of one gated sample on their way to the sink, as FlowJo workspaces and FACSDiva
/// experiments (which emit exactly what a workspace would) both produce them: sample, flags and
/// `extra` fixed per sample, values counted (a sample nothing was stored for is reported), and
/// the sink's first error kept rather than thrown, since SAX callbacks cannot throw; once it is
/// set every later value is dropped and the handler aborts the parse.
struct GatedSampleOutput {
    let sink: MeasurementSink
    private(set) var sample = ""
    private(set) var flags = ""
    private(set) var extra = ""
    /// Values handed to the sink for the current sample.
    private(set) var emitted = 0
    private(set) var failure: Error?

    init(sink: MeasurementSink) { self.sink = sink }

    /// Starts the next sample: its name, flags and `extra`, and a fresh count of values.
    mutating func start(sample: String, flags: String, extra: String) {
        self.sample = sample
        self.flags = flags
        self.extra = extra
        emitted = 0
    }

    mutating func emit(
        _ analyte: String, source: String, _ statistic: Statistic, denominator: String, parameter: String = "",
        value: Double, unit: String, qualifier: Qualifier, raw: String, at location: SourceLocation
    ) {
        guard failure == nil else { return }
        emitted += 1
        do {
            try sink.accept(
                Measurement(
                    sample: sample, assay: .cytometry, analyte: analyte, sourceName: source, statistic: statistic,
                    denominator: denominator, parameter: parameter, value: value, unit: unit,
                    qualifier: qualifier, rawValue: raw, flags: flags, extra: extra,
                    sourceLine: location.line, sourceColumn: location.column))
        } catch {
            failure = error
        }
    }

    /// Gate `path`'s frequency of parent, derived from the two event counts; NaN (not available)
    /// when the parent has no events or either count is unknown. `parentPath` "" is the whole
    /// sample, whose name as a denominator is `TOTAL`.
    mutating func emitFrequencyOfParent(
        _ path: String, count: Double?, parentPath: String, parentCount: Double?, at location: SourceLocation
    ) {
        var value = Double.nan
        var qualifier = Qualifier.notAvailable
        if let c = count, let p = parentCount, p > 0 {
            value = 100 * c / p
            qualifier = .inRange
        }
        emit(
            path, source: path, .freqOfParent, denominator: FlowJoGatePath.denominatorName(parentPath),
            value: value, unit: "%", qualifier: qualifier, raw: "", at: location)
    }
}
