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
    /// By subject range, in order of first appearance: the encoded values and their number.
    var encoded: [(range: Int, bytes: ByteWriter, count: Int)] = []
    var newLabels: [(String, String)] = []
    var values = 0, withoutSubject = 0, wellLevel = 0, rows = 0

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
        var naming: [NamingCodes: AnalysisValue.Naming] = [:]
        // Whether a row is a subject's value depends on its subject and flags only; rows come
        // grouped by sample, so the last pair decides most rows.
        var lastPair: (subject: Int32, flags: Int32) = (.min, .min), lastExclusion: SubjectLevelValues.Exclusion?
        var slot: [Int: Int] = [:]
        var lastSubject: Int32 = -2, lastSlot = -1
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
            let named: AnalysisValue.Naming
            if let n = naming[key] {
                named = n
            } else {
                let m = chunk.measurement(row)
                named = AnalysisValue.naming(m)
                naming[key] = named
                if !newLabels.contains(where: { $0.0 == named.code }) {
                    newLabels.append((named.code, ParameterLabel.display(m)))
                }
            }
            let subjectText = chunk.text(.subject, row)
            let v = AnalysisValue(
                storedSubject: subjectText, visit: chunk.text(.visit, row), date: chunk.text(.collectionDate, row),
                assay: assayOf.value(assay[row]) { Assay(rawValue: chunk.text(.assay, row)) ?? .clinical },
                naming: named, value: chunk.value[row],
                qualifier: qualifierOf.value(qualifier[row]) { Qualifier(rawValue: chunk.text(.qualifier, row)) ?? .notAvailable },
                rawValue: chunk.text(.rawValue, row), unit: chunk.text(.unit, row), sample: chunk.text(.sample, row),
                sourceLine: Int(chunk.sourceLine[row]))
            if subject[row] != lastSubject {
                let range = rangeOf.value(subject[row]) { subjectRanges.index(of: subjectText) }
                if let s = slot[range] {
                    lastSlot = s
                } else {
                    lastSlot = encoded.count
                    slot[range] = lastSlot
                    encoded.append((range, ByteWriter(), 0))
                }
                lastSubject = subject[row]
            }
            v.encode(into: &encoded[lastSlot].bytes)
            encoded[lastSlot].count += 1
        }
    }
}
