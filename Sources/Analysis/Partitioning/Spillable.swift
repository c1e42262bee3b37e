import Domain
import FileIO

/// A record an external algorithm can write to a spill file and read back unchanged.
public protocol Spillable {
    func encode(into w: inout ByteWriter)
    init(from r: inout ByteReader)
}

extension Qualifier {
    /// Spilled by raw value: the vocabulary is small and stable within one process.
    static func decode(_ r: inout ByteReader) -> Qualifier { Qualifier(rawValue: r.readString(slot: 15)) ?? .notAvailable }
}

/// One value on its own (clinical values), tagged so that a partition can also hold batches
/// (`AnalysisValueBatch`, which reads both).
extension AnalysisValue: Spillable {
    public func encode(into w: inout ByteWriter) {
        w.write(AnalysisValueBatch.recordTag)
        w.write(subject)
        w.write(collectedVisit)
        w.write(date)
        w.write(parameterCategory)
        w.write(parameterCode)
        w.write(parameter)
        w.write(value)
        w.write(valueText)
        w.write(unit)
        w.write(qualifier.rawValue)
        w.write(lloq)
        w.write(upperLimitOfNormal)
        w.write(source)
    }

    public init(from r: inout ByteReader) {
        let tag = r.readByte()
        precondition(tag == AnalysisValueBatch.recordTag, "a batch where one analysis value was expected")
        self.init(record: &r)
    }

    /// The fields of one record, after its tag.
    init(record r: inout ByteReader) {
        let subject = r.readString(slot: 0), visit = r.readString(slot: 1), date = r.readString(slot: 2)
        let category = r.readString(slot: 3), code = r.readString(slot: 4), parameter = r.readString(slot: 5)
        let value = r.readDouble(), text = r.readString(), unit = r.readString(slot: 6), qualifier = Qualifier.decode(&r),
            lloq = r.readDouble(), uln = r.readDouble()
        self.init(
            subject: subject, collectedVisit: visit, date: date, parameterCategory: category, parameterCode: code,
            parameter: parameter, value: value, valueText: text, unit: unit, qualifier: qualifier, lloq: lloq,
            upperLimitOfNormal: uln, source: r.readString())
    }
}

extension CFBRecord: Spillable {
    public func encode(into w: inout ByteWriter) {
        w.write(studyID)
        w.write(subject)
        w.write(arm)
        w.write(parameterCategory)
        w.write(parameterCode)
        w.write(parameter)
        w.write(collectedVisit)
        w.write(date)
        w.write(studyDay)
        w.write(analysisVisit)
        w.write(analysisVisitNumber)
        w.write(value)
        w.write(valueText)
        w.write(unit)
        w.write(qualifier.rawValue)
        w.write(lloq)
        w.write(upperLimitOfNormal)
        w.write(basetype)
        w.write(baselineFlag)
        w.write(base)
        w.write(baseText)
        w.write(change)
        w.write(percentChange)
        w.write(ratioToBase)
        w.write(log2RatioToBase)
        w.write(analysisFlag)
        w.write(note)
        w.write(source)
        w.write(baselineDate)
    }

    public init(from r: inout ByteReader) {
        let studyID = r.readString(slot: 0), subject = r.readString(slot: 1), arm = r.readString(slot: 2)
        let category = r.readString(slot: 3), code = r.readString(slot: 4), parameter = r.readString(slot: 5)
        let visit = r.readString(slot: 6), date = r.readString(slot: 7)
        self.init(
            studyID: studyID, subject: subject, arm: arm, parameterCategory: category, parameterCode: code,
            parameter: parameter, collectedVisit: visit, date: date, value: .nan)
        studyDay = r.readOptionalInt()
        analysisVisit = r.readString(slot: 8)
        analysisVisitNumber = r.readOptionalInt()
        value = r.readDouble()
        valueText = r.readString()
        unit = r.readString(slot: 9)
        qualifier = Qualifier.decode(&r)
        lloq = r.readDouble()
        upperLimitOfNormal = r.readDouble()
        basetype = r.readString(slot: 10)
        baselineFlag = r.readBool()
        base = r.readDouble()
        baseText = r.readString()
        change = r.readOptionalDouble()
        percentChange = r.readOptionalDouble()
        ratioToBase = r.readOptionalDouble()
        log2RatioToBase = r.readOptionalDouble()
        analysisFlag = r.readBool()
        note = r.readString()
        source = r.readString()
        baselineDate = r.readString(slot: 11)
    }
}
