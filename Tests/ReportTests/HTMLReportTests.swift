import Domain
import Foundation
import TestSupport
import Testing

@testable import Analysis
@testable import Report

@Suite struct HTMLReportTests {
    @Test func theReportIsSelfContained() throws {
        for unblinded in [false, true] {
            let (summary, dir) = try Fixture.build(unblinded: unblinded)
            defer { try? FileManager.default.removeItem(at: dir) }
            let html = try Fixture.text(dir, "report.html")
            #expect(summary.html.hasSuffix("report.html"))
            for forbidden in ["http://", "https://", "<script", "<link", "<img", "<iframe", "@import", "@font-face", "src="] {
                #expect(!html.lowercased().contains(forbidden), "report.html contains \(forbidden)")
            }
            // Every url(…) is a reference inside the page (the heat map's gradient).
            let urls = try Fixture.captures(#"url\(([^)]*)\)"#, in: html).map { $0[0] }
            #expect(!urls.isEmpty && urls.allSatisfy { $0.hasPrefix("#") })
            #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<style>"))
        }
    }

    @Test func oneSVGPerExpectedPlot() throws {
        let (_, dir) = try Fixture.build(unblinded: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = try Fixture.text(dir, "report.html")
        let kinds = try Fixture.captures(#"<svg class="plot" data-plot="([^"]+)""#, in: html).map { $0[0] }
        // Two parameters (TREG % of CD4, IL6): a trajectory and a box plot each; one heat map; one response chart.
        #expect(kinds.sorted() == ["boxplot", "boxplot", "heatmap", "response-rates", "trajectory", "trajectory"])
        #expect(html.components(separatedBy: "<svg").count - 1 == kinds.count)
        #expect(html.components(separatedBy: "</svg>").count - 1 == kinds.count)
        // Each per-parameter plot names its parameter.
        for code in ["TREG.FREQ_OF.CD4", "IL6"] {
            for kind in ["trajectory", "boxplot"] {
                let codes = try Fixture.captures(#"data-plot="\#(kind)"[^>]*data-paramcd="([^"]+)""#, in: html).map { $0[0] }
                #expect(codes.contains(code), "no \(kind) for \(code)")
            }
        }
    }

    @Test func heatMapShowsTheMedianChangeComputedIndependently() throws {
        for unblinded in [false, true] {
            let (_, dir) = try Fixture.build(unblinded: unblinded)
            defer { try? FileManager.default.removeItem(at: dir) }
            let html = try Fixture.text(dir, "report.html")
            let cells = try Fixture.captures(
                #"data-paramcd="([^"]+)" data-visit="([^"]+)" data-arm="([^"]+)" data-median-chg="([^"]+)" data-n="(\d+)""#, in: html)
            let groups: [(arm: String, members: [Int])] =
                unblinded
                ? [("OMEGA", [4, 5, 6, 7]), ("ZETA", [0, 1, 2, 3])] : [("ALL", Array(0..<8))]
            #expect(cells.count == 2 * 2 * groups.count, "2 parameters × 2 post-baseline visits × arm columns")
            for (code, series) in [("TREG.FREQ_OF.CD4", Fixture.treg), ("IL6", Fixture.il6)] {
                for (visit, k) in [("Week 4", 1), ("Week 12", 2)] {
                    for g in groups {
                        let expected = Fixture.median(g.members.map { series[$0][k] - series[$0][0] })
                        let cell = try #require(cells.first { $0[0] == code && $0[1] == visit && $0[2] == g.arm })
                        let shown = try #require(Double(cell[3]))
                        #expect(abs(shown - expected) < 1e-9, "\(code) \(visit) \(g.arm): \(shown) vs \(expected)")
                        #expect(Int(cell[4]) == g.members.count)
                    }
                }
            }
        }
    }

    @Test func aBlindedReportNamesNoArm() throws {
        let (summary, dir) = try Fixture.build(unblinded: false)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(summary.blinded)
        let html = try Fixture.text(dir, "report.html")
        #expect(html.contains("blinded: arms pooled"))
        for file in ["report.html", "cfb.csv", "response.csv", "summary.csv", "associations.csv"] {
            let text = try Fixture.text(dir, file).lowercased()
            for name in Fixture.armNames { #expect(!text.contains(name.lowercased()), "\(file) names arm \(name)") }
        }

        // The same data unblinded do name the arms (so the check above can fail).
        let (open, openDir) = try Fixture.build(unblinded: true)
        defer { try? FileManager.default.removeItem(at: openDir) }
        #expect(!open.blinded)
        let unblindedHTML = try Fixture.text(openDir, "report.html")
        #expect(unblindedHTML.contains("ZETA") && unblindedHTML.contains("Zetamab 5 mg") && unblindedHTML.contains("OMEGA"))
        #expect(try Fixture.text(openDir, "cfb.csv").contains(",ZETA,"))
    }

    @Test func allFilesAreWritten() throws {
        let (summary, dir) = try Fixture.build(unblinded: false)
        defer { try? FileManager.default.removeItem(at: dir) }
        let names = summary.files.map { ($0 as NSString).lastPathComponent }
        #expect(names == ["report.html", "cfb.csv", "response.csv", "summary.csv", "associations.csv"])
        for f in summary.files { #expect(FileManager.default.fileExists(atPath: f)) }
        #expect(summary.cfbRows == (try Fixture.data(unblinded: false)).dataset.records.count)
    }

    @Test func responseRatesAndWilsonInterval() throws {
        let data = try Fixture.data(unblinded: true)
        let rates = ResponseRate.compute(data)
        let all = try #require(rates.first { $0.arm == "ALL" })
        #expect(all.responders == 4 && all.assessed == 8)
        let zeta = try #require(rates.first { $0.arm == "ZETA" })
        #expect(zeta.responders == 3 && zeta.assessed == 4)
        // Wilson 95 % for 3/4 (statsmodels proportion_confint(3, 4, method='wilson')): 0.3006418, 0.9544127.
        #expect(abs(zeta.interval.low - 0.30064184) < 1e-6 && abs(zeta.interval.high - 0.95441273) < 1e-6)
    }

    /// The one-pass count gives what filtering the responses per criterion, visit and arm
    /// gives, whatever their order, BASETYPEs, unknown criteria or visits, and subjects
    /// without an arm.
    @Test(arguments: 0..<8)
    func responseRatesAsFilteredPerCell(seed: Int) throws {
        var data = try Fixture.data(unblinded: true)
        var g = SeededGenerator(seed: UInt64(seed))
        let template = try #require(data.responses.first)
        let criteria = data.study.responseCriteria.map(\.id) + ["UNKNOWN"]
        let visits = Array(Set(data.study.responseCriteria.flatMap(\.visits))) + ["Week 99"]
        let subjects = Array(data.armOf.keys) + ["NO-ARM-1", "NO-ARM-2"]
        data.responses = (0..<(50 + seed * 40)).map { _ in
            var r = template
            r.subject = subjects.randomElement(using: &g)!
            r.criterion = criteria.randomElement(using: &g)!
            r.visit = visits.randomElement(using: &g)!
            r.basetype = Bool.random(using: &g) ? data.study.baseline.basetype : "OTHER"
            r.responder = [Responder.yes, .no, .missing].randomElement(using: &g)!
            return r
        }
        // Runs of one subject and criterion, as the responses come, in some seeds.
        if seed % 2 == 0 { data.responses.sort { ($0.subject, $0.criterion, $0.visit) < ($1.subject, $1.criterion, $1.visit) } }
        var want: [ResponseRate] = []
        for c in data.study.responseCriteria {
            for visit in c.visits {
                let rs = data.responses.filter { $0.criterion == c.id && $0.visit == visit && $0.basetype == data.study.baseline.basetype }
                let groups =
                    [("ALL", rs)] + (data.arms.count > 1 ? data.arms.map { a in (a, rs.filter { data.armOf[$0.subject] == a }) } : [])
                for (arm, members) in groups {
                    let yes = members.filter { $0.responder == .yes }.count, no = members.filter { $0.responder == .no }.count
                    want.append(
                        ResponseRate(
                            criterion: c.id, visit: visit, visitNumber: data.study.visit(named: visit)?.number, arm: arm,
                            responders: yes, assessed: yes + no, notAssessed: members.count - yes - no))
                }
            }
        }
        #expect(data.arms.count > 1)
        #expect(ResponseRate.compute(data) == want)
    }
}
