/// The gate tree of the Treg/Tfh panel as FlowJo names it, matching the panel definition
/// `pipelines/panels/treg-tfh-flowjo.yaml`: Lymphocytes → Single Cells → Live → CD3+ → CD4+ →
/// CD25+FoxP3+ (→ CD45RA+/−), NOT CD25+FoxP3+, CXCR5+PD-1+ Tfh (→ CXCR3/CCR6 quadrants),
/// CXCR5+FoxP3+ Tfr, CD45RA− memory (→ quadrants); CD8+; CD19+ B and CD3−CD56+ NK from Live.
///
/// FlowJo 10 names quadrants `Q1: x- , y+` … counter-clockwise from the upper left, with x =
/// CXCR3 and y = CCR6 here: Q1 CXCR3−CCR6+ (Th17-like), Q2 CXCR3+CCR6+ (Th1/17), Q3 CXCR3+CCR6−
/// (Th1-like), Q4 CXCR3−CCR6− (Th2-like).
enum TregTfhGates {
    static let lymphocytes = "Lymphocytes"
    static let singleCells = "Lymphocytes/Single Cells"
    static let live = "Lymphocytes/Single Cells/Live"
    static let cd3 = live + "/CD3+"
    static let cd4 = cd3 + "/CD4+"
    static let cd8 = cd3 + "/CD8+"
    static let treg = cd4 + "/CD25+FoxP3+"
    static let tregNaive = treg + "/CD45RA+"
    static let tregMemory = treg + "/CD45RA-"
    static let teff = cd4 + "/NOT CD25+FoxP3+"
    static let tfh = cd4 + "/CXCR5+PD-1+"
    static let tfr = cd4 + "/CXCR5+FoxP3+"
    static let memory = cd4 + "/CD45RA-"
    static let b = live + "/CD19+"
    static let nk = live + "/CD3-CD56+"

    static let quadrantNames = ["Q1: CXCR3- , CCR6+", "Q2: CXCR3+ , CCR6+", "Q3: CXCR3+ , CCR6-", "Q4: CXCR3- , CCR6-"]
    static var tfhQuadrants: [String] { quadrantNames.map { tfh + "/" + $0 } }
    static var memoryQuadrants: [String] { quadrantNames.map { memory + "/" + $0 } }

    static let cd25Channel = "Comp-PE-A :: CD25"
    static let foxp3Channel = "Comp-Alexa Fluor 647-A :: FoxP3"

    /// A column of the table export.
    enum Column {
        case count(String)
        case freqOfParent(String)
        case median(String, channel: String)

        var header: String {
            switch self {
            case .count(let p): return "\(p) | Count"
            case .freqOfParent(let p): return "\(p) | Freq. of Parent"
            case .median(let p, let channel): return "\(p) | Median (\(channel))"
            }
        }
    }

    /// The columns of the lab's saved table-editor layout, in order.
    static let columns: [Column] = {
        var c: [Column] = [
            .count(lymphocytes), .count(singleCells), .count(live), .freqOfParent(live),
            .count(cd3), .freqOfParent(cd3), .count(cd4), .freqOfParent(cd4),
            .count(cd8), .freqOfParent(cd8),
            .count(treg), .freqOfParent(treg), .count(tregNaive), .freqOfParent(tregNaive),
            .count(tregMemory), .count(teff),
            .count(tfh), .freqOfParent(tfh),
        ]
        c += tfhQuadrants.map { .count($0) }
        c += [.count(tfr), .freqOfParent(tfr), .count(memory), .freqOfParent(memory)]
        c += memoryQuadrants.map { .count($0) }
        c += [
            .count(b), .freqOfParent(b), .count(nk), .freqOfParent(nk),
            .median(treg, channel: cd25Channel), .median(treg, channel: foxp3Channel),
        ]
        return c
    }()

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}
