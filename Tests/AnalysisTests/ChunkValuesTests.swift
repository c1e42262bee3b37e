import Domain
import FileIO
import Store
import Testing

@testable import Analysis

/// The report reads the store as columns (`ChunkValues` over `MeasurementColumnChunk`); the rules
/// it applies are those of `SubjectLevelValues` and `AnalysisValue(measurement:)`, one row at a
/// time. Both must give the same spill bytes, counts and labels, or cfb.csv would change.
@Suite("Chunk values from store columns")
struct ChunkValuesTests {
    /// Seeded measurements with what varies in real stores: unlinked and well-level rows, empty
    /// fields, below-LLOQ values with and without a limit, source lines, non-ASCII flags, and
    /// the same analyte under several statistics, denominators and units.
    static func measurements(seed: UInt64, count: Int) -> [Measurement] {
        var g = ColumnarDerivationTests.Seeded(state: seed)
        let subjects = ["", "DM01-001", "DM01-002", "PMR-17", "SLE-ü3", "DM01-010"]
        let analytes = ["IL6", "Treg", "CD4", "IFN-γ", "TNF"]
        let statistics: [Statistic] = [.concentration, .freqOf, .count, .value, .ratio, Statistic("median_fi")]
        let flags = ["", "well-level", "replicate-mean", "unknown,well-level", "cv-high", "standard,well-level", "é"]
        let qualifiers: [Qualifier] = [.inRange, .belowLLOQ, .aboveULOQ, .notAvailable, .extrapolated, .outlier]
        return (0..<count).map { i in
            let q = g.pick(qualifiers)
            let value: Double = g.chance(0.3) ? .nan : Double(g.int(5000)) / 7
            return Measurement(
                sample: "S\(i / 7)", subject: g.pick(subjects),
                visit: g.pick(["", "Baseline", "Week 12"]),
                collectionDate: g.pick(["", "2025-01-03", "2025-04-01"]),
                assay: g.pick([Assay.cytokine, .cytometry, .clinical]),
                analyte: g.pick(analytes), statistic: g.pick(statistics),
                denominator: g.pick(["", "CD4", "Live"]),
                parameter: g.pick(["", "FITC-A"]), value: value,
                unit: g.pick(["", "pg/mL", "%"]), qualifier: q,
                rawValue: value.isNaN ? g.pick(["", "OOR <", "<0.5", "ND"]) : "\(value)",
                flags: g.pick(flags), sourceLine: g.int(3) * i)
        }
    }

    /// What the row-by-row rules give: the selected values' encodings by subject range.
    static func expected(_ ms: [Measurement], ranges: SubjectRanges) -> (bytes: [Int: [UInt8]], counts: (Int, Int), labels: [String]) {
        let s = SubjectLevelValues.select(ms)
        var bytes: [Int: ByteWriter] = [:]
        var labels: [String] = []
        for m in s.values {
            let v = AnalysisValue(measurement: m)
            v.encode(into: &bytes[ranges.index(of: m.subject), default: ByteWriter()])
            if !labels.contains(v.parameterCode) { labels.append(v.parameterCode) }
        }
        return (bytes.mapValues(\.bytes), (s.withoutSubject, s.wellLevel), labels)
    }

    /// SRCREF is built byte by byte; it must read as the interpolation it replaced.
    @Test func sourceReferenceIsSampleThenLine() {
        for (sample, line) in [
            ("S1", 0), ("S1", 7), ("", 120), ("Specimen_001_Tube 003.fcs", 1_234_567), ("SLE-ü3 β", 10), ("x", -1),
            (String(repeating: "a", count: 40), 9),
        ] {
            let expected = line > 0 ? "\(sample) line \(line)" : sample
            #expect(AnalysisValue.sourceReference(sample: sample, line: line) == expected)
        }
    }

    /// SRCREF as the store's fixed-width column (`sourceColumn`): each row's reference as
    /// `sourceReference` builds it, NUL-padded, at the width asked for or the longest reference,
    /// for any rows in any order (a slice of the report's row order does not start at 0).
    @Test func sourceColumnHoldsEachRowsReference() {
        var v = AnalysisValueColumns()
        let references: [(sample: String, line: Int)] = [
            ("S1", 0), ("S1", 7), ("", 120), ("Specimen_001_Tube 003.fcs", 1_234_567), ("SLE-ü3 β", 10), ("S1", 7), ("x", -1),
        ]
        for (sample, line) in references {
            var codes = AnalysisValueColumns.Field.allCases.map { v.code($0, "") }
            codes[AnalysisValueColumns.Field.sample.rawValue] = v.code(.sample, sample)
            v.append(codes: codes, sourceLine: line, value: 1, lloq: .nan, upperLimitOfNormal: .nan)
        }
        let all = [Int32](0..<7)
        for (rows, minimum) in [(all[...], 0), ([6, 3, 3, 0][...], 40), (all[2..<5], 1), ([][...], 5)] {
            let (bytes, width, counts) = v.sourceColumn(rows: rows, minimumWidth: minimum)
            let expected = rows.map { AnalysisValue.sourceReference(sample: references[Int($0)].sample, line: references[Int($0)].line) }
            #expect(width == max(1, minimum, expected.map(\.utf8.count).max() ?? 0))
            #expect(bytes.count == rows.count * width && counts.count == rows.count)
            for (r, text) in expected.enumerated() {
                #expect(Int(counts[r]) == text.utf8.count)
                #expect(Array(bytes[r * width..<r * width + Int(counts[r])]) == Array(text.utf8))
                #expect(bytes[r * width + Int(counts[r])..<(r + 1) * width].allSatisfy { $0 == 0 })
            }
        }
    }

    @Test(arguments: 0..<40)
    func columnsGiveTheRowByRowValues(seed: UInt64) {
        let ms = Self.measurements(seed: seed, count: 50 + Int(seed) * 13)
        let subjects = Set(ms.map(\.subject)).filter { !$0.isEmpty }.sorted()
        let ranges = SubjectRanges(sortedSubjects: subjects, parts: 3)
        let chunk = ChunkValues(MeasurementColumnChunk(ms), ranges: ranges)
        let want = Self.expected(ms, ranges: ranges)
        #expect(chunk.rows == ms.count)
        #expect(chunk.withoutSubject == want.counts.0 && chunk.wellLevel == want.counts.1)
        #expect(chunk.values == SubjectLevelValues.select(ms).values.count)
        #expect(chunk.values == chunk.encoded.reduce(0) { $0 + $1.count })
        // The batches read back as the values the row-by-row rules make, field for field
        // (compared as their single-record encodings: NaN is not equal to itself).
        let readBack = Dictionary(
            uniqueKeysWithValues: chunk.encoded.map { batch in
                var w = ByteWriter()
                for v in AnalysisValueBatch.decodeAll(batch.parts.flatMap(\.bytes), expected: batch.count) { v.encode(into: &w) }
                return (batch.range, w.bytes)
            })
        #expect(readBack == want.bytes)
        #expect(chunk.newLabels.map(\.0) == want.labels)
        let selected = SubjectLevelValues.select(ms).values
        for (code, label) in chunk.newLabels {
            let first = selected.first { AnalysisValue.naming($0).code == code }!
            #expect(label == ParameterLabel.display(first))
        }
    }

    /// A partition holds batches and single records (clinical values) in any order.
    @Test func batchesAndSingleRecordsReadBackInOrder() {
        let ms = SubjectLevelValues.select(Self.measurements(seed: 3, count: 120)).values
        let ranges = SubjectRanges(sortedSubjects: Set(ms.map(\.subject)).sorted(), parts: 1)
        let chunk = ChunkValues(MeasurementColumnChunk(ms), ranges: ranges)
        let single = AnalysisValue(
            subject: "DM01-001", date: "2025-01-03", parameterCategory: "clinical", parameterCode: "MMT8.TOTAL",
            value: 142, source: "clinical.csv line 4")
        var partition = ByteWriter(), expected = ByteWriter()
        single.encode(into: &partition)
        for p in chunk.encoded[0].parts { partition.write(contentsOf: p) }
        single.encode(into: &partition)
        let values = [single] + ms.map { AnalysisValue(measurement: $0) } + [single]
        for v in values { v.encode(into: &expected) }
        var got = ByteWriter()
        for v in AnalysisValueBatch.decodeAll(partition.bytes, expected: 0) { v.encode(into: &got) }
        #expect(chunk.encoded.count == 1 && got.bytes == expected.bytes)
    }

    /// A partition decoded as coded columns gives, row for row, the values the row-by-row
    /// rules make (`AnalysisValue(measurement:)`), with each field's texts distinct, across
    /// batches that code the same texts apart and a single record between them.
    @Test(arguments: 0..<12)
    func codedColumnsGiveTheRowByRowValues(seed: UInt64) {
        let ms = SubjectLevelValues.select(Self.measurements(seed: seed, count: 80 + Int(seed) * 17)).values
        let ranges = SubjectRanges(sortedSubjects: Set(ms.map(\.subject)).sorted(), parts: 1)
        let half = ms.count / 2
        let first = ChunkValues(MeasurementColumnChunk(Array(ms[..<half])), ranges: ranges)
        let second = ChunkValues(MeasurementColumnChunk(Array(ms[half...])), ranges: ranges)
        let single = AnalysisValue(
            subject: "DM01-001", date: "2025-01-03", parameterCategory: "clinical", parameterCode: "MMT8.TOTAL",
            value: 142, qualifier: .belowLLOQ, source: "clinical.csv line 4")
        var partition = ByteWriter()
        for e in first.encoded { for p in e.parts { partition.write(contentsOf: p) } }
        single.encode(into: &partition)
        for e in second.encoded { for p in e.parts { partition.write(contentsOf: p) } }
        let values = ms[..<half].map { AnalysisValue(measurement: $0) } + [single] + ms[half...].map { AnalysisValue(measurement: $0) }
        let columns = AnalysisValueBatch.decodeColumns(partition.bytes, expected: values.count)
        #expect(columns.count == values.count)
        // Compared as single-record encodings (NaN is not equal to itself).
        var want = ByteWriter(), got = ByteWriter()
        for v in values { v.encode(into: &want) }
        for i in 0..<columns.count { columns[i].encode(into: &got) }
        #expect(got.bytes == want.bytes)
        for texts in columns.texts { #expect(Set(texts.map { Array($0.utf8) }).count == texts.count) }
        for i in 0..<columns.count {
            #expect(columns.source(i) == values[i].source && columns.qualifier(i) == values[i].qualifier)
        }
    }

    @Test func aChunkReadsBackTheMeasurementsItWasMadeFrom() {
        let ms = Self.measurements(seed: 7, count: 300)
        // NaN is not equal to itself: the values are compared by bit pattern, the rest as given.
        func comparable(_ m: Measurement) -> Measurement {
            var m = m
            if m.value.isNaN { m.value = -12345 }
            return m
        }
        #expect(MeasurementColumnChunk(ms).measurements.map(comparable) == ms.map(comparable))
    }
}
