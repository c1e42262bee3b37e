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

    /// Why a measurement is not a subject's value; nil when it is one.
    public enum Exclusion: Sendable { case withoutSubject, wellLevel }

    public static func exclusion(_ m: Measurement) -> Exclusion? {
        if m.subject.isEmpty { return .withoutSubject }
        if m.hasFlag(MeasurementFlag.wellLevel) { return .wellLevel }
        return nil
    }

    public static func select(_ measurements: [Measurement]) -> Selection {
        var out = Selection(values: [], withoutSubject: 0, wellLevel: 0)
        out.values.reserveCapacity(measurements.count)
        for m in measurements {
            switch exclusion(m) {
            case .withoutSubject: out.withoutSubject += 1
            case .wellLevel: out.wellLevel += 1
            case nil: out.values.append(m)
            }
        }
        return out
    }
}
