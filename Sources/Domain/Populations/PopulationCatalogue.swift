/// The canonical populations of the Treg/Tfh immunomonitoring panels, with their canonical gating
/// tree and the ranges (percent of the canonical parent) typical of adult peripheral blood.
///
/// The ranges are deliberately wide: they are for catching mis-gating and mis-mapping (a Treg
/// value of 60 % of CD4 is a gate or a mapping error, not biology), not for judging patients, so
/// a value outside its range is a warning and is kept.
public enum PopulationCatalogue {
    /// The denominator of `freq_of_total` values: all events acquired.
    public static let totalEvents = "TOTAL"

    /// One population a row, `-` where a column does not apply: the root has no parent, beads no
    /// range, and most populations one phenotype whatever the Treg definition.
    public static let all: [Population] = SourceTable.rows(
        """
        # code | label | parent | plausible % of parent | phenotype | phenotype by CD25+FoxP3+ | by CD25hiCD127lo | reference
        LYMPH | Lymphocytes | - | - | FSC/SSC lymphocyte gate | - | - | root gate; its share of events depends on sample preparation (whole blood vs PBMC)
        SINGLETS | Single cells | LYMPH | 80–100 | FSC-A vs FSC-H singlets | - | - | acquisition QC: doublets are normally a few percent of lymphocyte-gate events
        LIVE | Live cells | SINGLETS | 70–100 | viability dye negative | - | - | sample QC: fresh or well cryopreserved PBMC are usually > 80 % viable
        CD3 | T cells | LYMPH | 50–90 | CD3+ | - | - | adult reference interval ~55–84 % of lymphocytes (Bisset et al. 2004, Eur J Haematol 72:203), widened
        CD4 | CD4 T cells | CD3 | 35–80 | CD3+CD4+ | - | - | adult CD4 31–60 % and CD3 55–84 % of lymphocytes (Bisset 2004) give ~45–75 % of CD3; widened
        CD4_MEM | Memory CD4 T cells | CD4 | 20–85 | CD3+CD4+CD45RA− | - | - | rises with age from ~30 % to > 60 % of CD4 in adults (Maecker et al. 2012, Nat Rev Immunol 12:191)
        CD8 | CD8 T cells | CD3 | 15–55 | CD3+CD8+ | - | - | adult CD8 13–41 % of lymphocytes (Bisset 2004) gives ~20–50 % of CD3; widened
        TREG | Regulatory T cells | CD4 | 2–15 | CD4+CD25+FoxP3+ or CD4+CD25hiCD127lo | CD4+CD25+FoxP3+ | CD4+CD25hiCD127lo | healthy donors mostly 3–10 % of CD4 by either definition (Santegoets et al. 2015, Cancer Immunol Immunother 64:1271); low-dose IL-2 can double it
        TREG_NAIVE | Naive Treg | TREG | 5–70 | Treg CD45RA+ | CD4+CD25+FoxP3+CD45RA+ | CD4+CD25hiCD127loCD45RA+ | resting CD45RA+ Treg, declining with age (Miyara et al. 2009, Immunity 30:899)
        TREG_MEMORY | Memory Treg | TREG | 30–95 | Treg CD45RA− | CD4+CD25+FoxP3+CD45RA− | CD4+CD25hiCD127loCD45RA− | complement of naive Treg (Miyara et al. 2009, Immunity 30:899)
        TEFF | Conventional CD4 T cells (non-Treg) | CD4 | 80–98 | CD4+ not Treg | CD4+ not CD25+FoxP3+ | CD4+ not CD25hiCD127lo | 100 % minus the Treg share of CD4
        TFH | Circulating T follicular helper cells | CD4 | 0.5–15 | CD4+CXCR5+PD-1+ | - | - | PD-1+CXCR5+ cTfh are a few percent of CD4 (He et al. 2013, Immunity 39:770; Morita et al. 2011, Immunity 34:108)
        TFR | Circulating T follicular regulatory cells | CD4 | 0.05–3 | CD4+CXCR5+ Treg | CD4+CXCR5+FoxP3+ | CD4+CXCR5+CD25hiCD127lo | cTfr are ~0.1–2 % of CD4 in blood (Fonseca et al. 2017, Sci Immunol 2:eaan1487; Sage et al. 2014, J Clin Invest 124:5191)
        TFH1 | Tfh1 | TFH | 5–60 | Tfh CXCR3+CCR6− | - | - | cTfh subsets by CXCR3/CCR6 (Morita et al. 2011, Immunity 34:108)
        TFH2 | Tfh2 | TFH | 10–70 | Tfh CXCR3−CCR6− | - | - | cTfh subsets by CXCR3/CCR6 (Morita et al. 2011, Immunity 34:108)
        TFH17 | Tfh17 | TFH | 5–60 | Tfh CXCR3−CCR6+ | - | - | cTfh subsets by CXCR3/CCR6 (Morita et al. 2011, Immunity 34:108)
        TH1 | Th1 | CD4_MEM | 5–50 | memory CD4 CXCR5−CXCR3+CCR6− | - | - | chemokine-receptor Th subsets of memory CD4 (Acosta-Rodriguez et al. 2007, Nat Immunol 8:639; Maecker et al. 2012)
        TH2 | Th2 | CD4_MEM | 5–60 | memory CD4 CXCR5−CXCR3−CCR6− | - | - | chemokine-receptor Th subsets of memory CD4 (Acosta-Rodriguez et al. 2007; Maecker et al. 2012)
        TH17 | Th17 | CD4_MEM | 2–30 | memory CD4 CXCR5−CXCR3−CCR6+ | - | - | chemokine-receptor Th subsets of memory CD4 (Acosta-Rodriguez et al. 2007; Maecker et al. 2012)
        B | B cells | LYMPH | 3–30 | CD3−CD19+ | - | - | adult reference interval ~6–25 % of lymphocytes (Bisset 2004), widened
        NK | NK cells | LYMPH | 3–35 | CD3−CD56+ | - | - | adult reference interval ~5–27 % of lymphocytes (Bisset 2004), widened
        BEADS | Counting beads | - | - | bead gate of a single-platform absolute count tube | - | - | not cells: the reference for bead-based absolute counts
        """, columns: 8
    ).map { cell in
        let bounds = cell[3] == "-" ? nil : cell[3].split(separator: "–").map { SourceTable.number(String($0)) }
        return Population(
            code: cell[0], label: cell[1], phenotype: cell[4],
            phenotypeByTregDefinition: cell[5] == "-" ? [:] : [.cd25FoxP3: cell[5], .cd25hiCD127lo: cell[6]],
            parent: cell[2] == "-" ? nil : cell[2], plausibleRange: bounds.map { $0[0]...$0[1] },
            reference: cell[7])
    }

    public static func population(_ code: String) -> Population? { indexByCode[code].map { all[$0] } }

    /// By index, not through `population`: copying a whole `Population` (seven strings) to
    /// answer was measurable, and ingest asks for every value it reads.
    public static func contains(_ code: String) -> Bool { indexByCode[code] != nil }

    /// The position of `code` in `all`: checks that run per value (validation) keep a sample's
    /// populations in arrays by this index instead of hashing codes again and again.
    public static func index(of code: String) -> Int? { indexByCode[code] }

    private static let indexByCode: [String: Int] = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1.code, $0) })

    /// `ancestors(of:)` of each population in `all`, as indices into `all`.
    public static let ancestorIndices: [[Int]] = all.map { ancestors(of: $0.code).compactMap { indexByCode[$0] } }

    /// Canonical ancestors, nearest first (`TREG` → CD4, CD3, LYMPH).
    public static func ancestors(of code: String) -> [String] {
        var out: [String] = []
        var next = population(code)?.parent
        while let p = next, !out.contains(p) {
            out.append(p)
            next = population(p)?.parent
        }
        return out
    }

    /// Whether `ancestor` lies on the canonical path from `code` to the root.
    public static func isAncestor(_ ancestor: String, of code: String) -> Bool {
        ancestors(of: code).contains(ancestor)
    }
}
