import Domain

/// Which stored measurements are a subject's values for change from baseline: those linked to a
/// subject, and, for multiplex plates, the sample's replicate mean rather than each well
/// (`MeasurementFlag.wellLevel`). QC material has no subject and so never enters.
public enum SubjectLevelValues {
    public struct Selection: Sendable {
        public var values: [Measurement]
        /// Left out because no subject is linked (controls, standards, unlinked samples).
        public var withoutSubject: Int
        /// Left out because they describe one replicate well.
        public var wellLevel: Int
    }

    public static func select(_ measurements: [Measurement]) -> Selection {
        var out = Selection(values: [], withoutSubject: 0, wellLevel: 0)
        out.values.reserveCapacity(measurements.count)
        for m in measurements {
            if m.subject.isEmpty {
                out.withoutSubject += 1
            } else if m.hasFlag(MeasurementFlag.wellLevel) {
                out.wellLevel += 1
            } else {
                out.values.append(m)
            }
        }
        return out
    }
}
