import FileIO

/// The compact spill of the analysed immune records between deriving them (a subject range at
/// a time) and analysing them (a parameter at a time). Summaries, associations and the figure
/// sections read 16 of a `CFBRecord`'s 29 fields; the others (collected visit and date, value
/// text, qualifier, limits, BASE and its text, the ratios, baseline date, note, source) are in
/// cfb.csv already and are neither written nor read back here, so each record costs a third
/// of the bytes and a few string reads. A record read back has those fields at their defaults.
enum AnalysedRecordSpill {
    static func encode(_ r: CFBRecord, into w: inout ByteWriter) {
        w.write(r.studyID)
        w.write(r.subject)
        w.write(r.arm)
        w.write(r.parameterCategory)
        w.write(r.parameterCode)
        w.write(r.parameter)
        w.write(r.studyDay)
        w.write(r.analysisVisit)
        w.write(r.analysisVisitNumber)
        w.write(r.value)
        w.write(r.unit)
        w.write(r.basetype)
        w.write(r.baselineFlag)
        w.write(r.change)
        w.write(r.percentChange)
        w.write(r.analysisFlag)
    }

    /// Row `k` of derived columns, written as `encode(columns.record(k))` writes it but read
    /// field by field from the columns: building the whole record first (its strings, BASEC,
    /// NOTE, the baseline date) was the larger part of spilling, on the thread that also
    /// writes cfb.csv.
    static func encode(_ c: CFBColumns, row k: Int, into w: inout ByteWriter) {
        let i = Int(c.input[k])
        w.write(c.studyID)
        w.write(c.values[i].subject)
        w.write(c.arm[i])
        w.write(c.values[i].parameterCategory)
        w.write(c.values[i].parameterCode)
        w.write(c.values[i].parameter)
        w.write(c.studyDay[k] == CFBColumns.noDay ? nil : Int(c.studyDay[k]))
        let visit = Int(c.visit[k])
        w.write(visit >= 0 ? c.visits[visit].name : "")
        w.write(visit >= 0 ? c.visits[visit].number : nil)
        w.write(c.value[k])
        w.write(c.values[i].unit)
        w.write(c.basetypes[Int(c.basetype[k])])
        w.write(c.baselineFlag[k])
        w.write(c.change[k])
        w.write(c.percentChange[k])
        w.write(c.analysisFlag[k])
    }

    /// One parameter's analysed rows of a subject range, encoded (`encode(_:row:into:)`).
    struct Batch: Sendable {
        var code: String
        var bytes = ByteWriter()
        var count = 0
    }

    /// The analysed immune rows of derived columns (ANL01FL, in an analysis visit), encoded on
    /// the thread that derived them, by PARAMCD in order of first appearance and in row order
    /// within each: the caller, which also writes cfb.csv and the store, only copies the bytes
    /// into each parameter's spill file, in the order it would have appended them row by row.
    static func batches(_ c: CFBColumns) -> [Batch] {
        var out: [Batch] = []
        var slot = [Int](repeating: -1, count: c.codes.count)
        for k in 0..<c.count where isAnalysed(c, row: k) {
            let p = Int(c.parameterCode[Int(c.input[k])])
            if slot[p] < 0 {
                slot[p] = out.count
                out.append(Batch(code: c.codes[p]))
            }
            encode(c, row: k, into: &out[slot[p]].bytes)
            out[slot[p]].count += 1
        }
        return out
    }

    /// Whether row `k` is one summaries, associations and figures read: an immune row flagged
    /// ANL01FL in a named analysis visit (clinical rows are kept as records instead).
    static func isAnalysed(_ c: CFBColumns, row k: Int) -> Bool {
        c.analysisFlag[k] && c.visit[k] >= 0 && !c.visits[Int(c.visit[k])].name.isEmpty && !c.isClinical(k)
    }

    static func decode(_ r: inout ByteReader) -> CFBRecord {
        let studyID = r.readString(slot: 0), subject = r.readString(slot: 1), arm = r.readString(slot: 2)
        let category = r.readString(slot: 3), code = r.readString(slot: 4), parameter = r.readString(slot: 5)
        var record = CFBRecord(
            studyID: studyID, subject: subject, arm: arm, parameterCategory: category, parameterCode: code,
            parameter: parameter, date: "", value: .nan)
        record.studyDay = r.readOptionalInt()
        record.analysisVisit = r.readString(slot: 6)
        record.analysisVisitNumber = r.readOptionalInt()
        record.value = r.readDouble()
        record.unit = r.readString(slot: 7)
        record.basetype = r.readString(slot: 8)
        record.baselineFlag = r.readBool()
        record.change = r.readOptionalDouble()
        record.percentChange = r.readOptionalDouble()
        record.analysisFlag = r.readBool()
        return record
    }
}
