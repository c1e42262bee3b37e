import Domain
import Foundation
import Numerical

/// Run-level facts of an xPONENT batch: what the header block records.
struct XPonentRun {
    var batch: String
    var runDate: CivilDate
    /// Minutes after midnight when acquisition started.
    var startMinutes: Int
    var durationMinutes: Int
    var serialNumber: String
    var operatorName: String
    var computerName: String
    var protocolName: String
    var kitLot: String
    var kitExpiry: CivilDate
    var calibrationDate: CivilDate
}

/// Writes a simulated plate as a Luminex xPONENT CSV export, in one of two real dialects:
/// xPONENT 4.x raw (every field quoted, CRLF, month-first dates, analytes named with their bead
/// region as MILLIPLEX protocols do, `IL-6 (25)`) or xPONENT 3.1 re-saved by Excel (unquoted,
/// every row padded with commas to the table width, day-first dates, short analyte names).
/// Sections follow the order xPONENT writes them with analysis on: Median, Net MFI, Count,
/// Result, averages and replicate CVs, % Recovery, Comments, Units, expected concentrations,
/// control ranges, Per Bead Count, Dilution Factor, Analysis Types and Coefficients, R^2, Audit
/// Logs, Warnings/Errors, and the CRC trailer.
struct XPonentWriter {
    var dialect: TrialDesign.XPonentDialect
    var run: XPonentRun

    private var v4: Bool { dialect == .quotedV4 }
    private var nameStyle: CytokineAnalyte.Name { v4 ? .withRegion : .compact }

    /// Rows of fields; nil is a blank separator line.
    private typealias Rows = [[String]?]

    func data(_ plate: PlateSimulation) -> Data {
        var rows: Rows = header(plate)
        rows += results(plate)
        let width = 2 + plate.analytes.count + 1
        var text = ""
        let ending = "\r\n"
        for row in rows {
            guard let row else {
                if v4 { text += ending }
                continue
            }
            if v4 {
                text += CSVLine.quotedAll(row, ending: ending)
            } else {
                let padded = row + Array(repeating: "", count: max(0, width - row.count))
                text += CSVLine.make(padded, ending: ending)
            }
        }
        var bytes = Data(text.utf8)
        let crc = CRC32.hex(CRC32.checksum(bytes))
        if v4 {
            bytes.append(Data("-- CRC --\r\nCRC32: \(crc)\r\n".utf8))
        } else {
            let pad = String(repeating: ",", count: width - 1)
            bytes.append(Data("-- CRC --\(pad)\r\nCRC32: \(crc)\(pad)\r\n".utf8))
        }
        return bytes
    }

    // MARK: header block

    private func date(_ d: CivilDate) -> String { v4 ? d.monthFirstPadded : d.dayFirst }

    private func timestamp(_ d: CivilDate, minutes: Int, seconds: Int) -> String {
        let h = (minutes / 60) % 24, m = minutes % 60
        if v4 {
            let h12 = h % 12 == 0 ? 12 : h % 12
            return "\(d.monthFirst) \(h12):\(CivilDate.two(m)):\(CivilDate.two(seconds)) \(h < 12 ? "AM" : "PM")"
        }
        return "\(d.dayFirst) \(CivilDate.two(h)):\(CivilDate.two(m)):\(CivilDate.two(seconds))"
    }

    private func clock(_ minutes: Int) -> String {
        let h = (minutes / 60) % 24, m = minutes % 60
        if v4 { return "\(h % 12 == 0 ? 12 : h % 12):\(CivilDate.two(m)) \(h < 12 ? "AM" : "PM")" }
        return "\(CivilDate.two(h)):\(CivilDate.two(m))"
    }

    private func header(_ plate: PlateSimulation) -> Rows {
        let stop = run.startMinutes + run.durationMinutes
        let cal = run.calibrationDate
        var rows: Rows = [
            ["Program", "xPONENT", "", v4 ? "FlexMAP 3D" : "LX100/LX200"],
            ["Build", v4 ? "4.3.309.1" : "3.1.871.0"],
            ["Date", date(run.runDate), clock(stop + 2)],
        ]
        if v4 { rows.append(nil) }
        rows += [
            ["SN", run.serialNumber],
            ["Batch", run.batch],
            ["Version", "1"],
            ["Operator", run.operatorName],
            ["ComputerName", run.computerName],
            ["Country Code", v4 ? "840" : "156"],
            ["ProtocolName", run.protocolName],
            ["ProtocolVersion", "2"],
            ["ProtocolDescription", "Serum 1:\(NumberText.trimmed(plate.dilutionFactor, 0)), 7-point 4-fold standards, 50 beads/region"],
            ["ProtocolDevelopingCompany", "MilliporeSigma"],
            ["SampleVolume", "50 uL"],
            ["DDGate", v4 ? "8000 to 16500" : "7500 to 15500"],
            ["SampleTimeout", "60 sec"],
            ["BatchStartTime", timestamp(run.runDate, minutes: run.startMinutes, seconds: 14)],
            ["BatchStopTime", timestamp(run.runDate, minutes: stop, seconds: 51)],
            ["BatchDescription", "<None>"],
            ["ProtocolPlate", "Name", "Current 96-well plate", "Type", "96", "Plates", "1"],
            ["ProtocolMicrosphere", "Map", v4 ? "FlexMAP 3D Map" : "100 regions", "Type", "MagPlex", "Count", "\(plate.analytes.count)"],
        ]
        if v4 { rows.append(["ProtocolReporterGain", "Standard PMT"]) }
        rows += [
            ["ProtocolAnalysis", "Type", "Quan", "Mode", "FitOfAllStandards"],
            ["NormBead", "None"],
            ["ProtocolHeater", "Off"],
        ]
        if v4 { rows.append(nil) }
        if v4 {
            rows += [
                ["Most Recent Calibration and Verification Results:"],
                ["Last F3DeCAL1 Calibration", "Passed \(cal.monthFirstPadded) 08:41:07"],
                ["Last F3DCAL2 Calibration", "Passed \(cal.monthFirstPadded) 08:41:52"],
                ["Last F3DeVER1 Verification", "Passed \(cal.monthFirstPadded) 08:43:20"],
                ["Last F3DVER2 Verification", "Passed \(cal.monthFirstPadded) 08:44:02"],
                ["Last Fluidics Test", "Passed \(cal.monthFirstPadded) 08:45:36"],
                nil,
            ]
        } else {
            rows += [
                ["Most Recent Calibration and Control Results:"],
                ["Last MagCAL1 Calibration", "Passed \(cal.dayFirst) 09:12:40"],
                ["Last CAL2 Calibration", "Passed \(cal.dayFirst) 09:13:52"],
                ["Last MagCON1 Verification", "Passed \(cal.dayFirst) 09:15:31"],
                ["Last CON2 Verification", "Passed \(cal.dayFirst) 09:16:45"],
            ]
        }
        rows += [
            ["AssayLotInfo:"],
            ["KitName", "LotNumber", "ExpirationDate", "Manufacturer"],
            ["Human Treg Cytokine 9-plex (custom)", run.kitLot, date(run.kitExpiry), "MilliporeSigma"],
            ["Reagent", "LotName", "LotNumber", "ExpirationDate", "Manufacturer"],
        ]
        for level in 1...7 { rows.append(["Standard\(level)", "Standard", run.kitLot, date(run.kitExpiry), "MilliporeSigma"]) }
        for level in 1...2 {
            rows.append(["Control\(level)", "QC\(level)", "\(run.kitLot)-Q\(level)", date(run.kitExpiry), "MilliporeSigma"])
        }
        if v4 { rows.append(nil) }
        rows.append(["Samples", "\(plate.wells.count)", "Min Events", "\(PlateSimulation.beadsPerRegion)", "Per Bead"])
        if v4 { rows.append(nil) }
        rows.append(["Results"])
        if v4 { rows.append(nil) }
        return rows
    }

    // MARK: data sections

    private func location(_ index: Int, _ well: LuminexPlateLayout.Well) -> String { "\(index + 1)(1,\(well.name))" }

    private func perWell(
        _ name: String, _ plate: PlateSimulation, totalEvents: Bool = true,
        wells: [Int]? = nil, cell: (Int, Int) -> String
    ) -> Rows {
        let names = plate.analytes.map { $0.name(nameStyle) }
        var rows: Rows = [["DataType:", name], ["Location", "Sample"] + names + (totalEvents ? ["Total Events"] : [])]
        for w in wells ?? Array(plate.wells.indices) {
            let well = plate.wells[w]
            rows.append(
                [location(w, well), well.sample] + plate.analytes.indices.map { cell(w, $0) }
                    + (totalEvents ? ["\(plate.totalEvents[w])"] : []))
        }
        if v4 { rows.append(nil) }
        return rows
    }

    private func resultText(_ r: PlateSimulation.Result) -> String {
        switch r {
        case .notComputed: return "NaN"
        case .value(let v, _): return NumberText.g15(v)
        case .below(let t): return "< \(t)"
        case .above(let t): return "> \(t)"
        }
    }

    /// Samples in the order xPONENT lists averages: controls, standards by level, then unknowns
    /// in acquisition order; background wells are not averaged.
    private func averagedSamples(_ plate: PlateSimulation) -> [(name: String, wells: [Int])] {
        var order: [String] = []
        var wells: [String: [Int]] = [:]
        for (w, well) in plate.wells.enumerated() where well.role != .background {
            if wells[well.sample] == nil { order.append(well.sample) }
            wells[well.sample, default: []].append(w)
        }
        func rank(_ s: String) -> Int {
            switch plate.wells[wells[s]![0]].role {
            case .control(let l): return l
            case .standard(let l): return 10 + l
            default: return 100
            }
        }
        let sorted = order.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
        return sorted.map { ($0, wells[$0]!) }
    }

    private func averaged(_ name: String, _ plate: PlateSimulation, cell: ([Int], Int) -> String) -> Rows {
        let names = plate.analytes.map { $0.name(nameStyle) }
        var rows: Rows = [["DataType:", name], ["Sample"] + names + (v4 ? ["Total Events"] : [])]
        for (sample, wells) in averagedSamples(plate) {
            let events = wells.map { Double(plate.totalEvents[$0]) }.reduce(0, +) / Double(wells.count)
            rows.append([sample] + plate.analytes.indices.map { cell(wells, $0) } + (v4 ? [NumberText.trimmed(events, 1)] : []))
        }
        if v4 { rows.append(nil) }
        return rows
    }

    private func results(_ plate: PlateSimulation) -> Rows {
        var rows: Rows = []
        rows += perWell("Median", plate) { w, j in NumberText.mfi(plate.median[w][j]) }
        rows += perWell("Net MFI", plate) { w, j in NumberText.trimmed(plate.netMFI[w][j], 2) }
        rows += perWell("Count", plate) { w, j in "\(plate.beadCount[w][j])" }
        rows += perWell("Result", plate) { w, j in resultText(plate.results[w][j]) }
        rows += averaged("Avg Net MFI", plate) { wells, j in
            NumberText.trimmed(wells.map { plate.netMFI[$0][j] }.reduce(0, +) / Double(wells.count), 2)
        }
        rows += averaged("Avg Result", plate) { wells, j in
            let rs = wells.map { plate.results[$0][j] }
            let numbers = rs.compactMap(\.number)
            if numbers.count == rs.count { return NumberText.g15(numbers.reduce(0, +) / Double(numbers.count)) }
            if numbers.isEmpty, Set(rs.map(resultText)).count == 1 { return resultText(rs[0]) }
            return "N/A"
        }
        rows += averaged("%CV Replicates", plate) { wells, j in
            let numbers = wells.compactMap { plate.results[$0][j].number }
            guard wells.count > 1 else { return "" }
            guard numbers.count == wells.count else { return "NaN" }
            let m = numbers.reduce(0, +) / Double(numbers.count)
            let sd = (numbers.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(numbers.count - 1)).squareRoot()
            return NumberText.g15(m == 0 ? 0 : sd / m * 100)
        }
        let qcWells = plate.wells.indices.filter {
            switch plate.wells[$0].role {
            case .standard, .control: return true
            default: return false
            }
        }
        rows += perWell("% Recovery", plate, totalEvents: false, wells: qcWells) { w, j in
            guard let observed = plate.results[w][j].number else { return "N/A" }
            return NumberText.fixed(observed / expected(plate, w, j) * 100, 2)
        }
        rows += perWell("Comments", plate, totalEvents: false) { w, j in comment(plate, w, j) }

        let names = plate.analytes.map { $0.name(nameStyle) }
        let beads = plate.analytes.map { "\($0.beadRegion)" }
        rows += [
            ["DataType:", "Units"], ["Analyte:"] + names, ["BeadID:"] + beads,
            ["Units:"] + Array(repeating: "pg/mL", count: names.count),
        ]
        if v4 { rows.append(nil) }
        rows += [["DataType:", "Standard Expected Concentration"], ["Reagent"] + names]
        for level in 1...7 {
            rows.append(["Standard\(level)"] + plate.analytes.map { PlateSimulation.expectedText($0.standard(level)) })
        }
        if v4 { rows.append(nil) }
        for (title, factor) in [("Control Expected Concentration", 1.0), ("Control Range - Low", 0.7), ("Control Range - High", 1.3)] {
            rows += [["DataType:", title], ["Reagent"] + names]
            for level in 1...2 {
                rows.append(["Control\(level)"] + plate.controlExpected[level - 1].map { NumberText.trimmed($0 * factor, 4) })
            }
            if v4 { rows.append(nil) }
        }
        rows += [
            ["DataType:", "Per Bead Count"], ["Analyte:"] + names, ["BeadID:"] + beads,
            ["Per Bead:"] + Array(repeating: "\(PlateSimulation.beadsPerRegion)", count: names.count),
        ]
        if v4 { rows.append(nil) }
        rows += [["DataType:", "Dilution Factor"], ["Location", "Sample", "Dilution Factor"]]
        for (w, well) in plate.wells.enumerated() {
            let df = well.role.isDiluted ? NumberText.trimmed(plate.dilutionFactor, 0) : ""
            rows.append([location(w, well), well.sample, df])
        }
        if v4 { rows.append(nil) }
        rows += [
            ["DataType:", "Analysis Types"], ["Analyte:"] + names,
            ["AnalysisType"] + Array(repeating: "Logistic 5P", count: names.count),
        ]
        if v4 { rows.append(nil) }
        rows += [["DataType:", "Analysis Coefficients"], ["Analyte:"] + names]
        for (label, key) in [
            ("Coefficient A", \LogisticCurve.a), ("Coefficient B", \.b), ("Coefficient C", \.c),
            ("Coefficient D", \.d), ("Coefficient F", \.f),
        ] {
            rows.append([label] + plate.fitted.map { NumberText.g15($0[keyPath: key]) })
        }
        if v4 { rows.append(nil) }
        rows += [["DataType:", "R^2"], ["Analyte:"] + names, ["Value"] + plate.rSquared.map(NumberText.g15)]
        if v4 { rows.append(nil) }
        rows += [["DataType:", "Audit Logs"], ["UserId", "Date", "Message"]]
        if v4 { rows.append(nil) }
        rows += [["DataType:", "Warnings/Errors"], ["Location", "Status", "Message"]]
        for w in plate.timedOut {
            rows.append([
                "1,\(plate.wells[w].name)", "Warning",
                "The acquisition had at least one region that did not reach the maximum count.  (0x4FF010AB)",
            ])
        }
        if v4 { rows.append(nil) }
        return rows
    }

    private func expected(_ plate: PlateSimulation, _ w: Int, _ j: Int) -> Double {
        switch plate.wells[w].role {
        case .standard(let level): return plate.analytes[j].standard(level)
        case .control(let level): return plate.controlExpected[level - 1][j]
        default: return .nan
        }
    }

    private func comment(_ plate: PlateSimulation, _ w: Int, _ j: Int) -> String {
        let r = plate.results[w][j]
        if case .control(let level) = plate.wells[w].role {
            let e = plate.controlExpected[level - 1][j]
            guard let v = r.number, v >= e * 0.7, v <= e * 1.3 else { return "Control Failed." }
            return ""
        }
        if case .value(_, let extrapolated) = r, extrapolated { return "Extrapolated" }
        return ""
    }
}
