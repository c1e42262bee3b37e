import Domain
import Foundation
import HDF5
import Testing

@testable import Store

/// Report results written back into the store: whole tables and a table streamed in slices
/// read back identically; a failed report publishes nothing.
@Suite struct ResultsWriterTests {
    func slice(_ start: Int, _ n: Int) -> AuxiliaryTable {
        AuxiliaryTable(
            name: "cfb",
            columns: [
                ("USUBJID", .text((start..<start + n).map { "S\($0 % 7)" })),
                ("AVAL", .number((start..<start + n).map { $0 % 5 == 0 ? .nan : Double($0) / 4 })),
                ("SRCREF", .text((start..<start + n).map { $0 % 3 == 0 ? "" : "plate \($0), line \($0 + 1) — µ" })),
            ])
    }

    @Test func streamedTableReadsBackAsWritten() throws {
        try withTemporaryStore { store in
            let writer = try ResultsWriter(store: store, name: "report-TEST-1")
            try writer.add(AuxiliaryTable(name: "summary", columns: [("N", .number([1, 2]))]))
            let table = try writer.beginTable("cfb", plainText: ["SRCREF"])
            for (start, n) in [(0, 10), (10, 1), (11, 30_000)] { try table.append(slice(start, n)) }
            #expect(table.rowCount == 30_011)
            #expect(throws: StoreError.self) {
                try table.append(AuxiliaryTable(name: "cfb", columns: [("USUBJID", .text(["x"]))]))
            }
            let published = try writer.publish(attributes: ["command": "immunopipe report"])
            #expect(published == "\(store.root)/results/report-TEST-1.h5")

            let file = try HDF5File.open(published)
            let root = try file.root()
            let back = try DataFrameIO.read(root.openGroup("cfb"), name: "cfb")
            let whole = slice(0, 30_011)
            #expect(back.text("USUBJID") == whole.text("USUBJID"))
            #expect(back.text("SRCREF") == whole.text("SRCREF"))
            let a = try #require(back.numbers("AVAL")), b = try #require(whole.numbers("AVAL"))
            #expect(a.count == b.count && zip(a, b).allSatisfy { $0.isNaN ? $1.isNaN : $0 == $1 })
            #expect(try root.openGroup("cfb").openDataset("SRCREF").stringAttribute("encoding-type") == "string-array")
            #expect(try root.openGroup("cfb").stringAttribute("encoding-type") == "dataframe")
            #expect(try DataFrameIO.read(root.openGroup("summary"), name: "summary").numbers("N") == [1, 2])
            #expect(try root.stringAttribute("command") == "immunopipe report")
            try file.close()
        }
    }

    /// Slices given as codes into their own categories write the same table as slices of
    /// strings: categories in order of first use, an empty category read as missing, and a
    /// plain-text column spelled out.
    @Test func codedSlicesWriteTheSameTableAsText() throws {
        try withTemporaryStore { store in
            let writer = try ResultsWriter(store: store, name: "report-TEST-3")
            let slices = [(0, 10), (10, 1), (11, 20_000)].map { slice($0, $1) }
            let texts = try writer.beginTable("texts", plainText: ["SRCREF"]) // one streamed table at a time
            for whole in slices { try texts.append(whole) }
            let coded = try writer.beginTable("coded", plainText: ["SRCREF"])
            for (k, whole) in slices.enumerated() {
                // Each slice's own categories, in an order unlike first use, with an empty one.
                func codes(_ values: [String]) -> StreamedTableWriter.SliceColumn {
                    let categories = [""] + Set(values.filter { !$0.isEmpty }).sorted().reversed()
                    let index = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, Int32($0)) })
                    return .coded(codes: values.map { index[$0]! }[...], categories: categories) // "" is code 0: missing
                }
                try coded.append([
                    ("USUBJID", codes(whole.text("USUBJID")!)), ("AVAL", .numbers(whole.numbers("AVAL")!)),
                    ("SRCREF", k == 0 ? codes(whole.text("SRCREF")!) : Self.utf8(whole.text("SRCREF")!)),
                ])
            }
            #expect(throws: StoreError.self) {
                try coded.append([("USUBJID", .texts(["a"])), ("AVAL", .numbers([])), ("SRCREF", .texts(["b"]))])
            }
            #expect(throws: StoreError.self) {
                try coded.append([
                    ("USUBJID", .coded(codes: [2], categories: ["a", "b"])), ("AVAL", .numbers([1])), ("SRCREF", .texts(["b"])),
                ])
            }
            #expect(throws: StoreError.self) {
                try coded.append([
                    ("USUBJID", .coded(codes: [0, -2, 1], categories: ["a", "b"])), ("AVAL", .numbers([1, 2, 3])),
                    ("SRCREF", .texts(["b", "c", "d"])),
                ])
            }
            #expect(throws: StoreError.self) {
                try coded.append([("USUBJID", .texts(["a"])), ("AVAL", .texts(["1"])), ("SRCREF", .texts(["b"]))])
            }
            // NUL-terminated texts that are not (a text without its NUL, a start past the bytes)
            // are refused before anything is written.
            let rows = coded.rowCount
            for (bytes, starts) in [([UInt8(ascii: "a"), 0, UInt8(ascii: "b")], [0, 2, 3]), ([0], [0, 1, 5]), ([0, 0], [1, 0, 2])] {
                #expect(throws: StoreError.self) {
                    try coded.append([
                        ("USUBJID", .texts(Array(repeating: "a", count: starts.count - 1))),
                        ("AVAL", .numbers(Array(repeating: 1, count: starts.count - 1))),
                        ("SRCREF", .utf8(bytes: bytes, starts: starts)),
                    ])
                }
            }
            #expect(coded.rowCount == rows)
            let published = try writer.publish(attributes: [:])
            let root = try HDF5File.open(published).root()
            let a = try DataFrameIO.read(root.openGroup("texts"), name: "t"), b = try DataFrameIO.read(root.openGroup("coded"), name: "t")
            #expect(a.text("USUBJID") != nil && a.text("USUBJID") == b.text("USUBJID"))
            #expect(a.text("SRCREF") != nil && a.text("SRCREF") == b.text("SRCREF"))
            #expect(
                try root.openGroup("coded").openGroup("USUBJID").openDataset("categories").readStrings()
                    == root.openGroup("texts").openGroup("USUBJID").openDataset("categories").readStrings())
            #expect(try root.openGroup("coded").openGroup("USUBJID").openDataset("codes").read(as: Int32.self).count == 20_011)
        }
    }

    /// A slice's codes are within its categories when each is −1 (missing) or below their
    /// count, wherever in the slice the one that is not lies.
    @Test func codesAreCheckedAgainstTheirCategories() {
        #expect(StreamedTableWriter.codes([], within: 0))
        #expect(StreamedTableWriter.codes([-1, -1], within: 0))
        #expect(StreamedTableWriter.codes([0, 2, -1, 1], within: 3))
        #expect(!StreamedTableWriter.codes([0], within: 0))
        for at in [0, 17, 999] {
            var codes = [Int32](repeating: 1, count: 1_000)
            codes[at] = 3
            #expect(!StreamedTableWriter.codes(codes[...], within: 3), "a code past the categories at \(at)")
            codes[at] = -2
            #expect(!StreamedTableWriter.codes(codes[...], within: 3), "a code below -1 at \(at)")
            codes[at] = 2
            #expect(StreamedTableWriter.codes(codes[10...], within: 3))
        }
    }

    /// Texts as NUL-terminated UTF-8 one after the other (how the report hands over SRCREF, NOTE
    /// and AVALC).
    static func utf8(_ values: some Collection<String>) -> StreamedTableWriter.SliceColumn {
        var bytes: [UInt8] = [], starts: [Int] = []
        for v in values {
            starts.append(bytes.count)
            bytes += Array(v.utf8) + [0]
        }
        return .utf8(bytes: bytes, starts: starts + [bytes.count])
    }

    /// A plain text column empty on most rows (the report's NOTE) in slices that do not fall on
    /// chunk boundaries: chunks of empty rows are written as null references without the
    /// library, the others through it, and every row reads back, in order.
    @Test func mostlyEmptyTextsReadBackAcrossChunks() throws {
        try withTemporaryStore { store in
            let writer = try ResultsWriter(store: store, name: "report-TEST-5")
            let table = try writer.beginTable("cfb", plainText: ["NOTE"])
            // Rows 0..<16,384 empty (a whole chunk), then a note every 997th row, then empty again.
            let notes = (0..<41_000).map { $0 >= 16_384 && $0 < 30_000 && $0 % 997 == 0 ? "AVAL = LLOQ/2 from <\($0)" : "" }
            var at = 0
            for count in [5, 16_000, 379, 3, 9_000, 15_613] {
                let rows = notes[at..<at + count]
                try table.append([("AVAL", .numbers(rows.indices.map(Double.init))), ("NOTE", Self.utf8(rows))])
                at += count
            }
            #expect(at == notes.count)
            let published = try writer.publish(attributes: [:])
            let root = try HDF5File.open(published).root()
            #expect(try root.openGroup("cfb").openDataset("NOTE").readStrings() == notes)
        }
    }

    /// A column first given as fixed-width UTF-8 is stored as fixed-length strings of that
    /// width and reads back as the texts given (multibyte and empty ones included), whether
    /// later slices come fixed-width or as strings; a slice of another width, a text longer
    /// than the width or bytes that are not whole rows are refused before anything is written.
    @Test func fixedWidthTextsReadBackAndOverlongOnesAreRefused() throws {
        try withTemporaryStore { store in
            let writer = try ResultsWriter(store: store, name: "report-TEST-4")
            let table = try writer.beginTable("cfb", plainText: ["SRCREF"])
            let width = 40
            func fixed(_ values: [String], width: Int = width) -> StreamedTableWriter.SliceColumn {
                .fixedWidth(bytes: values.flatMap { Array($0.utf8) + Array(repeating: 0, count: width - $0.utf8.count) }, width: width)
            }
            let slices = [(0, 10), (10, 1), (11, 20_000), (20_011, 5)].map { slice($0, $1) }
            for (k, whole) in slices.enumerated() {
                let texts = whole.text("SRCREF")!
                try table.append([
                    ("USUBJID", .texts(whole.text("USUBJID")!)), ("AVAL", .numbers(whole.numbers("AVAL")!)),
                    ("SRCREF", k == 3 ? .texts(texts) : fixed(texts)),
                ])
            }
            let rows = table.rowCount
            let refused: [StreamedTableWriter.SliceColumn] = [
                fixed(["a"], width: 41), .texts([String(repeating: "é", count: 21)]),
                .fixedWidth(bytes: [UInt8](repeating: 65, count: 39), width: width), .fixedWidth(bytes: [], width: 0),
            ]
            for column in refused {
                #expect(throws: StoreError.self) {
                    try table.append([("USUBJID", .texts(["a"])), ("AVAL", .numbers([1])), ("SRCREF", column)])
                }
            }
            #expect(table.rowCount == rows)
            let root = try HDF5File.open(try writer.publish(attributes: [:])).root()
            let back = try DataFrameIO.read(root.openGroup("cfb"), name: "cfb")
            #expect(back.text("SRCREF") == slice(0, 20_016).text("SRCREF"))
            #expect(back.text("USUBJID") == slice(0, 20_016).text("USUBJID"))
            #expect(try root.openGroup("cfb").openDataset("SRCREF").stringAttribute("encoding-type") == "string-array")
        }
    }

    @Test func aDiscardedReportPublishesNothing() throws {
        try withTemporaryStore { store in
            do {
                let writer = try ResultsWriter(store: store, name: "report-TEST-2")
                try writer.beginTable("cfb").append(slice(0, 100))
                writer.discard()
            }
            let results = (try? FileManager.default.contentsOfDirectory(atPath: "\(store.root)/results")) ?? []
            #expect(results.isEmpty)
            let scratch = try FileManager.default.subpathsOfDirectory(atPath: "\(store.root)/tmp")
            #expect(!scratch.contains { $0.contains("results-") }, "temporary result file left: \(scratch)")
        }
    }
}
