/// Analysed rows (ANL01FL, with an analysis visit) grouped by cell, PARAMCD × BASETYPE ×
/// analysis visit, as row indices: summaries and association tests work cell by cell. Rows are
/// grouped by their codes, so no text is compared or hashed per row.
public struct AnalysisCells {
    public struct Key: Hashable, Sendable {
        public var code, basetype, visit: String
    }

    /// The cells in the order they were first met.
    public private(set) var keys: [Key] = []
    private var cellOf: [Key: Int] = [:]
    private var members: [[Int]] = []

    /// The analysed rows among `rows` for which `include` holds (asked once per row).
    public init(_ rows: AnalysedRows, include: (Int) -> Bool) {
        let codes = rows.column(.parameterCode), basetypes = rows.column(.basetype), visits = rows.column(.visit)
        // A cell by its three codes, found in a table indexed by them (codes are small and
        // dense): a parameter's rows cycle through its cells subject by subject, and hashing
        // the codes per row was a twentieth of step 4.
        let basetypeCount = rows.distinctCount(.basetype), visitCount = rows.distinctCount(.visit)
        var cellOfCodes = [Int32](repeating: -1, count: rows.distinctCount(.parameterCode) * basetypeCount * visitCount)
        for i in 0..<rows.count where rows.isAnalysedInVisit(i) && include(i) {
            let slot = (Int(codes[i]) * basetypeCount + Int(basetypes[i])) * visitCount + Int(visits[i])
            if cellOfCodes[slot] < 0 {
                cellOfCodes[slot] = Int32(members.count)
                let key = Key(code: rows.text(.parameterCode, i), basetype: rows.text(.basetype, i), visit: rows.text(.visit, i))
                cellOf[key] = members.count
                keys.append(key)
                members.append([])
            }
            members[Int(cellOfCodes[slot])].append(i)
        }
    }

    /// The indices of a cell's rows, in row order.
    public subscript(key: Key) -> [Int] { members[cellOf[key]!] }
}
