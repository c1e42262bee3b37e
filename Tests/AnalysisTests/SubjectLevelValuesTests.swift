import Domain
import Testing

@testable import Analysis

@Suite("Subject-level values")
struct SubjectLevelValuesTests {
    func m(_ subject: String, flags: String = "", parameter: String = "") -> Measurement {
        Measurement(
            sample: "S", subject: subject, visit: "Baseline", assay: .cytokine, analyte: "IL6",
            statistic: .concentration, parameter: parameter, value: 1, flags: flags)
    }

    @Test func wellsAndUnlinkedValuesAreLeftOutAndCounted() {
        let s = SubjectLevelValues.select([
            m("DM01-001", flags: "unknown,replicate-mean"),
            m("DM01-001", flags: "unknown,well-level", parameter: "A1"),
            m("DM01-001", flags: "unknown,well-level", parameter: "A2"),
            m("", flags: "standard,well-level", parameter: "B1"),
            m("", flags: "unlinked"),
        ])
        #expect(s.values.map(\.flags) == ["unknown,replicate-mean"])
        #expect(s.wellLevel == 2 && s.withoutSubject == 2)
    }

    @Test func flagsMatchWholeNamesOnly() {
        #expect(!m("P", flags: "well-levelled").hasFlag(MeasurementFlag.wellLevel))
        #expect(m("P", flags: "control").isQCMaterial && !m("P", flags: "controls").isQCMaterial)
    }
}
