import Domain

/// Turns one tube's gate records into values, the way `FlowJoWorkspaceHandler` does for a
/// sample: the root's count as `TOTAL`, then per gate its count and its frequency of parent.
struct FACSDivaTubeEmitter {
    private var output: GatedSampleOutput
    var sample: String { output.sample }
    var sink: MeasurementSink { output.sink }
    var emitted: Int { output.emitted }
    var failure: Error? { output.failure }

    init(sample: String, flags: String, extra: String, sink: MeasurementSink) {
        output = GatedSampleOutput(sink: sink)
        output.start(sample: sample, flags: flags, extra: extra)
    }

    /// A gate already emitted: its path ("" for the root) and usable count.
    private struct Known {
        var path: String
        var count: Double?
    }

    mutating func emit(_ gates: [FACSDivaGate]) {
        guard let root = gates.first(where: \.isRoot) else {
            if let first = gates.first {
                sink.report(
                    .error(
                        first.numEventsLocation, code: "missing-root-gate",
                        "tube '\(sample)' has no root gate (All Events, type EventSource_Classifier); its gates are not read"))
            }
            return
        }
        let rootName = root.fullname
        // All Events = 0: nothing was recorded or analysed when the experiment was exported. Its
        // gates' zeros are not measurements.
        let notComputed = root.numEvents.flatMap { Int($0) } == 0
        if notComputed {
            sink.report(
                .warning(
                    root.numEventsLocation, code: "count-not-computed",
                    "tube '\(sample)': '\(rootName)' has 0 events (the tube was not recorded or not analysed before the export); its gate counts are stored as not available"
                ))
        }
        var known: [String: Known] = [:]
        for gate in gates {
            if gate.isRoot {
                guard gate.fullname == rootName else { continue }
                let count = readCount(gate, analyte: PopulationCatalogue.totalEvents, source: rootName, notComputed: notComputed)
                known[rootName] = Known(path: "", count: count)
                continue
            }
            if gate.isQuadrantHolder { continue }
            guard !gate.fullname.isEmpty else {
                sink.report(
                    .error(
                        gate.numEventsLocation, code: "missing-gate-name",
                        "a gate of tube '\(sample)' has no fullname; it is not read"))
                continue
            }
            let path = FACSDivaGate.path(of: gate.fullname, root: rootName)
            let count = readCount(gate, analyte: path, source: path, notComputed: notComputed)
            let parentName = gate.parentFullname
            var parent = known[parentName]
            if parent == nil {
                sink.report(
                    .warning(
                        gate.numEventsLocation, code: "unresolved-ancestor",
                        "the parent '\(parentName)' of gate '\(path)' in tube '\(sample)' is not among the tube's gates; its frequency of parent is not available"
                    ))
                parent = Known(path: FACSDivaGate.path(of: parentName, root: rootName), count: nil)
            }
            // A gate whose count is missing or unreadable has been reported; one that was not
            // computed still gets its (not available) frequency, as FlowJo's count="-1" does.
            if let raw = gate.numEvents, let n = Int(raw), n >= 0 {
                output.emitFrequencyOfParent(
                    path, count: count, parentPath: parent!.path, parentCount: parent!.count, at: gate.numEventsLocation)
            }
            known[gate.fullname] = Known(path: path, count: count)
        }
    }

    /// Emits a gate's count; returns it when it is a usable number.
    private mutating func readCount(_ gate: FACSDivaGate, analyte: String, source: String, notComputed: Bool) -> Double? {
        let location = gate.numEventsLocation
        guard let raw = gate.numEvents else {
            sink.report(.warning(location, code: "missing-count", "gate '\(gate.fullname)' of tube '\(sample)' has no num_events"))
            return nil
        }
        // FACSDiva writes plain whole numbers; anything else (`12.5`, `0x1F`, `-3`) is not a count.
        guard let n = Int(raw), n >= 0 else {
            sink.report(
                .error(
                    location, code: "invalid-count",
                    "num_events '\(raw)' of gate '\(gate.fullname)' in tube '\(sample)' is not a whole number of events"))
            return nil
        }
        if notComputed {
            output.emit(
                analyte, source: source, .count, denominator: "", value: .nan, unit: "events",
                qualifier: .notAvailable, raw: raw, at: location)
            return nil
        }
        output.emit(
            analyte, source: source, .count, denominator: "", value: Double(n), unit: "events",
            qualifier: .inRange, raw: "", at: location)
        return Double(n)
    }
}
