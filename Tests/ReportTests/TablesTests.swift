import Analysis
import Domain
import Foundation
import Testing

@testable import Report

@Suite struct TablesTests {
    static let requiredHeader = [
        "STUDYID", "USUBJID", "ARM", "PARCAT", "PARAMCD", "PARAM", "AVISIT", "AVISITN", "ADY", "AVAL",
        "AVALC", "BASETYPE", "ABLFL", "BASE", "CHG", "PCHG", "R2BASE", "ANL01FL",
    ]

    @Test func cfbHeaderIsExactlyTheRequiredColumnsThenTheAnalysisLayersOthers() throws {
        let (_, dir) = try Fixture.build(unblinded: false)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = try Fixture.text(dir, "cfb.csv")
        let header = String(csv[..<csv.range(of: "\r\n")!.lowerBound]).components(separatedBy: ",")
        #expect(Array(header.prefix(18)) == Self.requiredHeader)
        let extras = Array(header.dropFirst(18))
        // Every further ADaM variable the analysis provides, in its order, none repeated.
        #expect(extras == CFBRecord.adamColumns.filter { !Self.requiredHeader.contains($0) && $0 != "PARCAT1" })
        #expect(extras.contains("NOTE") && extras.contains("SRCREF") && Set(header).count == header.count)
    }

    @Test func cfbRowsCarryTheDerivedValues() throws {
        let data = try Fixture.data(unblinded: false)
        let table = CFBTable.make(data.dataset.records)
        func column(_ name: String) -> AuxiliaryTable.Column { table.columns.first { $0.name == name }!.column }
        guard case .text(let codes) = column("PARAMCD"), case .text(let visits) = column("AVISIT"),
            case .text(let subjects) = column("USUBJID"), case .number(let chg) = column("CHG"),
            case .number(let ady) = column("ADY")
        else {
            Issue.record("unexpected column types")
            return
        }
        let i = try #require(codes.indices.first { codes[$0] == "TREG.FREQ_OF.CD4" && visits[$0] == "Week 12" && subjects[$0] == "S1" })
        #expect(abs(chg[i] - (6.3 - 4.1)) < 1e-12)
        #expect(ady[i] == 85)
        let base = try #require(codes.indices.first { codes[$0] == "IL6" && visits[$0] == "Baseline" && subjects[$0] == "S1" })
        #expect(chg[base].isNaN)
        // The CSV writes the baseline's missing CHG as an empty field (IL6's PARAM has no comma,
        // so the line can be split naively here).
        let line = CSVWriter.render(table).components(separatedBy: "\r\n")[base + 1].components(separatedBy: ",")
        #expect(line[14] == "" && line[12] == "Y")
    }

    @Test func controlsWithoutSubjectAreLeftOutWithAWarning() throws {
        let data = try Fixture.data(unblinded: false)
        #expect(!data.dataset.records.contains { $0.subject.isEmpty })
        #expect(data.warnings.contains { $0.contains("1 measurement(s) without a subject") })
    }

    @Test func summaryMatchesAnIndependentComputation() throws {
        let data = try Fixture.data(unblinded: true)
        let row = try #require(
            data.summaries.first {
                $0.parameterCode == "IL6" && $0.visit == "Week 12" && $0.arm == "ZETA" && $0.variable == "PCHG"
                    && $0.criterion.isEmpty
            })
        let pchg = (0..<4).map { 100 * (Fixture.il6[$0][2] - Fixture.il6[$0][0]) / Fixture.il6[$0][0] }
        #expect(row.summary.n == 4)
        #expect(abs(row.summary.median - Fixture.median(pchg)) < 1e-9)
        #expect(abs(row.summary.mean - pchg.reduce(0, +) / 4) < 1e-9)
        // Response groups: S1, S2, S3 respond in ZETA, S4 does not.
        let yes = try #require(
            data.summaries.first {
                $0.parameterCode == "IL6" && $0.visit == "Week 12" && $0.arm == "ZETA" && $0.variable == "CHG"
                    && $0.criterion == "TIS" && $0.response == "Y"
            })
        #expect(yes.summary.n == 3 && yes.responseVisit == "Week 12")
        #expect(abs(yes.summary.median - Fixture.median((0..<3).map { Fixture.il6[$0][2] - Fixture.il6[$0][0] })) < 1e-9)
    }

    /// Each group's statistics come from the cell's values sorted once and filtered to the
    /// group (`SummaryRow.compute`): the same as summarising the group's own values, and the
    /// response groups of a criterion split the cell's values between them.
    @Test func everySummaryIsItsGroupsOwnSummary() throws {
        let data = try Fixture.data(unblinded: true)
        let records = data.dataset.records.filter { $0.analysisFlag && $0.parameterCategory != "clinical" }
        var checked = 0
        for row in data.summaries where row.parameterCode != GlucocorticoidExposure.parameterCode {
            let group = records.filter {
                $0.parameterCode == row.parameterCode && $0.basetype == row.basetype && $0.analysisVisit == row.visit
                    && (row.arm == SummaryRow.allArms || $0.arm == row.arm)
            }
            let value: (CFBRecord) -> Double = {
                switch row.variable {
                case "AVAL": $0.value
                case "CHG": $0.change ?? .nan
                default: $0.percentChange ?? .nan
                }
            }
            if row.criterion.isEmpty {
                // Compared as text: NaN (no SD of one value) is not equal to itself.
                #expect("\(row.summary)" == "\(Summary(group.map(value)))", "\(row)")
                checked += 1
            } else {
                let split = data.summaries.filter {
                    $0.parameterCode == row.parameterCode && $0.basetype == row.basetype && $0.visit == row.visit
                        && $0.arm == row.arm && $0.variable == row.variable && $0.criterion == row.criterion
                }
                #expect(split.reduce(0) { $0 + $1.summary.n + $1.summary.missing } == group.count)
            }
        }
        #expect(checked > 10)
    }

    @Test func responseTableHidesArmsWhileBlinded() throws {
        let blinded = try Fixture.data(unblinded: false)
        let t = ResponseTable.make(blinded.responses, armOf: [:])
        guard case .text(let arms) = t.columns.first(where: { $0.name == "ARM" })!.column,
            case .text(let flags) = t.columns.first(where: { $0.name == "RESPFL" })!.column
        else {
            Issue.record("types")
            return
        }
        #expect(arms.allSatisfy { $0.isEmpty })
        #expect(flags.filter { $0 == "Y" }.count == 4 && flags.filter { $0 == "N" }.count == 4)
    }
}
