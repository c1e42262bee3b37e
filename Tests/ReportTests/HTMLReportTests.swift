import Analysis
import Domain
import Foundation
import Testing

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
}
