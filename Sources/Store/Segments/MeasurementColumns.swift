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
}
