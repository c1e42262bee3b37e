import Analysis
import Domain
import Foundation
import Testing

@testable import Report

/// The glucocorticoid and adverse-event logs reach the page, `safety.csv` and `cfb.csv`, and
/// nothing about them is shown when they are not given.
@Suite struct SafetyReportTests {
    @Test func logsGivenAppearInTheReport() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("safety-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let steroids = [
            GlucocorticoidDose(
                subject: "S1", drug: "Prednisone", dailyDoseMg: 20, prednisoneEquivalentMg: 20,
                startDate: "2023-01-01", endDate: "2023-03-01"),
            GlucocorticoidDose(
                subject: "S1", drug: "Prednisone", dailyDoseMg: 7.5, prednisoneEquivalentMg: 7.5,
                startDate: "2023-03-02"),
        ]
        let events = [AdverseEvent(subject: "S2", term: "Herpes zoster", grade: 3, onset: "2023-02-01", serious: true)]
        let summary = try ReportBuilder.build(
            source: .inMemory(Fixture.measurements()), study: Fixture.study(),
            clinical: Fixture.clinical(), glucocorticoids: steroids, adverseEvents: events,
            firstDoses: Fixture.firstDoses(), randomization: Fixture.randomization(),
            provenance: Provenance(createdAt: "2024-05-01T09:30:00Z"), out: dir.path)
        #expect(summary.files.contains { $0.hasSuffix("safety.csv") })
        let html = try Fixture.text(dir, ReportBuilder.htmlName)
        #expect(html.contains("id=\"safety\"") && html.contains("Herpes zoster"))
        let safety = try Fixture.text(dir, "safety.csv")
        #expect(safety.contains("term,Herpes zoster,ZETA,1,1,4,25"))
        // S1 on 20 mg at baseline, 7.5 mg at Week 12: change −12.5; S3 logged nothing: 0.
        let cfb = try Fixture.text(dir, "cfb.csv")
        let s1 = cfb.split(separator: "\r\n").filter { $0.contains(",S1,") && $0.contains("GC.PREDEQ") && $0.contains("Week 12") }
        #expect(s1.count == 1 && s1[0].contains(",7.5,") && s1[0].contains(",-12.5,"))
        #expect(cfb.contains(",S3,") && cfb.contains("none logged"))
    }

    @Test func noLogsNoSection() throws {
        let (summary, dir) = try Fixture.build(unblinded: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(!summary.files.contains { $0.hasSuffix("safety.csv") })
        let html = try Fixture.text(dir, ReportBuilder.htmlName)
        #expect(!html.contains("id=\"safety\""))
        #expect(!(try Fixture.text(dir, "cfb.csv")).contains("GC.PREDEQ"))
    }
}
