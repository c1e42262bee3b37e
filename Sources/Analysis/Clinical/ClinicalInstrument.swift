/// Canonical instrument and item codes of clinical data (`ClinicalAssessment.instrument/item`,
/// PARAMCD `INSTRUMENT.ITEM` in the change-from-baseline dataset). Single-score instruments use
/// the item `TOTAL`.
public enum ClinicalInstrument {
    // Myositis core set measures (IMACS; Rider et al., Arthritis Rheum 2004;50:2281).
    /// Physician global disease activity (VAS; 0–10 cm unless the study states otherwise).
    public static let physicianGlobal = "PHGA"
    /// Patient (or parent) global disease activity (VAS).
    public static let patientGlobal = "PTGA"
    /// Health Assessment Questionnaire disability index (HAQ-DI / CHAQ, 0–3).
    public static let haq = "HAQ"
    /// Manual muscle testing of 8 muscle groups (MMT-8: 0–80, or 0–150 bilateral).
    public static let mmt8 = "MMT8"
    /// Extramuscular global activity (MDAAT, VAS).
    public static let extramuscular = "EXTRAMUSCULAR"
    /// Muscle enzymes; items below, each with its upper limit of normal.
    public static let enzymes = "ENZYMES"
    public static let enzymeItems = ["CK", "ALDOLASE", "LDH", "AST", "ALT"]

    // Systemic lupus erythematosus.
    /// SLEDAI-2K: `TOTAL`, or the 24 descriptors (items) scored 0/1 (Gladman et al., J Rheumatol 2002).
    public static let sledai2k = "SLEDAI2K"
    /// BILAG-2004: one item per organ domain, graded A–E (Isenberg et al., Rheumatology 2005).
    public static let bilag = "BILAG"
    public static let bilagDomains = [
        "CONSTITUTIONAL", "MUCOCUTANEOUS", "NEUROPSYCHIATRIC", "MUSCULOSKELETAL",
        "CARDIORESPIRATORY", "GASTROINTESTINAL", "OPHTHALMIC", "RENAL", "HAEMATOLOGICAL",
    ]
    /// Physician global assessment of SLE activity (0–3).
    public static let slePhysicianGlobal = "PGA"

    // Polymyalgia rheumatica.
    /// PMR activity score components: items `CRP` (mg/dL, or mg/L converted), `PAIN_VAS` (0–10),
    /// `PHYSICIAN_VAS` (0–10), `MORNING_STIFFNESS` (minutes), `EUL` (elevation of upper limbs 0–3).
    public static let pmrAS = "PMRAS"

    public static let total = "TOTAL"

    /// PARAMCD of an instrument item.
    public static func code(_ instrument: String, _ item: String = total) -> String { "\(instrument).\(item)" }
}
