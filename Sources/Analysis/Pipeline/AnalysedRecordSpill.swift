import FileIO

/// The compact spill of the analysed immune records between deriving them (a subject range at
/// a time) and analysing them (a parameter at a time). Summaries, associations and the figure
/// sections read 16 of a `CFBRecord`'s 29 fields; the others (collected visit and date, value
/// text, qualifier, limits, BASE and its text, the ratios, baseline date, note, source) are in
/// cfb.csv already and are neither written nor read back here: a record read back has them
/// at their defaults.
///
/// Each parameter's rows of a subject range are one dictionary-coded batch: STUDYID and
/// PARAMCD once, each other text field's distinct values once, then per row seven int32 codes,
/// ADY, one byte of flags and three doubles (57 bytes; about 200 with a length-prefixed string
/// per field, which made this spill, at 10 M rows, 2 GB written and read back).
enum AnalysedRecordSpill {
    /// The coded text fields, in the order their codes are written per row.
    enum Field: Int, CaseIterable {
        case subject, arm, category, parameter, visit, unit, basetype
    }

    /// Where a row's ADY lies (after a code per field) and its flags byte (the doubles follow it).
    private static let dayOffset = Field.allCases.count * 4, flagsOffset = dayOffset + 4
    /// Where AVAL, CHG and PCHG lie (float64, after the flags byte).
    private static let valueOffset = flagsOffset + 1, changeOffset = valueOffset + 8, percentOffset = changeOffset + 8
    /// Bytes per row: the seven codes and ADY (int32 each), the flags byte, AVAL, CHG, PCHG.
    private static let rowBytes = percentOffset + 8

    /// One parameter's analysed rows of a subject range, as spilled: its head (counts and
    /// texts), then its rows, written one after the other (the rows are not copied behind the
    /// head: that copy was a pass over every analysed row's bytes).
    struct Batch: Sendable {
        var code: String
        var parts: [ByteWriter]
        var count: Int
    }

    /// A batch being coded.
    private struct Coder {
        var code: String
        var count = 0
        var studyID = ""
        var fields = [SpillTexts](repeating: SpillTexts(), count: Field.allCases.count)
        /// AVISITN of each visit code.
        var visitNumbers: [Int64] = []
        var rows = ByteWriter()

        init(code: String) { self.code = code }

        /// The batch as spilled: row count, STUDYID, PARAMCD, each field's texts, the visits'
        /// numbers, then the rows.
        var batch: Batch {
            var w = ByteWriter(capacity: 64 * fields.reduce(0) { $0 + $1.count } + 64)
            w.write(Int64(count))
            w.write(studyID)
            w.write(code)
            for f in fields { f.write(into: &w) }
            w.write(Int64(visitNumbers.count))
            for n in visitNumbers { w.write(n) }
            return Batch(code: code, parts: [w, rows], count: count)
        }
    }

    /// The analysed immune rows of derived columns (ANL01FL, in an analysis visit), coded on
    /// the thread that derived them, one batch per PARAMCD in order of first appearance, rows
    /// in order within each: the caller, which also writes cfb.csv and the store, only copies
    /// each batch's bytes into its parameter's spill file.
    static func batches(_ c: CFBColumns) -> [Batch] {
        var out: [Coder] = []
        var slot = [Int](repeating: -1, count: c.codes.count)
        for k in 0..<c.count where isAnalysed(c, row: k) {
            let i = Int(c.input[k])
            let p = Int(c.parameterCode[i])
            if slot[p] < 0 {
                slot[p] = out.count
                var b = Coder(code: c.codes[p])
                b.studyID = c.studyID
                out.append(b)
            }
            append(c, row: k, input: i, to: &out[slot[p]])
        }
        return out.map(\.batch)
    }

    private static func append(_ c: CFBColumns, row k: Int, input i: Int, to b: inout Coder) {
        let s = Int(c.subjectCode[i])
        let subject = b.fields[Field.subject.rawValue].code(key: s) ?? b.fields[Field.subject.rawValue].add(key: s, text: c.subjects[s])
        // The arm is its subject's (`CFBColumns.arm`), so the subject's index keys it too.
        let arm = b.fields[Field.arm.rawValue].code(key: s) ?? b.fields[Field.arm.rawValue].add(key: s, text: c.arm[i])
        let visitIndex = Int(c.visit[k])
        var visit = b.fields[Field.visit.rawValue].code(key: visitIndex)
        if visit == nil {
            let window = c.visits[visitIndex]
            visit = b.fields[Field.visit.rawValue].add(key: visitIndex, text: window.name)
            b.visitNumbers.append(Int64(window.number))
        }
        let bt = Int(c.basetype[k])
        let basetype =
            b.fields[Field.basetype.rawValue].code(key: bt) ?? b.fields[Field.basetype.rawValue].add(key: bt, text: c.basetypes[bt])
        // The value's texts keyed by their codes in the range (no text hashed per row).
        func valueText(_ f: Field, _ column: AnalysisValueColumns.Field) -> Int32 {
            let key = Int(c.values.code(column, i))
            return b.fields[f.rawValue].code(key: key) ?? b.fields[f.rawValue].add(key: key, text: c.values.texts[column.rawValue][key])
        }
        let category = valueText(.category, .category), parameter = valueText(.parameter, .parameter)
        let unit = valueText(.unit, .unit)
        let change = c.change[k], percent = c.percentChange[k]
        // The bits the decoded rows keep (`AnalysedRows.Flags`).
        var flags: AnalysedRows.Flags = []
        if c.baselineFlag[k] { flags.insert(.baseline) }
        if c.analysisFlag[k] { flags.insert(.analysed) }
        if change != nil { flags.insert(.hasChange) }
        if percent != nil { flags.insert(.hasPercentChange) }
        let value = c.value[k], day = c.studyDay[k], visitCode = visit!
        b.rows.write(count: rowBytes) { row in
            func put(_ f: Field, _ code: Int32) { row.storeLittleEndian(code, at: 4 * f.rawValue) }
            put(.subject, subject)
            put(.arm, arm)
            put(.category, category)
            put(.parameter, parameter)
            put(.visit, visitCode)
            put(.unit, unit)
            put(.basetype, basetype)
            row.storeLittleEndian(day, at: dayOffset)
            row.storeLittleEndian(flags.rawValue, at: flagsOffset)
            row.storeLittleEndian(value, at: valueOffset)
            row.storeLittleEndian(change ?? 0, at: changeOffset)
            row.storeLittleEndian(percent ?? 0, at: percentOffset)
        }
        b.count += 1
    }

    /// Whether row `k` is one summaries, associations and figures read: an immune row flagged
    /// ANL01FL in a named analysis visit (clinical rows are kept as records instead).
    static func isAnalysed(_ c: CFBColumns, row k: Int) -> Bool {
        c.analysisFlag[k] && c.visit[k] >= 0 && !c.visits[Int(c.visit[k])].name.isEmpty && !c.isClinical(k)
    }

    /// Every row of a parameter's spill (its batches, in the order written), decoded into
    /// `rows`, emptied first: the step that analyses a parameter hands its emptied rows back for
    /// the next one, so that their storage is reused rather than given back to the kernel and
    /// taken again, zeroed. Each batch's texts are coded into the rows' own codes once per
    /// batch; a row is then its codes looked up in small arrays.
    static func decode(_ bytes: [UInt8], expected: Int, into rows: inout AnalysedRows) {
        var r = ByteReader(bytes)
        rows.removeAll()
        rows.reserve(expected)
        var decoded = 0
        while !r.atEnd {
            let n = Int(r.readInt64())
            precondition(decoded + n <= expected, "spill: more analysed rows read back than written")
            decoded += n
            let studyID = rows.intern(r.readString(), .studyID), code = rows.intern(r.readString(), .parameterCode)
            // Per spill field, the rows' code of each of the batch's codes.
            let codeOf = Field.allCases.map { f in SpillTexts.read(from: &r).map { rows.intern($0, f.rowsField) } }
            let visits = codeOf[Field.visit.rawValue]
            let visitNumbers = Int(r.readInt64())
            precondition(visitNumbers == visits.count, "spill: \(visitNumbers) visit numbers for \(visits.count) visits")
            for v in visits { rows.setVisitNumber(Int(r.readInt64()), of: v) }
            // A column at a time (`AnalysedRows.appendCodes`).
            r.read(bytes: n * rowBytes) { bytes in
                rows.appendCodes(.studyID, count: n) { _ in studyID }
                rows.appendCodes(.parameterCode, count: n) { _ in code }
                for f in Field.allCases {
                    let rowsCode = codeOf[f.rawValue], at = 4 * f.rawValue
                    rows.appendCodes(f.rowsField, count: n) { row in
                        rowsCode[Int(bytes.loadLittleEndian(at: row * rowBytes + at, as: Int32.self))]
                    }
                }
                rows.appendRows(
                    count: n, day: { bytes.loadLittleEndian(at: $0 * rowBytes + dayOffset) },
                    flags: { AnalysedRows.Flags(rawValue: bytes[$0 * rowBytes + flagsOffset]) },
                    value: { bytes.loadDouble(at: $0 * rowBytes + valueOffset) },
                    change: { bytes.loadDouble(at: $0 * rowBytes + changeOffset) },
                    percentChange: { bytes.loadDouble(at: $0 * rowBytes + percentOffset) })
            }
        }
        precondition(decoded == expected, "spill: \(decoded) analysed rows read back, \(expected) written")
    }
}

extension AnalysedRecordSpill.Field {
    /// The same field among the decoded rows' fields.
    var rowsField: AnalysedRows.Field {
        switch self {
        case .subject: .subject
        case .arm: .arm
        case .category: .category
        case .parameter: .parameter
        case .visit: .visit
        case .unit: .unit
        case .basetype: .basetype
        }
    }
}
