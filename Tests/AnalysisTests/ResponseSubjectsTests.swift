import TestSupport
import Testing

@testable import Analysis

/// The tables of responses by subject, filled in one pass with the assessment found after the
/// previous one's, give what a dictionary keyed by every response's assessment gives, whatever
/// order the responses come in.
@Suite("Response subjects")
struct ResponseSubjectsTests {
    private func response(_ subject: String, _ criterion: String, _ visit: String, _ basetype: String, _ responder: Responder)
        -> ResponseRecord
    {
        ResponseRecord(
            studyID: "S", subject: subject, basetype: basetype, visit: visit, visitNumber: nil, criterion: criterion,
            responder: responder)
    }

    /// The plain reading: number subjects in order of first response, then set each response's
    /// status in its assessment's table (a later response for the same cell wins).
    private func reference(_ responses: [ResponseRecord]) -> [ResponseAssessment: [Responder?]] {
        var number: [String: Int] = [:]
        for r in responses where number[r.subject] == nil { number[r.subject] = number.count }
        var tables: [ResponseAssessment: [Responder?]] = [:]
        for r in responses {
            let key = ResponseAssessment(criterion: r.criterion, basetype: r.basetype, visit: r.visit)
            tables[key, default: Array(repeating: nil, count: number.count)][number[r.subject]!] = r.responder
        }
        return tables
    }

    private func check(_ responses: [ResponseRecord]) {
        let subjects = ResponseSubjects(responses)
        let tables = subjects.tables(responses, missing: nil) { $0.responder as Responder? }
        #expect(tables == reference(responses))
        var firstSeen: [String] = []
        for r in responses where !firstSeen.contains(r.subject) { firstSeen.append(r.subject) }
        #expect(subjects.count == firstSeen.count)
        for (n, s) in firstSeen.enumerated() { #expect(subjects[s] == Int32(n)) }
        #expect(subjects["nobody"] == -1)
    }

    private let criteria = ["TIS", "IMACS_DOI"], visits = ["Week 12", "Week 24", "Week 52"]
    private let basetypes = ["DOUBLE-BLIND", "OPEN-LABEL"]
    private let statuses: [Responder] = [.yes, .no, .missing]

    @Test func subjectsInTurnWithTheSameAssessmentsInTheSameOrder() {
        var responses: [ResponseRecord] = []
        for s in 0..<20 {
            for c in criteria {
                for b in basetypes {
                    for v in visits { responses.append(response("S\(s)", c, v, b, statuses[(s + v.count) % 3])) }
                }
            }
        }
        check(responses)
    }

    @Test func missingAssessmentsReorderedSubjectsAndRepeatedCells() {
        var rng = SeededGenerator(seed: 7)
        var responses: [ResponseRecord] = []
        for s in 0..<40 {
            for c in criteria.shuffled(using: &rng) {
                for v in visits where Int.random(in: 0..<4, using: &rng) > 0 {
                    let b = basetypes.randomElement(using: &rng)!
                    responses.append(response("S\(s % 13)", c, v, b, statuses.randomElement(using: &rng)!))
                }
            }
        }
        // A subject's responses split in two runs, and a cell given twice (the later wins).
        responses.append(response("S3", "TIS", "Week 12", "DOUBLE-BLIND", .yes))
        responses.append(response("S3", "TIS", "Week 12", "DOUBLE-BLIND", .no))
        responses.shuffle(using: &rng)
        check(responses)
        check([])
    }
}
