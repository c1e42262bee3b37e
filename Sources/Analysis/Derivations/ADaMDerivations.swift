/// The namespace of the ADaM derivations of the change-from-baseline dataset: one function per
/// variable or flag, as admiral writes them (`derive_vars_dy` → `Derive.studyDays`,
/// `derive_var_base` → `Derive.base`, …), each in a file named after what it derives;
/// `ChangeFromBaseline` runs them in order.
///
/// Not to be confused with Ingest's panel-derived values (`Ingest/Panels/`: percentages, ratios
/// and absolute counts computed per sample while ingesting).
public enum Derive {}
