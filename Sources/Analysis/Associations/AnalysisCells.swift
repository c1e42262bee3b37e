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
        // A cell by its three codes: a parameter has a handful of cells, and its rows cycle
        // through them subject by subject, so the previous row's cell is tried first.
        struct Codes: Hashable { var code, basetype, visit: Int32 }
        var cellOfCodes: [Codes: Int] = [:]
        var last: (codes: Codes, cell: Int)?
        for i in 0..<rows.count where rows.isAnalysedInVisit(i) && include(i) {
            let cellCodes = Codes(code: codes[i], basetype: basetypes[i], visit: visits[i])
            if let last, last.codes == cellCodes {
                members[last.cell].append(i)
                continue
            }
            let cell: Int
            if let known = cellOfCodes[cellCodes] {
                cell = known
            } else {
                cell = members.count
                cellOfCodes[cellCodes] = cell
                let key = Key(code: rows.text(.parameterCode, i), basetype: rows.text(.basetype, i), visit: rows.text(.visit, i))
                cellOf[key] = cell
                keys.append(key)
                members.append([])
            }
            members[cell].append(i)
            last = (cellCodes, cell)
        }
    }

    /// The indices of a cell's rows, in row order.
    public subscript(key: Key) -> [Int] { members[cellOf[key]!] }
}
