import Domain

/// The input of the change-from-baseline derivations: one value of one parameter for one subject
/// on one date, from a stored `Measurement` or a `ClinicalAssessment`.
public struct AnalysisValue: Sendable, Hashable {
    public var subject: String
    public var collectedVisit: String
    /// ISO 8601 date; empty when unknown (the record then gets no study day).
    public var date: String
    /// `cytometry`, `cytokine`, `clinical`.
    public var parameterCategory: String
    public var parameterCode: String
    public var parameter: String
    /// NaN when there is no number (not available, `OOR <` without a limit, a text grade).
    public var value: Double
    /// The value as text when not a plain number.
    public var valueText: String
    public var unit: String
    public var qualifier: Qualifier
    /// For a below-LLOQ value: the limit when the source gave one (`< 0.105`); NaN otherwise.
    public var lloq: Double
    public var upperLimitOfNormal: Double
    public var source: String

    public init(
        subject: String, collectedVisit: String = "", date: String, parameterCategory: String,
        parameterCode: String, parameter: String? = nil, value: Double, valueText: String = "",
        unit: String = "", qualifier: Qualifier = .inRange, lloq: Double = .nan,
        upperLimitOfNormal: Double = .nan, source: String = ""
    ) {
        self.subject = subject
        self.collectedVisit = collectedVisit
        self.date = date
        self.parameterCategory = parameterCategory
        self.parameterCode = parameterCode
        self.parameter = parameter ?? parameterCode
        self.value = value
        self.valueText = valueText
        self.unit = unit
        self.qualifier = qualifier
        self.lloq = lloq
        self.upperLimitOfNormal = upperLimitOfNormal
        self.source = source
    }

    /// From a stored measurement. PARAMCD is the analyte for concentrations and plain values,
    /// otherwise `ANALYTE.STATISTIC[.DENOMINATOR][.PARAMETER]` so that Treg % of CD4 and Treg
    /// count never share a code.
    public init(measurement m: Measurement) {
        self.init(measurement: m, naming: Self.naming(m))
    }

    /// The same, with PARAMCD and PARAM already made for the measurement's `NamingKey` (a
    /// reader of millions of rows makes them once per parameter, not once per row).
    public init(measurement m: Measurement, naming: Naming) {
        self.init(
            storedSubject: m.subject, visit: m.visit, date: m.collectionDate, assay: m.assay, naming: naming,
            value: m.value, qualifier: m.qualifier, rawValue: m.rawValue, unit: m.unit, sample: m.sample,
            sourceLine: m.sourceLine)
    }

    /// The fields of a stored measurement that an analysis value reads, however they were read
    /// (a `Measurement`, or a store chunk's columns): a below-LLOQ value's number is its limit,
    /// and the source is the sample with the line it was read from.
    init(
        storedSubject subject: String, visit: String, date: String, assay: Assay, naming: Naming, value: Double,
        qualifier: Qualifier, rawValue: String, unit: String, sample: String, sourceLine: Int
    ) {
        let numbers = Self.storedNumbers(value: value, qualifier: qualifier)
        self.init(
            subject: subject, collectedVisit: visit, date: date,
            parameterCategory: assay.rawValue, parameterCode: naming.code, parameter: naming.label,
            value: numbers.value,
            valueText: rawValue, unit: unit, qualifier: qualifier, lloq: numbers.lloq,
            source: Self.sourceReference(sample: sample, line: sourceLine))
    }

    /// AVAL and LLOQ of a stored value: a below-LLOQ value's number is its limit, not a value.
    static func storedNumbers(value: Double, qualifier: Qualifier) -> (value: Double, lloq: Double) {
        qualifier == .belowLLOQ ? (.nan, value) : (value, .nan)
    }

    /// SRCREF of a stored value: `<sample> line <n>`, or the sample alone without a line. Built
    /// into one allocation: string interpolation, once per measurement, was a fifth of turning
    /// the store's chunks into analysis values.
    static func sourceReference(sample: String, line: Int) -> String {
        guard line > 0 else { return sample }
        var sample = sample
        return sample.withUTF8 { s in
            String(unsafeUninitializedCapacity: sourceReferenceCount(sample: s.count, line: line)) {
                writeSourceReference(sample: s, line: line, into: $0.baseAddress!)
            }
        }
    }

    /// The number of UTF-8 bytes of the reference to line `line` of a sample of `sample` bytes.
    public static func sourceReferenceCount(sample: Int, line: Int) -> Int {
        guard line > 0 else { return sample }
        var digits = 0, m = line
        repeat {
            digits += 1
            m /= 10
        } while m > 0
        return sample + sourceLineMarker.utf8CodeUnitCount + digits
    }

    /// Writes `sourceReference`'s UTF-8 (`sourceReferenceCount` bytes) at `out`; returns the
    /// count. The report writes each row's reference as bytes this way, without a String.
    @discardableResult
    public static func writeSourceReference(sample s: UnsafeBufferPointer<UInt8>, line: Int, into out: UnsafeMutablePointer<UInt8>) -> Int {
        if let from = s.baseAddress { out.initialize(from: from, count: s.count) }
        guard line > 0 else { return s.count }
        let count = sourceReferenceCount(sample: s.count, line: line)
        var at = s.count
        for k in 0..<sourceLineMarker.utf8CodeUnitCount {
            out[at] = sourceLineMarker.utf8Start[k]
            at += 1
        }
        var rest = line
        for k in stride(from: count - 1, through: at, by: -1) {
            out[k] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        return count
    }

    private static let sourceLineMarker: StaticString = " line "

    public struct Naming: Sendable {
        public var code: String, label: String
    }

    /// What PARAMCD and PARAM of a measurement depend on.
    public struct NamingKey: Hashable, Sendable {
        var analyte: String, statistic: Statistic, denominator: String, parameter: String, unit: String

        public init(_ m: Measurement) {
            analyte = m.analyte
            statistic = m.statistic
            denominator = m.denominator
            parameter = m.parameter
            unit = m.unit
        }
    }

    public static func naming(_ m: Measurement) -> Naming {
        let plain: Set<Statistic> = [.concentration, .value, .score]
        var code = m.analyte
        var label = m.analyte
        if !plain.contains(m.statistic) {
            code += "." + m.statistic.rawValue.uppercased()
            label += ", " + m.statistic.rawValue
            if !m.denominator.isEmpty {
                code += "." + m.denominator
                label += " of " + m.denominator
            }
            if !m.parameter.isEmpty {
                code += "." + m.parameter
                label += " (" + m.parameter + ")"
            }
        }
        if !m.unit.isEmpty { label += " (\(m.unit))" }
        return Naming(code: code, label: label)
    }

    /// From a clinical assessment: PARAMCD `INSTRUMENT.ITEM` (`MMT8.TOTAL`, `BILAG.RENAL`).
    /// A censored laboratory value (`<0.5`) becomes a below-LLOQ value with its limit, so the
    /// study's LLOQ rule applies to it as to any assay; a not-done item (`ND`) is missing.
    public init(assessment a: ClinicalAssessment) {
        var qualifier = Qualifier.inRange
        var value = a.value
        var lloq = Double.nan
        var text = a.text
        if a.text.hasPrefix("<"), !a.value.isNaN {
            qualifier = .belowLLOQ
            lloq = a.value
            value = .nan
        } else if a.text.hasPrefix(">"), !a.value.isNaN {
            qualifier = .aboveULOQ
        } else if a.value.isNaN, ClinicalAssessment.notDoneTokens.contains(a.text.uppercased()) {
            qualifier = .notAvailable
            text = a.text
        }
        self.init(
            subject: a.subject, collectedVisit: a.visit, date: a.date, parameterCategory: Assay.clinical.rawValue,
            parameterCode: "\(a.instrument).\(a.item)", parameter: "\(a.instrument) \(a.item)",
            value: value, valueText: text, unit: a.unit, qualifier: qualifier, lloq: lloq,
            upperLimitOfNormal: a.upperLimitOfNormal,
            source: a.source.file.isEmpty ? "" : a.source.description)
    }
}

extension ClinicalAssessment {
    /// Texts that mean "no result" rather than a category.
    static let notDoneTokens: Set<String> = ["", "ND", "NOT DONE", "NA", "N/A", "NAN", "MISSING", "-", "UNK"]
}
