import Domain
import Foundation
import Testing

@testable import Analysis
@testable import Report

/// The byte writer of cfb.csv must write exactly what `CSVWriter` (the reference dialect)
/// writes, and the change-from-baseline table read straight from the records must hold exactly
/// what the records' ADaM text (`adamValues`) said.
@Suite struct CSVBufferTests {
    static let awkwardText = [
        "plain", "", "a,b", "say \"hi\"", "two\nlines", "crlf\r\nhere", "µL; ≥20 %",
        "\"", "\"\"", "x\"y,z", " spaced ",
    ]
    static let awkwardNumbers: [Double] = [
        .nan, 0, -0.0, 3, -2.5, 0.1 + 0.2, 1e-5, 1e-7, 123456789.123, 1e15 - 1, 1e15,
        -1e15 + 1, 1e16, 2e300, .leastNonzeroMagnitude, .infinity, -.infinity, 0.105 / 2, 100.0 / 3,
    ]

    /// Every awkward text and number, in three columns.
    static let awkwardTable: AuxiliaryTable = {
        let n = max(awkwardText.count, awkwardNumbers.count)
        return AuxiliaryTable(
            name: "t",
            columns: [
                ("TEXT", .text((0..<n).map { awkwardText[$0 % awkwardText.count] })),
                ("VALUE", .number((0..<n).map { awkwardNumbers[$0 % awkwardNumbers.count] })),
                ("LAST", .text((0..<n).map { awkwardText[($0 + 3) % awkwardText.count] })),
            ])
    }()

    @Test func bufferWritesTheBytesOfCSVWriter() {
        let table = Self.awkwardTable
        var buffer = CSVBuffer()
        buffer.header(table.columns.map(\.name))
        buffer.rows(table)
        #expect(String(decoding: buffer.bytes, as: UTF8.self) == CSVWriter.render(table))
        #expect(buffer.bytes == Array(CSVWriter.render(table).utf8))
    }

    /// The report writes response.csv, summary.csv and associations.csv a piece of rows at a
    /// time (`CSVFileWriter.append`): the file holds the whole table's text, header included,
    /// for pieces of one row, of a few, of the whole table, and for a table with no rows.
    @Test func tablesWrittenInPiecesAreTheWholeTable() throws {
        let table = Self.awkwardTable, n = table.rowCount
        let empty = AuxiliaryTable(name: "e", columns: [("A", .text([])), ("B", .number([]))])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("csv-pieces-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (t, pieces) in [(table, [1, 4, n, n + 1]), (empty, [1])] {
            for rowsPerPiece in pieces {
                let path = directory + "/\(t.name)-\(rowsPerPiece).csv"
                let file = try CSVFileWriter(path: path, bypassingPageCache: false)
                try file.append(t, rowsPerPiece: rowsPerPiece)
                try file.finish()
                let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
                #expect(written == Array(CSVWriter.render(t).utf8), "\(t.name), \(rowsPerPiece) rows a piece")
            }
        }
    }

    /// The padded field and text writers (read 8 or 16 bytes at a time past a field's end)
    /// write what `text` writes: every length up to 40 with each special byte at every
    /// position, and runs of record starts copied from an earlier record.
    @Test func paddedWritersWriteWhatTextWrites() {
        for length in 0...40 {
            for special in [nil, ",", "\"", "\r", "\n", "é"] as [Character?] {
                for at in special == nil ? [0] : Array(0..<max(1, length)) where length > 0 || special == nil {
                    var text = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    if let special { text.replaceSubrange(at..<at + 1, with: Array(String(special).utf8)) }
                    // A special byte just past the text must not count: the padding holds one.
                    let source = text + [UInt8(ascii: ",")] + [UInt8](repeating: UInt8(ascii: "\""), count: CSVCursor.overread)
                    var expected = CSVBuffer(), padded = CSVBuffer()
                    text.withUnsafeBufferPointer { u in
                        expected.append(atMost: 2 * CSVCursor.textBound(u.count)) {
                            $0.text(u)
                            $0.text(u)
                        }
                    }
                    source.withUnsafeBufferPointer { u in
                        padded.append(atMost: 2 * CSVCursor.textBound(text.count)) {
                            $0.text(paddedFrom: u.baseAddress!, count: text.count)
                            $0.text(paddedFrom: u.baseAddress!, count: text.count)
                        }
                    }
                    #expect(padded.bytes == expected.bytes, "length \(length), \(special.map(String.init) ?? "none") at \(at)")
                }
            }
        }
        // A record's first fields (as `text` encodes them) copied from the record before.
        let fields = ["NCT05495321", "BM01-001", "", "cytometry", "B.COUNT", "\"B, count (events)\""]
        let bytes = fields.flatMap(\.utf8) + [UInt8](repeating: 0, count: CSVCursor.overread)
        var copied = CSVBuffer()
        bytes.withUnsafeBufferPointer { u in
            copied.append(atMost: 400) { cursor in
                let start = cursor.position
                var at = 0
                for f in fields {
                    cursor.field(paddedFrom: u.baseAddress! + at, count: f.utf8.count)
                    at += f.utf8.count
                }
                let count = cursor.position - start
                cursor.endRecord()
                cursor.recordStart(copying: start, count: count)
                cursor.number(7)
                cursor.endRecord()
            }
        }
        let head = "NCT05495321,BM01-001,,cytometry,B.COUNT,\"B, count (events)\""
        #expect(String(decoding: copied.bytes, as: UTF8.self) == head + "\r\n" + head + ",7\r\n")
    }

    /// Doubles are written as `description` writes them (through the runtime's shortest
    /// round-trip routine, without a String): seeded random bit patterns, every magnitude.
    @Test func doublesAreWrittenAsTheirDescription() {
        var state: UInt64 = 12
        func next() -> UInt64 { // SplitMix64
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let values = (0..<20_000).map { k in
            k.isMultiple(of: 2) ? Double(bitPattern: next()) : Double(Int64(bitPattern: next()) % 1_000_000) / 997
        }
        let mismatches = Self.mismatchesWithDescription(values)
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first \(mismatches.prefix(5))")
    }

    /// Values of a few decimals (written without the runtime's routine, `fewDecimals`) and
    /// their neighbours one ulp away (which are not) are written as `description` writes them:
    /// every number of decimals 0-8 around the fast path's bounds and across its range.
    @Test func fewDecimalsAreWrittenAsTheirDescription() {
        let next = Self.seeded(7)
        var values: [Double] = [0.001, 0.000999, 0.0010001, 999_999.999999, 999_999.5, 1e6 - 1e-6, 1e6, 0.1, 0.05, 1.96, 27.94]
        for k in 0...8 {
            let unit = pow(10.0, Double(k))
            for _ in 0..<4000 {
                let digits = Double(next() % 2_000_000_000_000) / pow(10.0, Double(next() % 7))
                let x = digits.rounded() / unit
                values += [x, -x, x.nextUp, x.nextDown]
            }
        }
        let mismatches = Self.mismatchesWithDescription(values)
        let fast = values.filter { CSVCursor.fewDecimals($0) != nil }.count
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first \(mismatches.prefix(5))")
        #expect(fast > values.count / 10, "the fast path was taken \(fast) times")
    }

    /// Full-precision values in every decade the exact shortest-digits path covers (10^-4 to
    /// 10^15: whole parts of 0 to 15 digits, up to 21 places), ratios as PCHG, R2BASE and
    /// L2R2BASE are, their neighbours one ulp away and their negatives are written as
    /// `description` writes them; most take that path (`ShortestDecimal`), and values outside
    /// its range, whole ones and powers of two are left to the runtime.
    @Test func fullPrecisionValuesAreWrittenAsTheirDescription() {
        let next = Self.seeded(11)
        func unit() -> Double { Double(next() >> 11) / Double(1 << 42) }
        var values: [Double] = [1e-4, 1e-4.nextDown, 1e15.nextDown, 0.1 + 0.2, 1.0 / 3, 100.0 / 7, 9_557_438.5]
        for decade in -4...14 {
            for _ in 0..<1500 {
                let x = pow(10.0, Double(decade)) * (1 + 9 * unit())
                values += [x, -x, x.nextUp, x.nextDown]
            }
        }
        for _ in 0..<6000 {
            let a = Double(next() % 100_000 + 1) / 100, b = Double(next() % 100_000 + 1) / 100
            values += [a / b, 100 * (a - b) / b, log2(a / b)]
        }
        let mismatches = Self.mismatchesWithDescription(values)
        let exact = values.filter { ShortestDecimal.digits($0) != nil }.count
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first \(mismatches.prefix(5))")
        #expect(exact > values.count * 9 / 10, "the exact path was taken \(exact) of \(values.count) times")
        for x in [9.9e-5, -1e-5, 1e15, 2e15 + 0.5, 0.5, 0.25, 1024, 42, .infinity, .nan, 0] {
            #expect(ShortestDecimal.digits(x) == nil, "\(x) is left to the runtime")
        }
    }

    /// A repeated field's number (BASE, `CSVCursor.number(_:repeating:)`) is written as
    /// `number` writes it, whether its text is copied from the row before or worked out again:
    /// runs of equal values, values that differ only in their bits (0 and −0, NaNs), texts
    /// longer than one 16-byte piece of the copy, and records of that field alone (the copy's
    /// source just before its destination).
    @Test func repeatedNumbersAreWrittenAsNumbersAre() {
        let next = Self.seeded(5)
        var values: [Double] = []
        for x in Self.awkwardNumbers + [0, -0.0, .nan, -Double.nan, 1.5, 1.5] {
            values += Array(repeating: x, count: Int(next() % 4) + 1)
        }
        for _ in 0..<2000 {
            let x = Double(next() % 100_000) / [1, 10, 100, 7][Int(next() % 4)]
            values += Array(repeating: x, count: Int(next() % 9) + 1)
        }
        for padding in [0, 1, 40] {
            var expected = CSVBuffer(), got = CSVBuffer()
            let filler = [UInt8](repeating: UInt8(ascii: "x"), count: padding)
            got.append(atMost: values.count * (CSVCursor.numberBound + CSVCursor.textBound(padding) + 2)) { cursor in
                var last: CSVCursor.WrittenNumber?
                for x in values {
                    cursor.number(x, repeating: &last)
                    if padding > 0 { filler.withUnsafeBufferPointer { cursor.text($0) } }
                    cursor.endRecord()
                }
            }
            for x in values {
                expected.number(x)
                if padding > 0 { expected.text(String(decoding: filler, as: UTF8.self)) }
                expected.endRecord()
            }
            #expect(got.bytes == expected.bytes, "padding \(padding)")
        }
    }

    /// Each value `CSVBuffer.number`, or `CSVCursor.ratio` (the same text without trying a
    /// short decimal first), writes otherwise than `description` (`CSVWriter.number`), as
    /// "bit pattern: number / ratio ≠ description".
    static func mismatchesWithDescription(_ values: [Double]) -> [String] {
        values.compactMap { x in
            var buffer = CSVBuffer(), ratio = CSVBuffer()
            buffer.number(x)
            ratio.append(atMost: CSVCursor.numberBound) { $0.ratio(x) }
            let got = String(decoding: buffer.bytes, as: UTF8.self), viaRatio = String(decoding: ratio.bytes, as: UTF8.self)
            let want = CSVWriter.number(x)
            return got == want && viaRatio == want ? nil : "\(x.bitPattern): \(got) / \(viaRatio) ≠ \(want)"
        }
    }

    /// A seeded linear congruential generator's top 53 bits, call after call.
    static func seeded(_ seed: UInt64) -> () -> UInt64 {
        var state = seed
        return {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
    }

    /// The table as the previous implementation built it: every value through its ADaM text,
    /// numbers parsed back.
    static func viaAdamText(_ records: [CFBRecord]) -> AuxiliaryTable {
        let position = Dictionary(CFBRecord.adamColumns.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let values = records.map(\.adamValues)
        return AuxiliaryTable(
            name: "cfb",
            columns: CFBTable.columns.map { name in
                let i = position[CFBTable.sourceName[name] ?? name]!
                if CFBTable.numeric.contains(name) { return (name, .number(values.map { Double($0[i]) ?? .nan })) }
                return (name, .text(values.map { $0[i] }))
            })
    }

    static func records() -> [CFBRecord] {
        var out: [CFBRecord] = []
        for (i, x) in awkwardNumbers.enumerated() {
            var r = CFBRecord(
                studyID: "NCT0001", subject: "S\(i)", arm: i % 2 == 0 ? "IL2" : "", parameterCategory: "cytometry",
                parameterCode: "TREG.FREQ_OF.CD4", parameter: "TREG, freq_of of CD4 (%)",
                collectedVisit: "Week \(i)", date: "2024-01-\(10 + i % 9)", value: x,
                valueText: awkwardText[i % awkwardText.count], unit: "%",
                qualifier: i % 3 == 0 ? .belowLLOQ : .inRange, lloq: awkwardNumbers[(i + 5) % awkwardNumbers.count],
                upperLimitOfNormal: awkwardNumbers[(i + 7) % awkwardNumbers.count],
                source: "sample \(i), line \(i)")
            r.studyDay = i % 4 == 0 ? nil : i - 3
            r.analysisVisit = i % 5 == 0 ? "" : "Week \(i)"
            r.analysisVisitNumber = i % 5 == 0 ? nil : i
            r.basetype = i % 2 == 0 ? "" : "LATER"
            r.baselineFlag = i % 6 == 0
            r.base = awkwardNumbers[(i + 1) % awkwardNumbers.count]
            r.baseText = i % 7 == 0 ? "B" : ""
            r.change = i % 3 == 1 ? nil : awkwardNumbers[(i + 2) % awkwardNumbers.count]
            r.percentChange = i % 3 == 2 ? nil : awkwardNumbers[(i + 4) % awkwardNumbers.count]
            r.ratioToBase = i % 4 == 1 ? nil : awkwardNumbers[(i + 6) % awkwardNumbers.count]
            r.log2RatioToBase = i % 4 == 2 ? nil : awkwardNumbers[(i + 8) % awkwardNumbers.count]
            r.analysisFlag = i % 2 == 1
            r.note = i % 3 == 0 ? "AVAL = LLOQ/2 = 0.0525 from <0.105; \"quoted\", too" : ""
            out.append(r)
        }
        return out
    }

    @Test func cfbTableFromRecordsEqualsTheTableFromTheirADaMText() {
        let records = Self.records()
        let direct = CFBTable.make(records), reference = Self.viaAdamText(records)
        #expect(direct.columns.map(\.name) == CFBTable.columns)
        #expect(direct.columns.map(\.name) == reference.columns.map(\.name))
        for (a, b) in zip(direct.columns, reference.columns) {
            switch (a.column, b.column) {
            case (.text(let x), .text(let y)): #expect(x == y, "\(a.name)")
            case (.number(let x), .number(let y)):
                // Bit for bit (NaN equal to NaN, −0 distinct from 0).
                #expect(x.map(\.bitPattern) == y.map(\.bitPattern), "\(a.name)")
            default: Issue.record("\(a.name): text in one table, numbers in the other")
            }
        }
        var buffer = CSVBuffer()
        CFBTable.csv(records[...], records.indices, into: &buffer)
        #expect(String(decoding: buffer.bytes, as: UTF8.self) == CSVWriter.rows(reference))
    }

    /// Every variable the analysis layer derives is a column of cfb.csv, and nothing else is.
    @Test func cfbColumnsAreTheAnalysisVariables() {
        #expect(Set(CFBTable.columns.map { CFBTable.sourceName[$0] ?? $0 }) == Set(CFBRecord.adamColumns))
        #expect(CFBTable.columns.count == CFBRecord.adamColumns.count)
    }

    /// The derivation's columns and the records built from them write the same bytes and the
    /// same store table: the two row sources read each field alike.
    @Test func columnsAndTheirRecordsWriteTheSameTable() throws {
        let derivation = try ChangeFromBaseline.Derivation(
            study: Fixture.study(), firstDoses: Fixture.firstDoses(),
            arms: Fixture.randomization())
        let values =
            Fixture.measurements().filter { !$0.subject.isEmpty }.map(AnalysisValue.init(measurement:))
            + Fixture.clinical().map(AnalysisValue.init(assessment:))
        var warnings: [String] = []
        let columns = try derivation.deriveColumns(values, warnings: &warnings)
        let records = columns.records
        #expect(columns.count > 100)
        var fromColumns = CSVBuffer(), fromRecords = CSVBuffer()
        CFBTable.csv(columns, 0..<columns.count, into: &fromColumns)
        CFBTable.csv(records[...], records.indices, into: &fromRecords)
        #expect(fromColumns.bytes == fromRecords.bytes, "cfb.csv bytes from the columns differ from those of their records")
        #expect(CSVWriter.rows(CFBTable.make(columns, 0..<columns.count)) == CSVWriter.rows(CFBTable.make(records)))
        // The store's slice, its codes spelled out, is the records' table.
        let coded = CFBCodedRange(columns, 0..<columns.count)
        let spelled = AuxiliaryTable(
            name: "cfb",
            columns: coded.storeSlice().map { name, column in
                if case .numbers(let v) = column { (name, .number(v)) } else { (name, .text(column.texts)) }
            })
        #expect(CSVWriter.rows(spelled) == CSVWriter.rows(CFBTable.make(records)))
        // SRCREF comes fixed-width, as wide as the longest reference the derivation was told of.
        var bounded = columns
        bounded.longestSourceReference = 64
        let source = try #require(CFBCodedRange(bounded, 0..<columns.count).storeSlice().first { $0.name == "SRCREF" }?.column)
        guard case .fixedWidth(_, let width) = source else {
            Issue.record("SRCREF should come fixed-width")
            return
        }
        #expect(width == 64)
        #expect(source.texts == records.map(\.source))
        // A later range of the same columns starts its own categories.
        var tail = CSVBuffer(), tailOfRecords = CSVBuffer()
        CFBTable.csv(columns, 40..<columns.count, into: &tail)
        CFBTable.csv(records[...], 40..<records.count, into: &tailOfRecords)
        #expect(tail.bytes == tailOfRecords.bytes)
    }

    /// Texts Unicode calls equal but spelled with other bytes (a composed and a decomposed
    /// "é") are written as each row spells them, as the record writer does, not merged into
    /// the first spelling met.
    @Test func codedRowsKeepEachSpellingOfEquivalentTexts() throws {
        let derivation = try ChangeFromBaseline.Derivation(
            study: Fixture.study(), firstDoses: Fixture.firstDoses(), arms: Fixture.randomization())
        var values = Fixture.measurements().filter { !$0.subject.isEmpty }.map(AnalysisValue.init(measurement:))
        for i in values.indices { values[i].unit = i % 2 == 0 ? "caf\u{E9}" : "cafe\u{301}" }
        #expect("caf\u{E9}" == "cafe\u{301}")
        var warnings: [String] = []
        let columns = try derivation.deriveColumns(values, warnings: &warnings)
        let records = columns.records
        var fromColumns = CSVBuffer(), fromRecords = CSVBuffer()
        CFBTable.csv(columns, 0..<columns.count, into: &fromColumns)
        CFBTable.csv(records[...], records.indices, into: &fromRecords)
        #expect(fromColumns.bytes == fromRecords.bytes)
        #expect(CFBCodedRange(columns, 0..<columns.count).categories.contains { $0.count == 2 && $0[0] == $0[1] })
    }

    @Test func cfbOnlyWritesTheSameTableAndNothingElse() throws {
        let (_, fullDir) = try Fixture.build(unblinded: true)
        var options = ReportOptions()
        options.tables = .cfb
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-tests-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: fullDir)
            try? FileManager.default.removeItem(at: dir)
        }
        let summary = try ReportBuilder.build(
            source: .inMemory(Fixture.measurements()), study: Fixture.study(),
            clinical: Fixture.clinical(), firstDoses: Fixture.firstDoses(),
            randomization: Fixture.randomization(),
            provenance: Provenance(createdAt: "2024-05-01T09:30:00Z"), out: dir.path,
            options: options, rowsPerPartition: 10)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["cfb.csv"])
        #expect(try Fixture.text(dir, "cfb.csv") == Fixture.text(fullDir, "cfb.csv"))
        #expect(summary.cfbRows > 0)
        #expect(summary.html.isEmpty)
    }

    @Test func progressIsReportedPhaseByPhase() throws {
        let seen = ProgressLog()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-tests-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let measurements = Fixture.measurements()
        _ = try ReportBuilder.build(
            source: .inMemory(measurements), study: Fixture.study(), clinical: Fixture.clinical(),
            firstDoses: Fixture.firstDoses(), randomization: nil,
            provenance: Provenance(createdAt: "2024-05-01T09:30:00Z"), out: dir.path,
            rowsPerPartition: 10, progress: { seen.add($0) })
        let log = seen.all
        let phases = log.map(\.phase)
        #expect(phases.first == .reading)
        #expect(phases.contains(.deriving) && phases.contains(.analysing) && phases.last == .writing)
        // Phases never go back, and within a phase the count only grows up to its total.
        let order: [ReportProgress.Phase] = [.reading, .deriving, .analysing, .writing]
        #expect(phases.map { order.firstIndex(of: $0)! } == phases.map { order.firstIndex(of: $0)! }.sorted())
        #expect(log.first { $0.phase == .reading }?.total == measurements.count)
        for p in order.dropLast() {
            let steps = log.filter { $0.phase == p }
            #expect(steps.map(\.done) == steps.map(\.done).sorted())
            #expect(steps.last.map { $0.done == $0.total } == true, "\(p) does not finish")
        }
    }
}

final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [ReportProgress] = []
    func add(_ p: ReportProgress) {
        lock.lock()
        items.append(p)
        lock.unlock()
    }
    var all: [ReportProgress] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}
