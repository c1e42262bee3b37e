import Domain
import Testing

@Suite("Concentration units")
struct UnitTests {
    @Test func massUnitsToPicogramsPerML() throws {
        #expect(try CytokineUnits.toPicogramPerML(12.5, unit: "pg/mL") == 12.5)
        #expect(try CytokineUnits.toPicogramPerML(12.5, unit: "pg/ml") == 12.5)
        #expect(try CytokineUnits.toPicogramPerML(1.5, unit: "ng/mL") == 1500)
        #expect(try CytokineUnits.toPicogramPerML(2, unit: "µg/mL") == 2e6) // micro sign U+00B5
        #expect(try CytokineUnits.toPicogramPerML(2, unit: "μg/mL") == 2e6) // Greek mu U+03BC
        #expect(try CytokineUnits.toPicogramPerML(2, unit: "ug/mL") == 2e6)
        #expect(try CytokineUnits.toPicogramPerML(2, unit: "mcg/mL") == 2e6)
        #expect(try CytokineUnits.toPicogramPerML(250, unit: "fg/mL") == 0.25)
        #expect(try CytokineUnits.toPicogramPerML(7, unit: "ng/L") == 7) // same quantity as pg/mL
        #expect(try CytokineUnits.toPicogramPerML(7, unit: " pg / mL ") == 7)
    }

    @Test func molarUnitsUseTheMolarMass() throws {
        let il6 = try #require(CytokineCatalogue.standard.cytokine(code: "IL6"))
        // 1 pmol/L × 20 900 g/mol = 20 900 pg/L = 20.9 pg/mL.
        #expect(abs(try CytokineUnits.toPicogramPerML(1, unit: "pmol/L", cytokine: il6) - 20.9) < 1e-12)
        #expect(abs(try CytokineUnits.toPicogramPerML(3, unit: "pM", molarMass: 17_400) - 52.2) < 1e-9)
        #expect(abs(try CytokineUnits.toPicogramPerML(1, unit: "nmol/L", molarMass: 8_400) - 8_400) < 1e-9)
        #expect(abs(try CytokineUnits.toPicogramPerML(1000, unit: "fmol/L", molarMass: 8_400) - 8.4) < 1e-9)
    }

    @Test func unknownUnitsAreErrorsNamingTheUnit() {
        #expect(throws: UnitConversionError.unknownUnit("IU/mL")) { try CytokineUnits.toPicogramPerML(1, unit: "IU/mL") }
        #expect(throws: UnitConversionError.unknownUnit("MFI")) { try CytokineUnits.toPicogramPerML(1, unit: "MFI") }
        #expect(UnitConversionError.unknownUnit("IU/mL").description.contains("'IU/mL'"))
        // mM is not pM: molar prefixes are case-sensitive.
        #expect(ConcentrationUnit.parse("mM") == nil)
        #expect(ConcentrationUnit.parse("PM") == nil)
    }

    @Test func molarUnitsWithoutAMolarMassAreErrors() {
        #expect(throws: UnitConversionError.molarMassRequired(unit: "pmol/L")) {
            try CytokineUnits.toPicogramPerML(1, unit: "pmol/L")
        }
        let panIFNa = CytokineCatalogue.standard.cytokine(code: "IFNA")!
        #expect(throws: UnitConversionError.molarMassRequired(unit: "pmol/L")) {
            try CytokineUnits.toPicogramPerML(1, unit: "pM", cytokine: panIFNa)
        }
    }
}
