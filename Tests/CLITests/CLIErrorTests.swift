import Foundation
import Testing

/// Bad input gets a clear message naming file, line and column; the store is never half-written.
@Suite("CLI errors")
struct CLIErrorTests {
    @Test func rowErrorsNameFileLineAndColumnAndGoodRowsAreStored() throws {
        let dir = CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("store").path
        #expect(try CLI.run(["init", store, "--study", "NCT04062006"]).status == 0)
        let csv = dir.appendingPathComponent("bad.csv")
        try """
        subject,visit,date,assay,analyte,statistic,value,unit
        P01,BASELINE,2024-01-02,clinical,CRP,value,1.2,mg/dL
        P01,BASELINE,2024-01-02,clinical,CRP,value,twelve,mg/dL
        ,BASELINE,2024-01-02,clinical,CRP,value,1.1,mg/dL
        P02,W4,2024-02-30,clinical,CRP,value,0.4,mg/dL
        """.write(to: csv, atomically: true, encoding: .utf8)
        let r = try CLI.run(["ingest", store, csv.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("bad.csv:3:7: error: value 'twelve' is not a number"))
        #expect(r.stdout.contains("bad.csv:4:1: error: subject is empty"))
        #expect(r.stdout.contains("bad.csv:5:3: error: date '2024-02-30' is not a date"))
        #expect((try CLI.status(store)["rowsPerTable"] as? [String: Int])?["measurements"] == 1)
    }

    @Test func strictRejectsTheWholeBatch() throws {
        let dir = CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("store").path
        #expect(try CLI.run(["init", store, "--study", "NCT04062006"]).status == 0)
        let csv = dir.appendingPathComponent("bad.csv")
        try "subject,visit,assay,analyte,statistic,value\nP01,BASELINE,clinical,CRP,value,x\nP01,W4,clinical,CRP,value,2\n"
            .write(to: csv, atomically: true, encoding: .utf8)
        // Nothing at all was stored: "nothing could be done" (2), as the help says.
        #expect(try CLI.run(["ingest", store, csv.path, "--strict"]).status == 2)
        #expect((try CLI.status(store)["batches"] as? [Any])?.isEmpty == true)
        // Not claimed: a fixed ingest of the same bytes is not "already ingested".
        #expect(try CLI.run(["ingest", store, csv.path]).status == 1)
        #expect((try CLI.status(store)["rowsPerTable"] as? [String: Int])?["measurements"] == 1)
    }

    @Test func missingColumnsRejectTheFileWithItsName() throws {
        let dir = CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("store").path
        #expect(try CLI.run(["init", store, "--study", "NCT04062006"]).status == 0)
        let csv = dir.appendingPathComponent("nocols.csv")
        try "subject,visit,assay,analyte,statistic,result_value\nP01,V1,clinical,CRP,value,1\n".write(
            to: csv, atomically: true, encoding: .utf8)
        let r = try CLI.run(["ingest", store, csv.path, "--format", "tidy-csv"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("nocols.csv:1: error: required column missing: value"), "\(r.stdout)")
    }

    @Test func notAStoreIsAClearError() throws {
        let r = try CLI.run(["status", "/nonexistent/store"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("is not an immunopipe study store"))
    }
}

/// One damaged XML file in a batch is rejected; the others are stored (it used to kill the
/// process with SIGILL inside Foundation's XMLParser, losing the whole batch).
@Suite("CLI poisoned XML")
struct CLIPoisonedXMLTests {
    @Test func poisonedWorkspaceIsRejectedAndTheRestOfTheBatchStored() throws {
        let dir = CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("store").path
        #expect(try CLI.run(["init", store, "--study", "NCT04062006"]).status == 0)
        let good1 = dir.appendingPathComponent("a-good.csv"), good2 = dir.appendingPathComponent("c-good.csv")
        try CLI.writeTidyCSV(good1, rows: 10, subjectPrefix: "A")
        try CLI.writeTidyCSV(good2, rows: 7, subjectPrefix: "C")
        let poisoned = dir.appendingPathComponent("b-poisoned.wsp")
        var bytes = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Workspace flowJoVersion=\"10.8.1\">\n<SampleList><Sample>\n".utf8)
        bytes +=
            Array("<Keywo".utf8) + [0xC0, 0xAF]
            + Array("rd/>\n<SampleNode name=\"A.fcs\" count=\"100\"/></Sample></SampleList></Workspace>\n".utf8)
        try Data(bytes).write(to: poisoned)
        let r = try CLI.run(["ingest", store, good1.path, poisoned.path, good2.path])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("b-poisoned.wsp:4:7: error:"), "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("[invalid-xml]"), "\(r.stdout)")
        #expect((try CLI.status(store)["rowsPerTable"] as? [String: Int])?["measurements"] == 17)
    }
}
