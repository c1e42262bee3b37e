/// Analysed records (ANL01FL, with an analysis visit) grouped by cell, PARAMCD × BASETYPE ×
/// analysis visit, as indices into the records: summaries and association tests work cell by
/// cell, and a parameter of a large cohort is hundreds of thousands of 29-field records
/// (copying one into its cell retained a dozen strings).
public struct AnalysisCells {
    public struct Key: Hashable, Sendable {
        public var code, basetype, visit: String

        @inline(__always)
        func matches(_ r: CFBRecord) -> Bool {
            visit == r.analysisVisit && basetype == r.basetype && code == r.parameterCode
        }
    }

    /// The cells in the order they were first met.
    public private(set) var keys: [Key] = []
    private var cellOf: [Key: Int] = [:]
    private var members: [[Int]] = []

    /// The analysed records among `records` for which `include` holds.
    public init(_ records: [CFBRecord], include: (CFBRecord) -> Bool) {
        // Each record handed to `include` where it lies: through the array's getter it was
        // copied, its twenty-odd strings retained and released, per record and per caller.
        records.withUnsafeBufferPointer { r in
            var last = -1
            for i in r.indices where r[i].analysisFlag && !r[i].analysisVisit.isEmpty && include(r[i]) {
                // A parameter has a handful of cells: its record's cell is found by comparing
                // with the last one and then with each (short texts compare as two words),
                // not by hashing three strings per record. The dictionary is for many cells.
                if last >= 0, keys[last].matches(r[i]) {
                    members[last].append(i)
                    continue
                }
                let key = Key(code: r[i].parameterCode, basetype: r[i].basetype, visit: r[i].analysisVisit)
                let found = keys.count <= Self.scannedCells ? keys.firstIndex(of: key) : cellOf[key]
                if let c = found {
                    members[c].append(i)
                    last = c
                } else {
                    last = members.count
                    cellOf[key] = members.count
                    keys.append(key)
                    members.append([i])
                }
            }
        }
    }

    /// Up to this many cells a record's cell is looked for by comparison, not by hash.
    static let scannedCells = 32

    /// The indices of a cell's records, in record order.
    public subscript(key: Key) -> [Int] { members[cellOf[key]!] }
}
