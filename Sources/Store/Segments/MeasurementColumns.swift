import Domain

/// The columns of the `measurements` table, in order. `docs/store-format.md` documents each.
public enum MeasurementColumns {
    /// Text columns, stored as categoricals.
    public static let text = [
        "sample", "subject", "visit", "collection_date", "assay", "analyte", "source_name",
        "statistic", "denominator", "parameter", "unit", "qualifier", "raw_value", "flags", "extra",
    ]
    /// Integer columns (int32): the batch, the index of the source file in the `sources` table,
    /// and where in that file the value was read.
    public static let integer = ["batch", "source", "source_line", "source_column"]

    /// The full column order as written (`column-order`).
    public static let order = [
        "sample", "subject", "visit", "collection_date", "assay", "analyte", "source_name",
        "statistic", "denominator", "parameter", "value", "unit", "qualifier", "raw_value",
        "flags", "extra", "batch", "source", "source_line", "source_column",
    ]

    /// The measurement of one stored row, given the text of each column (by its index in
    /// `text`) and the row's numbers: the one place a row of the table becomes a `Measurement`.
    static func measurement(text t: (Int) -> String, value: Double, line: Int32, column: Int32) -> Measurement {
        Measurement(
            sample: t(0), subject: t(1), visit: t(2), collectionDate: t(3),
            assay: Assay(rawValue: t(4)) ?? .clinical, analyte: t(5), sourceName: t(6),
            statistic: Statistic(t(7)), denominator: t(8), parameter: t(9), value: value, unit: t(10),
            qualifier: Qualifier(rawValue: t(11)) ?? .notAvailable, rawValue: t(12), flags: t(13),
            extra: t(14), sourceLine: Int(line), sourceColumn: Int(column))
    }
}
