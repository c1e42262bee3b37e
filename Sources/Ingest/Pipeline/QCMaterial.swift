import Domain

/// Wells and tubes that are not a subject's specimen: a plate's standards, blanks and controls,
/// FlowJo's FMO/isotype/compensation controls. They are stored (QC needs them) but never linked
/// to a subject, so linkage neither complains about them nor flags them `unlinked`.
enum QCMaterial {
    static func isQCMaterial(_ sample: [Measurement]) -> Bool {
        !sample.isEmpty && sample.indices.allSatisfy { sample[$0].isQCMaterial } // by index: no copy of each value
    }

    /// Flags values the linker could not link; its warning names each sample and the reason.
    static func flagUnlinked(_ unlinked: [UnlinkedSample]) -> [Measurement] {
        unlinked.flatMap { u in
            u.measurements.map {
                var m = $0
                m.addFlag(MeasurementFlag.unlinked)
                return m
            }
        }
    }
}
