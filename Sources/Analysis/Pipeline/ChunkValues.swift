import Domain
import FileIO
import Store

/// One chunk of stored measurements as analysis values, encoded for the spill file of their
/// subject range on the thread that made them (the reading thread only copies bytes), with
/// the display label of each parameter code first seen in the chunk (in order of appearance).
///
/// Read from the store's columns: what depends on a category (a subject's range, an assay's
/// PARCAT, a qualifier, a parameter's PARAMCD and PARAM, whether a row is a subject's value)
/// is worked out once per category or per run of rows, from the `Measurement` of the first row
/// that has it, so the rules are those of `SubjectLevelValues` and `AnalysisValue` with no copy;
/// per row there are only integer look-ups and the row's own strings.
struct ChunkValues: Sendable {
    /// By subject range, in order of first appearance: the encoded values (parts to write one
    /// after the other) and their number.
    var encoded: [(range: Int, parts: [ByteWriter], count: Int)] = []
    var newLabels: [(String, String)] = []
    var values = 0, withoutSubject = 0, wellLevel = 0, rows = 0
    /// At least the UTF-8 length of any of the chunk's SRCREFs: the longest sample text with
    /// the largest line (what the store's fixed-width SRCREF column must hold).
    var longestSourceReference = 0

    /// What PARAMCD and PARAM depend on (`AnalysisValue.NamingKey`), as the chunk's codes.
    private struct NamingCodes: Hashable {
        var analyte: Int32, statistic: Int32, denominator: Int32, parameter: Int32, unit: Int32
    }

    init(_ chunk: MeasurementColumnChunk, ranges subjectRanges: SubjectRanges) {
        typealias Column = MeasurementColumnChunk.Text
        rows = chunk.count
        let codes = chunk.codes, categories = chunk.categories
        func codesOf(_ c: Column) -> [Int32] { codes[c.rawValue] }
        let subject = codesOf(.subject), flags = codesOf(.flags), assay = codesOf(.assay)
        let qualifier = codesOf(.qualifier), analyte = codesOf(.analyte), statistic = codesOf(.statistic)
        let denominator = codesOf(.denominator), parameter = codesOf(.parameter), unit = codesOf(.unit)

        /// A per-category memo: code -1 (the empty string) is slot 0.
        struct Memo<T> {
            var slots: [T?]
            init(_ categories: [String]) { slots = Array(repeating: nil, count: categories.count + 1) }
            mutating func value(_ code: Int32, _ make: () -> T) -> T {
                if let v = slots[Int(code) + 1] { return v }
                let v = make()
                slots[Int(code) + 1] = v
                return v
            }
        }
        var rangeOf = Memo<Int>(categories[Column.subject.rawValue])
        var assayOf = Memo<Assay>(categories[Column.assay.rawValue])
        var qualifierOf = Memo<Qualifier>(categories[Column.qualifier.rawValue])
        // Each naming's index in this chunk (the batches' key for PARAMCD and PARAM), found
        // through a small direct-mapped cache before the dictionary: a chunk has a few dozen
        // namings, and hashing five codes per row was a fifth of this loop.
        var naming: [NamingCodes: Int] = [:]
        var namings: [AnalysisValue.Naming] = []
        var cachedKey = [NamingCodes?](repeating: nil, count: 256), cachedIndex = [Int](repeating: 0, count: 256)
        // Whether a row is a subject's value depends on its subject and flags only; rows come
        // grouped by sample, so the last pair decides most rows.
        var lastPair: (subject: Int32, flags: Int32) = (.min, .min), lastExclusion: SubjectLevelValues.Exclusion?
        var batches: [(range: Int, batch: AnalysisValueBatch)] = []
        var slot: [Int: Int] = [:]
        var lastSubject: Int32 = -2, lastSlot = -1
        let visit = codesOf(.visit), date = codesOf(.collectionDate), rawValue = codesOf(.rawValue)
        let sample = codesOf(.sample)
        func textsOf(_ c: Column) -> [String] { categories[c.rawValue] }
        let subjectTexts = textsOf(.subject), visitTexts = textsOf(.visit), dateTexts = textsOf(.collectionDate)
        let rawValueTexts = textsOf(.rawValue), unitTexts = textsOf(.unit), sampleTexts = textsOf(.sample)
        var rowCodes = [Int32](repeating: 0, count: AnalysisValueBatch.Field.allCases.count)
        var sampleBytes = Memo<Int>(sampleTexts)
        var longestSample = 0, largestLine: Int32 = 0
        for row in 0..<chunk.count {
            if lastPair != (subject[row], flags[row]) {
                lastPair = (subject[row], flags[row])
                lastExclusion = SubjectLevelValues.exclusion(chunk.measurement(row))
            }
            switch lastExclusion {
            case .withoutSubject:
                withoutSubject += 1
                continue
            case .wellLevel:
                wellLevel += 1
                continue
            case nil: break
            }
            values += 1
            let key = NamingCodes(
                analyte: analyte[row], statistic: statistic[row], denominator: denominator[row],
                parameter: parameter[row], unit: unit[row])
            let line =
                Int(truncatingIfNeeded: key.analyte &* 31 &+ key.statistic &* 17 &+ key.denominator &* 7 &+ key.parameter &* 3 &+ key.unit)
                & 255
            let named: Int
            if cachedKey[line] == key {
                named = cachedIndex[line]
            } else if let n = naming[key] {
                named = n
                (cachedKey[line], cachedIndex[line]) = (key, n)
            } else {
                let m = chunk.measurement(row)
                named = namings.count
                namings.append(AnalysisValue.naming(m))
                naming[key] = named
                (cachedKey[line], cachedIndex[line]) = (key, named)
                let code = namings[named].code
                if !newLabels.contains(where: { $0.0 == code }) { newLabels.append((code, ParameterLabel.display(m))) }
            }
            if subject[row] != lastSubject {
                let range = rangeOf.value(subject[row]) { subjectRanges.index(of: chunk.text(.subject, row)) }
                if let s = slot[range] {
                    lastSlot = s
                } else {
                    lastSlot = batches.count
                    slot[range] = lastSlot
                    batches.append((range, AnalysisValueBatch()))
                }
                lastSubject = subject[row]
            }
            // The fields of `AnalysisValue(measurement:)`, as codes: each text made once per
            // batch (category code + 1 as the key: -1, the empty text, is key 0).
            longestSample = max(longestSample, sampleBytes.value(sample[row]) { chunk.text(.sample, row).utf8.count })
            largestLine = max(largestLine, chunk.sourceLine[row])
            let q = qualifierOf.value(qualifier[row]) { Qualifier(rawValue: chunk.text(.qualifier, row)) ?? .notAvailable }
            let numbers = AnalysisValue.storedNumbers(value: chunk.value[row], qualifier: q)
            func add(_ b: inout AnalysisValueBatch) {
                rowCodes[0] = b.code(.subject, category: subject[row], of: subjectTexts)
                rowCodes[1] = b.code(.visit, category: visit[row], of: visitTexts)
                rowCodes[2] = b.code(.date, category: date[row], of: dateTexts)
                let assayKey = Int(assay[row]) + 1
                rowCodes[3] =
                    b.code(.category, key: assayKey)
                    ?? b.add(
                        .category, key: assayKey,
                        text: assayOf.value(assay[row]) { Assay(rawValue: chunk.text(.assay, row)) ?? .clinical }.rawValue)
                rowCodes[4] = b.code(.code, key: named) ?? b.add(.code, key: named, text: namings[named].code)
                rowCodes[5] = b.code(.parameter, key: named) ?? b.add(.parameter, key: named, text: namings[named].label)
                rowCodes[6] = b.code(.valueText, category: rawValue[row], of: rawValueTexts)
                rowCodes[7] = b.code(.unit, category: unit[row], of: unitTexts)
                rowCodes[8] = b.code(.sample, category: sample[row], of: sampleTexts)
                let qualifierKey = Int(qualifier[row]) + 1
                rowCodes[9] = b.code(.qualifier, key: qualifierKey) ?? b.add(.qualifier, key: qualifierKey, text: q.rawValue)
                b.append(
                    codes: rowCodes, sourceLine: Int(chunk.sourceLine[row]), value: numbers.value, lloq: numbers.lloq,
                    upperLimitOfNormal: .nan)
            }
            add(&batches[lastSlot].batch)
        }
        encoded = batches.map { ($0.range, $0.batch.encoded, $0.batch.count) }
        longestSourceReference = AnalysisValue.sourceReferenceCount(sample: longestSample, line: Int(largestLine))
    }
}
