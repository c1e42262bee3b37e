/// A 96-well plate as the lab lays it out and xPONENT acquires it (column by column, A1, B1 …
/// H1, A2 …): background and Standards 1–7 in duplicate down columns 1–2, the two kit
/// controls in duplicate at the top of columns 3–4, then unknowns in side-by-side duplicates.
struct LuminexPlateLayout {
    struct Well: Sendable {
        var row: Int // 0 = A
        var column: Int // 1-based
        var sample: String
        var role: Role
        var name: String { "\(["A", "B", "C", "D", "E", "F", "G", "H"][row])\(column)" }
    }

    enum Role: Sendable, Equatable {
        case background
        case standard(Int)
        case control(Int)
        case unknown

        /// Unknowns and kit controls are diluted like serum; standards are made up at their
        /// stated concentration.
        var isDiluted: Bool {
            switch self {
            case .unknown, .control: return true
            case .background, .standard: return false
            }
        }
    }

    /// Unknown samples a plate holds in duplicate.
    static let capacity = 38

    /// Wells in acquisition order.
    static func wells(unknowns: [String]) -> [Well] {
        precondition(unknowns.count <= capacity)
        var grid: [Int: [Int: (String, Role)]] = [:] // column → row → content
        func put(_ column: Int, _ row: Int, _ sample: String, _ role: Role) { grid[column, default: [:]][row] = (sample, role) }
        for col in 1...2 {
            put(col, 0, "Background0", .background)
            for level in 1...7 { put(col, level, "Standard\(level)", .standard(level)) }
        }
        for col in 3...4 {
            put(col, 0, "Control1", .control(1))
            put(col, 1, "Control2", .control(2))
        }
        // Unknown slots: pairs of columns (3,4), (5,6) … , rows top to bottom.
        var slots: [(Int, Int)] = []
        for pair in stride(from: 3, through: 11, by: 2) {
            for row in (pair == 3 ? 2 : 0)...7 { slots.append((pair, row)) }
        }
        for (i, sample) in unknowns.enumerated() {
            let (col, row) = slots[i]
            put(col, row, sample, .unknown)
            put(col + 1, row, sample, .unknown)
        }
        var out: [Well] = []
        for col in grid.keys.sorted() {
            for row in grid[col]!.keys.sorted() {
                let (s, r) = grid[col]![row]!
                out.append(Well(row: row, column: col, sample: s, role: r))
            }
        }
        return out
    }
}
