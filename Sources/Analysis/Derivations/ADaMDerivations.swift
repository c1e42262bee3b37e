/// The namespace of the ADaM derivations of the change-from-baseline dataset: one function per
/// variable or flag, as admiral writes them (`derive_vars_dy` → `Derive.studyDays`,
/// `derive_var_base` → `Derive.base`, …), each in a file named after what it derives;
/// `ChangeFromBaseline` runs them in order.
///
/// Not to be confused with Ingest's panel-derived values (`Ingest/Panels/`: percentages, ratios
/// and absolute counts computed per sample while ingesting).
public enum Derive {}

extension Derive {
    /// `step` applied to every record where it lies: a step takes the array over (`consuming`)
    /// and edits it in place, with no copy of every record.
    static func eachRecord(_ records: consuming [CFBRecord], _ step: (inout CFBRecord) throws -> Void) rethrows -> [CFBRecord] {
        var out = records
        for i in out.indices { try step(&out[i]) }
        return out
    }
}
