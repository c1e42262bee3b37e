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
    static let builtInEntries: [Cytokine] = entries(
        """
        # Interleukins
        IL1A | IL-1α | IL-1a; IL1A; IL-1 alpha; IL1alpha; IL-1F1 | 18000 | UniProt P01583, mature 113–271 (159 aa)
        IL1B | IL-1β | IL-1b; IL1B; IL-1 beta; IL1beta; IL-1F2 | 17400 | UniProt P01584, mature 117–269 (153 aa)
        IL1RN | IL-1RA | IL-1RA; IL1RA; IL-1Ra; IL1RN; IL-1ra; IL-1 receptor antagonist; IL-1F3 | 17100 | UniProt P18510, mature 26–177 (152 aa)
        IL2 | IL-2 | IL-2; IL2 | 15400 | UniProt P60568, mature 21–153 (133 aa)
        IL2RA | sCD25 (IL-2Rα) | sCD25; CD25; IL-2Rα; IL2RA; IL-2R; IL2R; sIL-2R; sIL-2Rα; sIL2R; IL-2 receptor alpha; IL-2Ra | 24200 | UniProt P01589, extracellular 22–240 (219 aa), soluble form
        IL3 | IL-3 | IL-3; IL3 | 15100 | UniProt P08700, mature 20–152 (133 aa)
        IL4 | IL-4 | IL-4; IL4 | 15000 | UniProt P05112, mature 25–153 (129 aa)
        IL5 | IL-5 | IL-5; IL5 | 13100 | UniProt P05113, mature 20–134 (115 aa), per monomer of the homodimer
        IL6 | IL-6 | IL-6; IL6; IFN-β2; BSF-2 | 20900 | UniProt P05231, mature 30–212 (183 aa)
        IL7 | IL-7 | IL-7; IL7 | 17400 | UniProt P13232, mature 26–177 (152 aa)
        CXCL8 | IL-8 (CXCL8) | IL-8; IL8; CXCL8; CXCL-8 | 8400 | UniProt P10145, 72-aa form 28–99
        IL9 | IL-9 | IL-9; IL9 | 14100 | UniProt P15248, mature 19–144 (126 aa)
        IL10 | IL-10 | IL-10; IL10 | 18600 | UniProt P22301, mature 19–178 (160 aa), per monomer of the homodimer
        IL12P70 | IL-12p70 | IL-12p70; IL12p70; IL-12 p70; IL12(p70); IL-12 (p70); IL12P70 | 57200 | UniProt P29459 p35 mature 57–253 (197 aa) + P29460 p40 mature 23–328 (306 aa), heterodimer
        IL12P40 | IL-12/IL-23p40 | IL-12p40; IL12p40; IL-12 p40; IL12(p40); IL-12/23p40; IL12B; IL-23p40 | 34700 | UniProt P29460, mature 23–328 (306 aa), monomer
        IL13 | IL-13 | IL-13; IL13 | 12300 | UniProt P35225, mature 35–146 (112 aa)
        IL15 | IL-15 | IL-15; IL15 | 12900 | UniProt P40933, mature 49–162 (114 aa)
        # `IL-17` is IL-17A's name before IL-17B–F were found; panels still print it for IL-17A.
        IL17A | IL-17A | IL-17A; IL17A; IL-17; IL17; CTLA-8 | 15100 | UniProt Q16552, mature 24–155 (132 aa), per monomer of the homodimer
        IL17F | IL-17F | IL-17F; IL17F | 14900 | UniProt Q96PD4, mature 31–163 (133 aa), per monomer
        IL18 | IL-18 | IL-18; IL18; IGIF | 18200 | UniProt Q14116, mature 37–193 (157 aa)
        IL21 | IL-21 | IL-21; IL21 | 15000 | UniProt Q9HBE4, mature 25–155 (131 aa)
        IL22 | IL-22 | IL-22; IL22 | 16700 | UniProt Q9GZX6, mature 34–179 (146 aa)
        IL23 | IL-23 | IL-23; IL23; IL-23p19/p40 | 53400 | UniProt Q9NPF7 p19 mature 20–189 (170 aa) + P29460 p40 mature 23–328 (306 aa), heterodimer
        IL33 | IL-33 | IL-33; IL33 | 18000 | UniProt O95760, mature 112–270 (159 aa)
        # Interferons
        IFNG | IFN-γ | IFN-γ; IFNG; IFN-g; IFNg; IFN-gamma; Interferon gamma | 16900 | UniProt P01579, mature 24–166 (143 aa), per monomer
        IFNA2 | IFN-α2 | IFN-α2; IFNA2; IFN-a2; IFNa2; IFN-alpha2; IFN-α2a; IFN-α2b | 19200 | UniProt P01563, mature 24–188 (165 aa)
        # Pan-IFN-α assays detect several of the 13 subtypes: no one molar mass applies.
        IFNA | IFN-α (pan, subtype unspecified) | IFN-α; IFNa; IFN-a; IFN-alpha; pan-IFN-α; Interferon alpha | - | family of 13 subtypes; convert with the calibrator's subtype
        IFNB1 | IFN-β | IFN-β; IFNB; IFNB1; IFN-b; IFN-beta | 20000 | UniProt P01574, mature 22–187 (166 aa)
        IFNL1 | IFN-λ1 (IL-29) | IFN-λ1; IFNL1; IL-29; IL29 | 20000 | UniProt Q8IU54, mature 20–200 (181 aa)
        # TNF superfamily
        TNF | TNF-α | TNF-α; TNF; TNFa; TNF-a; TNF-alpha; TNFSF2; cachectin | 17400 | UniProt P01375, soluble 77–233 (157 aa), per monomer of the trimer
        LTA | TNF-β (LT-α) | TNF-β; TNFb; TNF-beta; LTA; LT-α; lymphotoxin alpha | 18700 | UniProt P01374, mature 35–205 (171 aa), per monomer
        CD40LG | sCD40L | sCD40L; CD40L; CD40LG; sCD154; CD154 | 16300 | UniProt P29965, soluble 113–261 (149 aa), per monomer
        # Colony-stimulating factors
        CSF2 | GM-CSF | GM-CSF; GMCSF; CSF2; CSF-2 | 14500 | UniProt P04141, mature 18–144 (127 aa)
        CSF3 | G-CSF | G-CSF; GCSF; CSF3; CSF-3 | 18700 | UniProt P09919, mature form (174 aa)
        # Chemokines
        CXCL1 | GRO-α (CXCL1) | GRO-α; GROa; GRO-alpha; CXCL1 | 7900 | UniProt P09341, mature 35–107 (73 aa)
        CXCL9 | MIG (CXCL9) | MIG; CXCL9 | 11700 | UniProt Q07325, mature 23–125 (103 aa)
        CXCL10 | IP-10 (CXCL10) | IP-10; IP10; CXCL10 | 8600 | UniProt P02778, mature 22–98 (77 aa)
        CXCL13 | CXCL13 (BCA-1) | CXCL13; BCA-1; BLC | 10300 | UniProt O43927, mature 23–109 (87 aa)
        CCL2 | MCP-1 (CCL2) | MCP-1; MCP1; CCL2; MCAF | 8700 | UniProt P13500, mature 24–99 (76 aa)
        CCL3 | MIP-1α (CCL3) | MIP-1α; MIP1A; MIP-1a; MIP-1alpha; CCL3; LD78α | 7700 | UniProt P10147, mature 24–92 (69 aa)
        CCL4 | MIP-1β (CCL4) | MIP-1β; MIP1B; MIP-1b; MIP-1beta; CCL4 | 7800 | UniProt P13236, mature 24–92 (69 aa)
        CCL5 | RANTES (CCL5) | RANTES; CCL5 | 7800 | UniProt P13501, mature 24–91 (68 aa)
        CCL11 | Eotaxin (CCL11) | Eotaxin; Eotaxin-1; CCL11 | 8400 | UniProt P51671, mature 24–97 (74 aa)
        # Growth factors
        VEGFA | VEGF-A | VEGF; VEGF-A; VEGFA; VEGF165; VEGF-A165 | 19200 | UniProt P15692, VEGF165 isoform 27–191 (165 aa), per monomer of the homodimer
        FGF2 | FGF basic (FGF-2) | FGF basic; FGF-basic; bFGF; FGF-2; FGF2; FGF-b; basic FGF | 17200 | UniProt P09038, 18 kDa isoform 1–155 less Met1 (154 aa)
        FGF1 | FGF acidic (FGF-1) | FGF acidic; FGF-acidic; aFGF; FGF-1; FGF1; FGF-a; acidic FGF | 15500 | UniProt P05230, mature 16–155 (140 aa)
        EGF | EGF | EGF | 6200 | UniProt P01133, mature 971–1023 (53 aa)
        HGF | HGF | HGF; scatter factor | 80000 | UniProt P14210, α chain 32–494 + β chain 495–728, heterodimer
        TGFB1 | TGF-β1 | TGF-β1; TGFB1; TGF-b1; TGF-beta1 | 12800 | UniProt P01137, mature 279–390 (112 aa), per monomer of the homodimer
        """)

    /// Reads a table of one analyte a line: `code | label | aliases (separated by ;) | molar mass in
    /// g/mol (- when none applies) | source of the molar mass`.
    private static func entries(_ table: String) -> [Cytokine] {
        SourceTable.rows(table, columns: 5).map { cell in
            Cytokine(
                code: cell[0], label: cell[1], aliases: cell[2].split(separator: ";").map { String($0).trimmingSpacesAndTabs },
                molarMass: cell[3] == "-" ? nil : SourceTable.number(cell[3]), molarMassSource: cell[4])
        }
    }

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
