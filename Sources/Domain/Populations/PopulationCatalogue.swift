/// The canonical populations of the Treg/Tfh immunomonitoring panels, with their canonical gating
/// tree and the ranges (percent of the canonical parent) typical of adult peripheral blood.
///
/// The ranges are deliberately wide: they are for catching mis-gating and mis-mapping (a Treg
/// value of 60 % of CD4 is a gate or a mapping error, not biology), not for judging patients, so
/// a value outside its range is a warning and is kept.
public enum PopulationCatalogue {
    /// The denominator of `freq_of_total` values: all events acquired.
    public static let totalEvents = "TOTAL"

    public static let all: [Population] = [
        Population(
            code: "LYMPH", label: "Lymphocytes", phenotype: "FSC/SSC lymphocyte gate",
            parent: nil, plausibleRange: nil,
            reference: "root gate; its share of events depends on sample preparation (whole blood vs PBMC)"),
        Population(
            code: "SINGLETS", label: "Single cells", phenotype: "FSC-A vs FSC-H singlets",
            parent: "LYMPH", plausibleRange: 80...100,
            reference: "acquisition QC: doublets are normally a few percent of lymphocyte-gate events"),
        Population(
            code: "LIVE", label: "Live cells", phenotype: "viability dye negative",
            parent: "SINGLETS", plausibleRange: 70...100,
            reference: "sample QC: fresh or well cryopreserved PBMC are usually > 80 % viable"),
        Population(
            code: "CD3", label: "T cells", phenotype: "CD3+",
            parent: "LYMPH", plausibleRange: 50...90,
            reference: "adult reference interval ~55–84 % of lymphocytes (Bisset et al. 2004, Eur J Haematol 72:203), widened"),
        Population(
            code: "CD4", label: "CD4 T cells", phenotype: "CD3+CD4+",
            parent: "CD3", plausibleRange: 35...80,
            reference: "adult CD4 31–60 % and CD3 55–84 % of lymphocytes (Bisset 2004) give ~45–75 % of CD3; widened"),
        Population(
            code: "CD4_MEM", label: "Memory CD4 T cells", phenotype: "CD3+CD4+CD45RA−",
            parent: "CD4", plausibleRange: 20...85,
            reference: "rises with age from ~30 % to > 60 % of CD4 in adults (Maecker et al. 2012, Nat Rev Immunol 12:191)"),
        Population(
            code: "CD8", label: "CD8 T cells", phenotype: "CD3+CD8+",
            parent: "CD3", plausibleRange: 15...55,
            reference: "adult CD8 13–41 % of lymphocytes (Bisset 2004) gives ~20–50 % of CD3; widened"),
        Population(
            code: "TREG", label: "Regulatory T cells", phenotype: "CD4+CD25+FoxP3+ or CD4+CD25hiCD127lo",
            phenotypeByTregDefinition: [.cd25FoxP3: "CD4+CD25+FoxP3+", .cd25hiCD127lo: "CD4+CD25hiCD127lo"],
            parent: "CD4", plausibleRange: 2...15,
            reference:
                "healthy donors mostly 3–10 % of CD4 by either definition (Santegoets et al. 2015, Cancer Immunol Immunother 64:1271); low-dose IL-2 can double it"
        ),
        Population(
            code: "TREG_NAIVE", label: "Naive Treg", phenotype: "Treg CD45RA+",
            phenotypeByTregDefinition: [.cd25FoxP3: "CD4+CD25+FoxP3+CD45RA+", .cd25hiCD127lo: "CD4+CD25hiCD127loCD45RA+"],
            parent: "TREG", plausibleRange: 5...70,
            reference: "resting CD45RA+ Treg, declining with age (Miyara et al. 2009, Immunity 30:899)"),
        Population(
            code: "TREG_MEMORY", label: "Memory Treg", phenotype: "Treg CD45RA−",
            phenotypeByTregDefinition: [.cd25FoxP3: "CD4+CD25+FoxP3+CD45RA−", .cd25hiCD127lo: "CD4+CD25hiCD127loCD45RA−"],
            parent: "TREG", plausibleRange: 30...95,
            reference: "complement of naive Treg (Miyara et al. 2009, Immunity 30:899)"),
        Population(
            code: "TEFF", label: "Conventional CD4 T cells (non-Treg)", phenotype: "CD4+ not Treg",
            phenotypeByTregDefinition: [.cd25FoxP3: "CD4+ not CD25+FoxP3+", .cd25hiCD127lo: "CD4+ not CD25hiCD127lo"],
            parent: "CD4", plausibleRange: 80...98,
            reference: "100 % minus the Treg share of CD4"),
        Population(
            code: "TFH", label: "Circulating T follicular helper cells", phenotype: "CD4+CXCR5+PD-1+",
            parent: "CD4", plausibleRange: 0.5...15,
            reference: "PD-1+CXCR5+ cTfh are a few percent of CD4 (He et al. 2013, Immunity 39:770; Morita et al. 2011, Immunity 34:108)"),
        Population(
            code: "TFR", label: "Circulating T follicular regulatory cells", phenotype: "CD4+CXCR5+ Treg",
            phenotypeByTregDefinition: [.cd25FoxP3: "CD4+CXCR5+FoxP3+", .cd25hiCD127lo: "CD4+CXCR5+CD25hiCD127lo"],
            parent: "CD4", plausibleRange: 0.05...3,
            reference:
                "cTfr are ~0.1–2 % of CD4 in blood (Fonseca et al. 2017, Sci Immunol 2:eaan1487; Sage et al. 2014, J Clin Invest 124:5191)"),
        Population(
            code: "TFH1", label: "Tfh1", phenotype: "Tfh CXCR3+CCR6−",
            parent: "TFH", plausibleRange: 5...60,
            reference: "cTfh subsets by CXCR3/CCR6 (Morita et al. 2011, Immunity 34:108)"),
        Population(
            code: "TFH2", label: "Tfh2", phenotype: "Tfh CXCR3−CCR6−",
            parent: "TFH", plausibleRange: 10...70,
            reference: "cTfh subsets by CXCR3/CCR6 (Morita et al. 2011, Immunity 34:108)"),
        Population(
            code: "TFH17", label: "Tfh17", phenotype: "Tfh CXCR3−CCR6+",
            parent: "TFH", plausibleRange: 5...60,
            reference: "cTfh subsets by CXCR3/CCR6 (Morita et al. 2011, Immunity 34:108)"),
        Population(
            code: "TH1", label: "Th1", phenotype: "memory CD4 CXCR5−CXCR3+CCR6−",
            parent: "CD4_MEM", plausibleRange: 5...50,
            reference: "chemokine-receptor Th subsets of memory CD4 (Acosta-Rodriguez et al. 2007, Nat Immunol 8:639; Maecker et al. 2012)"),
        Population(
            code: "TH2", label: "Th2", phenotype: "memory CD4 CXCR5−CXCR3−CCR6−",
            parent: "CD4_MEM", plausibleRange: 5...60,
            reference: "chemokine-receptor Th subsets of memory CD4 (Acosta-Rodriguez et al. 2007; Maecker et al. 2012)"),
        Population(
            code: "TH17", label: "Th17", phenotype: "memory CD4 CXCR5−CXCR3−CCR6+",
            parent: "CD4_MEM", plausibleRange: 2...30,
            reference: "chemokine-receptor Th subsets of memory CD4 (Acosta-Rodriguez et al. 2007; Maecker et al. 2012)"),
        Population(
            code: "B", label: "B cells", phenotype: "CD3−CD19+",
            parent: "LYMPH", plausibleRange: 3...30,
            reference: "adult reference interval ~6–25 % of lymphocytes (Bisset 2004), widened"),
        Population(
            code: "NK", label: "NK cells", phenotype: "CD3−CD56+",
            parent: "LYMPH", plausibleRange: 3...35,
            reference: "adult reference interval ~5–27 % of lymphocytes (Bisset 2004), widened"),
        Population(
            code: "BEADS", label: "Counting beads", phenotype: "bead gate of a single-platform absolute count tube",
            parent: nil, plausibleRange: nil,
            reference: "not cells: the reference for bead-based absolute counts"),
    ]

    private static let byCode: [String: Population] = Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) })

    public static func population(_ code: String) -> Population? { byCode[code] }

    public static func contains(_ code: String) -> Bool { byCode[code] != nil }

    /// Canonical ancestors, nearest first (`TREG` → CD4, CD3, LYMPH).
    public static func ancestors(of code: String) -> [String] {
        var out: [String] = []
        var next = byCode[code]?.parent
        while let p = next, !out.contains(p) {
            out.append(p)
            next = byCode[p]?.parent
        }
        return out
    }

    /// Whether `ancestor` lies on the canonical path from `code` to the root.
    public static func isAncestor(_ ancestor: String, of code: String) -> Bool {
        ancestors(of: code).contains(ancestor)
    }
}
