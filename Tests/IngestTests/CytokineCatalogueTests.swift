import Domain
import Testing

@Suite("Cytokine catalogue")
struct CytokineCatalogueTests {
    let catalogue = CytokineCatalogue.standard

    func code(_ name: String) -> String? { catalogue.match(name)?.code }

    @Test func coversTheCommonPanels() {
        #expect(catalogue.cytokines.count >= 30)
        for c in [
            "IL1B", "IL2", "IL4", "IL5", "IL6", "CXCL8", "IL10", "IL12P70", "IL13", "IL17A", "IL21", "IL22",
            "IFNG", "IFNA2", "TNF", "CSF2", "IL2RA", "CXCL13", "CXCL10", "CCL2", "CCL3", "CCL4", "VEGFA",
            "FGF2", "CSF3", "CCL11", "CCL5", "IL1RN", "IL7", "IL9", "IL15", "IL33",
        ] {
            #expect(catalogue.cytokine(code: c) != nil, "missing \(c)")
        }
        #expect(Set(catalogue.cytokines.map(\.code)).count == catalogue.cytokines.count)
    }

    @Test func noTwoAnalytesShareANameKey() {
        #expect(catalogue.collidingKeys.isEmpty, "\(catalogue.collidingKeys)")
    }

    @Test func everyMolarMassHasASourceAndIsPlausible() {
        for c in catalogue.cytokines {
            #expect(!c.molarMassSource.isEmpty, "\(c.code)")
            if let m = c.molarMass {
                // Chemokines ~8 kDa to HGF ~80 kDa.
                #expect((5_000...100_000).contains(m), "\(c.code): \(m)")
                #expect(c.molarMassSource.contains("UniProt"), "\(c.code)")
            }
        }
        #expect(catalogue.cytokine(code: "IFNA")?.molarMass == nil)
    }

    @Test func greekLettersAndSpelledNamesMatchTheSameAnalyte() {
        for name in ["IFN-γ", "IFNg", "IFN-gamma", "IFNγ", "IFN gamma", "ifn-G", "IFNG", "Interferon gamma", "IFN‐γ"] {
            #expect(code(name) == "IFNG", "\(name)")
        }
        for name in ["IL-1β", "IL-1b", "IL1B", "IL-1 beta", "IL1beta", "IL-1ß", "il_1_b"] {
            #expect(code(name) == "IL1B", "\(name)")
        }
        for name in ["TNF-α", "TNFa", "TNF-alpha", "TNF α", "TNF"] { #expect(code(name) == "TNF", "\(name)") }
        #expect(code("MIP-1α") == "CCL3")
        #expect(code("MIP-1b") == "CCL4")
        #expect(code("IL-2Rα") == "IL2RA")
        #expect(code("IFN-λ1") == "IFNL1")
    }

    @Test func instrumentDecorationsAreRemoved() {
        #expect(code("IL-6 (25)") == "IL6")
        #expect(code("  IL-6(25) ") == "IL6")
        let r = catalogue.resolve("hIFN-γ (27)")
        #expect(r.cytokine?.code == "IFNG")
        #expect(r == .matched(catalogue.cytokine(code: "IFNG")!, species: .human))
        #expect(catalogue.resolve("mIL-6").cytokine?.code == "IL6")
        if case .matched(_, let species) = catalogue.resolve("mIL-6") { #expect(species == .mouse) }
        #expect(code("Human IL-10") == "IL10")
        #expect(code("huIL-8") == "CXCL8")
        // `(p70)` is not a bead region: kept, and matched as IL-12p70.
        #expect(code("IL-12 (p70)") == "IL12P70")
    }

    @Test func upperCaseMIsNotASpeciesPrefix() {
        #expect(code("MCP-1") == "CCL2")
        #expect(code("MIG") == "CXCL9")
        #expect(code("MIP1A") == "CCL3")
    }

    @Test func theXponentPanelNamesResolve() {
        // The 30-plex of serolyzer pone.0187901 s001, as its header writes them.
        let expected: [String: String?] = [
            "IL1B": "IL1B", "G-CSF": "CSF3", "IL10": "IL10", "IL13": "IL13", "IL6": "IL6", "RANTES": "CCL5",
            "EOTAXIN": "CCL11", "IL17": "IL17A", "MIP1A": "CCL3", "GMCSF": "CSF2", "MIP1B": "CCL4", "MCP1": "CCL2",
            "IL15": "IL15", "EGF": "EGF", "IL5": "IL5", "HGF": "HGF", "VEGF": "VEGFA", "IFNg": "IFNG",
            "IFNa": "IFNA", "IL1RA": "IL1RN", "TNFa": "TNF", "IL2": "IL2", "IL7": "IL7", "IP10": "CXCL10",
            "IL2R": "IL2RA", "MIG": "CXCL9", "IL4": "IL4", "IL8": "CXCL8",
            // Ambiguous as written: the panel mapping must say which.
            "FGF": nil, "IL12": nil,
        ]
        for (name, c) in expected { #expect(code(name) == c, "\(name)") }
    }

    @Test func ambiguousNamesAreNeverGuessed() {
        for name in ["FGF", "IL-12", "IL-1", "MIP-1"] {
            let r = catalogue.resolve(name)
            #expect(r.cytokine == nil, "\(name)")
            guard case .ambiguous(let candidates, let reason) = r else {
                Issue.record("\(name) is not reported ambiguous: \(r)")
                continue
            }
            #expect(candidates.count >= 2)
            #expect(reason.contains(name))
        }
        #expect(catalogue.resolve("IL-12").reason?.contains("p70") == true)
    }

    @Test func twoCandidatesFromTwoReadingsAreAmbiguous() {
        // A catalogue where `mIL-6` read as written (an analyte called mIL-6) and read as mouse
        // IL-6 give different analytes: no match.
        let custom = CytokineCatalogue(cytokines: [
            Cytokine(code: "IL6", label: "IL-6", aliases: ["IL-6"], molarMass: 20_900, molarMassSource: "test"),
            Cytokine(code: "MIL6", label: "mIL-6", aliases: ["mIL-6"], molarMass: nil, molarMassSource: "test"),
        ])
        let r = custom.resolve("mIL-6")
        #expect(r.cytokine == nil)
        if case .ambiguous(let c, _) = r { #expect(Set(c.map(\.code)) == ["IL6", "MIL6"]) } else { Issue.record("\(r)") }
    }

    @Test func unknownNamesSayWhy() {
        let r = catalogue.resolve("Bead 77")
        #expect(r.cytokine == nil)
        #expect(r.reason?.contains("not a known cytokine") == true)
        #expect(catalogue.resolve("").reason == "empty analyte name")
    }
}
