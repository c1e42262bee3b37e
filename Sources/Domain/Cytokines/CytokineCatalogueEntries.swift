/// The analytes of common human cytokine panels (Luminex/Milliplex/ProcartaPlex, Bio-Plex, MSD
/// V-PLEX, Simoa).
///
/// Molar masses: polypeptide mass of the mature chain named in `molarMassSource` (UniProt
/// canonical sequence, signal peptide and propeptide removed, no glycans), rounded to 0.1 kDa:
/// the precision at which kit inserts quote them and at which they matter for a pmol/L
/// conversion. Dimers (IL-5, IL-10, IL-17A, VEGF-A, TNF as a trimer…) are converted per monomer,
/// as kit inserts do; a kit whose calibrator certificate states another basis must be converted
/// with that mass instead. Verify against the calibrator certificate before reporting pmol/L.
extension CytokineCatalogue {
    static let builtInEntries: [Cytokine] = [
        // Interleukins
        Cytokine(
            code: "IL1A", label: "IL-1α", aliases: ["IL-1a", "IL1A", "IL-1 alpha", "IL1alpha", "IL-1F1"],
            molarMass: 18_000, molarMassSource: "UniProt P01583, mature 113–271 (159 aa)"),
        Cytokine(
            code: "IL1B", label: "IL-1β", aliases: ["IL-1b", "IL1B", "IL-1 beta", "IL1beta", "IL-1F2"],
            molarMass: 17_400, molarMassSource: "UniProt P01584, mature 117–269 (153 aa)"),
        Cytokine(
            code: "IL1RN", label: "IL-1RA",
            aliases: [
                "IL-1RA", "IL1RA", "IL-1Ra", "IL1RN", "IL-1ra",
                "IL-1 receptor antagonist", "IL-1F3",
            ],
            molarMass: 17_100, molarMassSource: "UniProt P18510, mature 26–177 (152 aa)"),
        Cytokine(
            code: "IL2", label: "IL-2", aliases: ["IL-2", "IL2"],
            molarMass: 15_400, molarMassSource: "UniProt P60568, mature 21–153 (133 aa)"),
        Cytokine(
            code: "IL2RA", label: "sCD25 (IL-2Rα)",
            aliases: [
                "sCD25", "CD25", "IL-2Rα", "IL2RA", "IL-2R", "IL2R", "sIL-2R", "sIL-2Rα", "sIL2R",
                "IL-2 receptor alpha", "IL-2Ra",
            ],
            molarMass: 24_200, molarMassSource: "UniProt P01589, extracellular 22–240 (219 aa), soluble form"),
        Cytokine(
            code: "IL3", label: "IL-3", aliases: ["IL-3", "IL3"],
            molarMass: 15_100, molarMassSource: "UniProt P08700, mature 20–152 (133 aa)"),
        Cytokine(
            code: "IL4", label: "IL-4", aliases: ["IL-4", "IL4"],
            molarMass: 15_000, molarMassSource: "UniProt P05112, mature 25–153 (129 aa)"),
        Cytokine(
            code: "IL5", label: "IL-5", aliases: ["IL-5", "IL5"],
            molarMass: 13_100, molarMassSource: "UniProt P05113, mature 20–134 (115 aa), per monomer of the homodimer"),
        Cytokine(
            code: "IL6", label: "IL-6", aliases: ["IL-6", "IL6", "IFN-β2", "BSF-2"],
            molarMass: 20_900, molarMassSource: "UniProt P05231, mature 30–212 (183 aa)"),
        Cytokine(
            code: "IL7", label: "IL-7", aliases: ["IL-7", "IL7"],
            molarMass: 17_400, molarMassSource: "UniProt P13232, mature 26–177 (152 aa)"),
        Cytokine(
            code: "CXCL8", label: "IL-8 (CXCL8)", aliases: ["IL-8", "IL8", "CXCL8", "CXCL-8"],
            molarMass: 8_400, molarMassSource: "UniProt P10145, 72-aa form 28–99"),
        Cytokine(
            code: "IL9", label: "IL-9", aliases: ["IL-9", "IL9"],
            molarMass: 14_100, molarMassSource: "UniProt P15248, mature 19–144 (126 aa)"),
        Cytokine(
            code: "IL10", label: "IL-10", aliases: ["IL-10", "IL10"],
            molarMass: 18_600, molarMassSource: "UniProt P22301, mature 19–178 (160 aa), per monomer of the homodimer"),
        Cytokine(
            code: "IL12P70", label: "IL-12p70",
            aliases: ["IL-12p70", "IL12p70", "IL-12 p70", "IL12(p70)", "IL-12 (p70)", "IL12P70"],
            molarMass: 57_200,
            molarMassSource: "UniProt P29459 p35 mature 57–253 (197 aa) + P29460 p40 mature 23–328 (306 aa), heterodimer"),
        Cytokine(
            code: "IL12P40", label: "IL-12/IL-23p40",
            aliases: ["IL-12p40", "IL12p40", "IL-12 p40", "IL12(p40)", "IL-12/23p40", "IL12B", "IL-23p40"],
            molarMass: 34_700, molarMassSource: "UniProt P29460, mature 23–328 (306 aa), monomer"),
        Cytokine(
            code: "IL13", label: "IL-13", aliases: ["IL-13", "IL13"],
            molarMass: 12_300, molarMassSource: "UniProt P35225, mature 35–146 (112 aa)"),
        Cytokine(
            code: "IL15", label: "IL-15", aliases: ["IL-15", "IL15"],
            molarMass: 12_900, molarMassSource: "UniProt P40933, mature 49–162 (114 aa)"),
        // `IL-17` is IL-17A's name before IL-17B–F were found; panels still print it for IL-17A.
        Cytokine(
            code: "IL17A", label: "IL-17A", aliases: ["IL-17A", "IL17A", "IL-17", "IL17", "CTLA-8"],
            molarMass: 15_100, molarMassSource: "UniProt Q16552, mature 24–155 (132 aa), per monomer of the homodimer"),
        Cytokine(
            code: "IL17F", label: "IL-17F", aliases: ["IL-17F", "IL17F"],
            molarMass: 14_900, molarMassSource: "UniProt Q96PD4, mature 31–163 (133 aa), per monomer"),
        Cytokine(
            code: "IL18", label: "IL-18", aliases: ["IL-18", "IL18", "IGIF"],
            molarMass: 18_200, molarMassSource: "UniProt Q14116, mature 37–193 (157 aa)"),
        Cytokine(
            code: "IL21", label: "IL-21", aliases: ["IL-21", "IL21"],
            molarMass: 15_000, molarMassSource: "UniProt Q9HBE4, mature 25–155 (131 aa)"),
        Cytokine(
            code: "IL22", label: "IL-22", aliases: ["IL-22", "IL22"],
            molarMass: 16_700, molarMassSource: "UniProt Q9GZX6, mature 34–179 (146 aa)"),
        Cytokine(
            code: "IL23", label: "IL-23", aliases: ["IL-23", "IL23", "IL-23p19/p40"],
            molarMass: 53_400,
            molarMassSource: "UniProt Q9NPF7 p19 mature 20–189 (170 aa) + P29460 p40 mature 23–328 (306 aa), heterodimer"),
        Cytokine(
            code: "IL33", label: "IL-33", aliases: ["IL-33", "IL33"],
            molarMass: 18_000, molarMassSource: "UniProt O95760, mature 112–270 (159 aa)"),
        // Interferons
        Cytokine(
            code: "IFNG", label: "IFN-γ", aliases: ["IFN-γ", "IFNG", "IFN-g", "IFNg", "IFN-gamma", "Interferon gamma"],
            molarMass: 16_900, molarMassSource: "UniProt P01579, mature 24–166 (143 aa), per monomer"),
        Cytokine(
            code: "IFNA2", label: "IFN-α2",
            aliases: ["IFN-α2", "IFNA2", "IFN-a2", "IFNa2", "IFN-alpha2", "IFN-α2a", "IFN-α2b"],
            molarMass: 19_200, molarMassSource: "UniProt P01563, mature 24–188 (165 aa)"),
        // Pan-IFN-α assays detect several of the 13 subtypes: no one molar mass applies.
        Cytokine(
            code: "IFNA", label: "IFN-α (pan, subtype unspecified)",
            aliases: ["IFN-α", "IFNa", "IFN-a", "IFN-alpha", "pan-IFN-α", "Interferon alpha"],
            molarMass: nil, molarMassSource: "family of 13 subtypes; convert with the calibrator's subtype"),
        Cytokine(
            code: "IFNB1", label: "IFN-β", aliases: ["IFN-β", "IFNB", "IFNB1", "IFN-b", "IFN-beta"],
            molarMass: 20_000, molarMassSource: "UniProt P01574, mature 22–187 (166 aa)"),
        Cytokine(
            code: "IFNL1", label: "IFN-λ1 (IL-29)", aliases: ["IFN-λ1", "IFNL1", "IL-29", "IL29"],
            molarMass: 20_000, molarMassSource: "UniProt Q8IU54, mature 20–200 (181 aa)"),
        // TNF superfamily
        Cytokine(
            code: "TNF", label: "TNF-α", aliases: ["TNF-α", "TNF", "TNFa", "TNF-a", "TNF-alpha", "TNFSF2", "cachectin"],
            molarMass: 17_400, molarMassSource: "UniProt P01375, soluble 77–233 (157 aa), per monomer of the trimer"),
        Cytokine(
            code: "LTA", label: "TNF-β (LT-α)", aliases: ["TNF-β", "TNFb", "TNF-beta", "LTA", "LT-α", "lymphotoxin alpha"],
            molarMass: 18_700, molarMassSource: "UniProt P01374, mature 35–205 (171 aa), per monomer"),
        Cytokine(
            code: "CD40LG", label: "sCD40L", aliases: ["sCD40L", "CD40L", "CD40LG", "sCD154", "CD154"],
            molarMass: 16_300, molarMassSource: "UniProt P29965, soluble 113–261 (149 aa), per monomer"),
        // Colony-stimulating factors
        Cytokine(
            code: "CSF2", label: "GM-CSF", aliases: ["GM-CSF", "GMCSF", "CSF2", "CSF-2"],
            molarMass: 14_500, molarMassSource: "UniProt P04141, mature 18–144 (127 aa)"),
        Cytokine(
            code: "CSF3", label: "G-CSF", aliases: ["G-CSF", "GCSF", "CSF3", "CSF-3"],
            molarMass: 18_700, molarMassSource: "UniProt P09919, mature form (174 aa)"),
        // Chemokines
        Cytokine(
            code: "CXCL1", label: "GRO-α (CXCL1)", aliases: ["GRO-α", "GROa", "GRO-alpha", "CXCL1"],
            molarMass: 7_900, molarMassSource: "UniProt P09341, mature 35–107 (73 aa)"),
        Cytokine(
            code: "CXCL9", label: "MIG (CXCL9)", aliases: ["MIG", "CXCL9"],
            molarMass: 11_700, molarMassSource: "UniProt Q07325, mature 23–125 (103 aa)"),
        Cytokine(
            code: "CXCL10", label: "IP-10 (CXCL10)", aliases: ["IP-10", "IP10", "CXCL10"],
            molarMass: 8_600, molarMassSource: "UniProt P02778, mature 22–98 (77 aa)"),
        Cytokine(
            code: "CXCL13", label: "CXCL13 (BCA-1)", aliases: ["CXCL13", "BCA-1", "BLC"],
            molarMass: 10_300, molarMassSource: "UniProt O43927, mature 23–109 (87 aa)"),
        Cytokine(
            code: "CCL2", label: "MCP-1 (CCL2)", aliases: ["MCP-1", "MCP1", "CCL2", "MCAF"],
            molarMass: 8_700, molarMassSource: "UniProt P13500, mature 24–99 (76 aa)"),
        Cytokine(
            code: "CCL3", label: "MIP-1α (CCL3)", aliases: ["MIP-1α", "MIP1A", "MIP-1a", "MIP-1alpha", "CCL3", "LD78α"],
            molarMass: 7_700, molarMassSource: "UniProt P10147, mature 24–92 (69 aa)"),
        Cytokine(
            code: "CCL4", label: "MIP-1β (CCL4)", aliases: ["MIP-1β", "MIP1B", "MIP-1b", "MIP-1beta", "CCL4"],
            molarMass: 7_800, molarMassSource: "UniProt P13236, mature 24–92 (69 aa)"),
        Cytokine(
            code: "CCL5", label: "RANTES (CCL5)", aliases: ["RANTES", "CCL5"],
            molarMass: 7_800, molarMassSource: "UniProt P13501, mature 24–91 (68 aa)"),
        Cytokine(
            code: "CCL11", label: "Eotaxin (CCL11)", aliases: ["Eotaxin", "Eotaxin-1", "CCL11"],
            molarMass: 8_400, molarMassSource: "UniProt P51671, mature 24–97 (74 aa)"),
        // Growth factors
        Cytokine(
            code: "VEGFA", label: "VEGF-A", aliases: ["VEGF", "VEGF-A", "VEGFA", "VEGF165", "VEGF-A165"],
            molarMass: 19_200, molarMassSource: "UniProt P15692, VEGF165 isoform 27–191 (165 aa), per monomer of the homodimer"),
        Cytokine(
            code: "FGF2", label: "FGF basic (FGF-2)",
            aliases: ["FGF basic", "FGF-basic", "bFGF", "FGF-2", "FGF2", "FGF-b", "basic FGF"],
            molarMass: 17_200, molarMassSource: "UniProt P09038, 18 kDa isoform 1–155 less Met1 (154 aa)"),
        Cytokine(
            code: "FGF1", label: "FGF acidic (FGF-1)",
            aliases: ["FGF acidic", "FGF-acidic", "aFGF", "FGF-1", "FGF1", "FGF-a", "acidic FGF"],
            molarMass: 15_500, molarMassSource: "UniProt P05230, mature 16–155 (140 aa)"),
        Cytokine(
            code: "EGF", label: "EGF", aliases: ["EGF"],
            molarMass: 6_200, molarMassSource: "UniProt P01133, mature 971–1023 (53 aa)"),
        Cytokine(
            code: "HGF", label: "HGF", aliases: ["HGF", "scatter factor"],
            molarMass: 80_000, molarMassSource: "UniProt P14210, α chain 32–494 + β chain 495–728, heterodimer"),
        Cytokine(
            code: "TGFB1", label: "TGF-β1", aliases: ["TGF-β1", "TGFB1", "TGF-b1", "TGF-beta1"],
            molarMass: 12_800, molarMassSource: "UniProt P01137, mature 279–390 (112 aa), per monomer of the homodimer"),
    ]

    /// Names that denote more than one catalogue analyte. They are never matched: the panel's
    /// mapping must say which one the kit measures.
    static let builtInAmbiguousNames: [(name: String, codes: [String], reason: String)] = [
        ("IL-1", ["IL1A", "IL1B"], "IL-1 may be IL-1α or IL-1β"),
        ("IL-12", ["IL12P70", "IL12P40"], "IL-12 may be the p70 heterodimer or the p40 subunit (kits differ)"),
        ("MIP-1", ["CCL3", "CCL4"], "MIP-1 may be MIP-1α (CCL3) or MIP-1β (CCL4)"),
        ("FGF", ["FGF2", "FGF1"], "FGF may be FGF basic (FGF-2) or FGF acidic (FGF-1)"),
        ("CSF", ["CSF2", "CSF3"], "CSF may be GM-CSF or G-CSF"),
        ("IFN", ["IFNG", "IFNA", "IFNB1"], "IFN does not say which interferon"),
    ]
}
