import Domain
import Numerical

/// Reads the `instrument_curves` side table the xPONENT reader attaches (columns analyte, model,
/// A, B, C, D, F, r2; `MFI = A + B / (1 + (x/C)^D)^F`), so the instrument's own curve can be
/// evaluated, inverted, or compared with ours.
public enum InstrumentCurves {
    /// analyte → curve, for rows whose five coefficients are all numbers.
    public static func curves(from table: AuxiliaryTable) -> [String: LogisticCurve] {
        let text = table.text, number = table.numbers
        guard let analytes = text("analyte"), let a = number("A"), let b = number("B"), let c = number("C"),
            let d = number("D")
        else { return [:] }
        let f = number("F")
        var out: [String: LogisticCurve] = [:]
        for i in analytes.indices {
            let fi = f?[i] ?? 1
            let values = [a[i], b[i], c[i], d[i], fi.isNaN ? 1 : fi]
            guard values.allSatisfy(\.isFinite), c[i] > 0, d[i] != 0 else { continue }
            out[analytes[i]] = LogisticCurve(a: a[i], b: b[i], c: c[i], d: d[i], f: values[4])
        }
        return out
    }
}
