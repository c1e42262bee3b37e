/// Analysed records (ANL01FL, with an analysis visit) grouped by cell, PARAMCD × BASETYPE ×
/// analysis visit, as indices into the records: summaries and association tests work cell by
/// cell, and a parameter of a large cohort is hundreds of thousands of 29-field records
/// (copying one into its cell retained a dozen strings).
public struct AnalysisCells {
    public struct Key: Hashable, Sendable {
        public var code, basetype, visit: String
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
            for i in r.indices where r[i].analysisFlag && !r[i].analysisVisit.isEmpty && include(r[i]) {
                let key = Key(code: r[i].parameterCode, basetype: r[i].basetype, visit: r[i].analysisVisit)
                if let c = cellOf[key] {
                    members[c].append(i)
                } else {
                    cellOf[key] = members.count
                    keys.append(key)
                    members.append([i])
                }
            }
        }
    }

    /// The indices of a cell's records, in record order.
    public subscript(key: Key) -> [Int] { members[cellOf[key]!] }
}
