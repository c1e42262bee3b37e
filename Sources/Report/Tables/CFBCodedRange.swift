import Analysis
import Domain
import Store

/// A derived subject range of cfb.csv with its repeated text fields as codes: for every row and
/// every field the store keeps as a category, the code of its value among this range's own
/// distinct values of that field. Built once on the deriving thread, it writes both outputs:
/// the CSV rows, copying each distinct value's CSV bytes (made once) per row, and the store's
/// slice, codes plus categories, which the store maps onto its table's categories once per
/// value. No field is spelled out as a String per row; retaining and releasing those strings
/// was a third of formatting, and hashing them most of the store's share (docs/performance.md).
struct CFBCodedRange {
    /// What a field is written from.
    enum Source {
        /// A category: index into `codedFields`.
        case coded(Int)
        /// A number; `ratio` (`CFBTable.Field.isRatio`): written by `CSVCursor.ratio`.
        case number(ratio: Bool)
        /// BASE, the same on every row of a subject's parameter but where a second baseline
        /// begins: worked out once per run of equal values, then copied
        /// (`CSVCursor.number(_:repeating:)`).
        case base
        /// Text whose every row may differ (`CFBTable.plainTextColumns`), written as it is:
        /// index into `plainFields`.
        case plain(Int)
        /// SRCREF, unique to each row: from `sources`, the store's fixed-width form of it.
        case reference
    }

    /// The fields kept as categories, in column order.
    static let codedFields = CFBTable.Field.allCases.filter {
        !$0.isNumber && !CFBTable.plainTextColumns.contains($0.rawValue)
    }
    /// The fields written as they are, in column order.
    static let plainFields = CFBTable.Field.allCases.filter {
        !$0.isNumber && $0 != .source && CFBTable.plainTextColumns.contains($0.rawValue)
    }
    /// Per field, in column order, what it is written from.
    static let sources: [Source] = CFBTable.Field.allCases.map { f in
        if f == .base { return .base }
        if f.isNumber { return .number(ratio: f.isRatio) }
        if let j = codedFields.firstIndex(of: f) { return .coded(j) }
        if f == .source { return .reference }
        return .plain(plainFields.firstIndex(of: f)!)
    }

    /// The leading fields, up to AVISIT, that are the same on every row of a subject's
    /// parameter (one run of rows): `csv` copies their bytes from the run's first row.
    static let headFields = CFBTable.Field.allCases.prefix { $0 != .analysisVisit }.count

    let columns: CFBColumns
    let range: Range<Int>
    /// Column-major, as the store takes them: the code of row `range.lowerBound + r`, coded
    /// field `j`, at `j * range.count + r`; −1 for an empty value.
    private(set) var codes: [Int32]
    /// Per coded field, its distinct values in this range, in order of first use (never empty).
    private(set) var categories: [[String]]
    /// The CSV bytes of every category of every field, one after the other: category `c` of
    /// field `j` is entry `firstEntry[j] + c`, bytes `csvBytes[entryStart[e]..<entryStart[e + 1]]`.
    private var csvBytes: [UInt8] = []
    /// The plain fields' texts as NUL-terminated UTF-8, field after field and row after row:
    /// plain field `j` of row `r` starts at `plainStart[j * range.count + r]` and ends with its
    /// NUL before the next text's start. Both outputs write them from these bytes, with no
    /// String per row.
    private var plainBytes: [UInt8] = []
    private var plainStart: [Int] = []
    /// SRCREF as the store keeps it (`AnalysisValueColumns.sourceColumn`): row `r`'s reference
    /// at `r × sourceWidth`, NUL-padded, `sourceCounts[r]` bytes; written to cfb.csv from here
    /// and handed to the store as it is. Never a String.
    private var sourceBytes: [UInt8] = []
    private var sourceWidth = 1
    private var sourceCounts: [Int32] = []
    private var entryStart: [Int] = [0]
    private var firstEntry: [Int] = []

    init(_ c: CFBColumns, _ range: Range<Int>) {
        columns = c
        self.range = range
        let width = Self.codedFields.count, n = range.count
        precondition(
            Self.sources.prefix(Self.headFields).allSatisfy { if case .coded(let j) = $0 { j < Self.headFields } else { false } },
            "the head fields are the first coded fields")
        var codes = [Int32](repeating: -1, count: n * width)
        func slot(_ f: CFBTable.Field) -> Int { Self.codedFields.firstIndex(of: f)! }
        // Every field is a code already (the derivation's, the values'): each code's text is
        // looked up in its book once per range, not once per row; a field at a time, each a
        // loop over the rows with no state shared between fields (mutable state captured by
        // helpers was checked for exclusive access at run time, twice per field and row).
        let v = c.values
        var books = [Book](repeating: Book(), count: width), coded = [Bool](repeating: false, count: width)
        codes.withUnsafeMutableBufferPointer { codes in
            c.input.withUnsafeBufferPointer { input in
                c.subjectCode.withUnsafeBufferPointer { subjectOf in
                    /// Field `j`'s codes: each row's code in its source (negative: empty)…
                    func code(_ j: Int, sources: Int, _ source: (Int) -> Int, _ text: (_ source: Int, _ row: Int) -> String) {
                        Self.code(range, into: codes.baseAddress! + j * n, book: &books[j], sources: sources, source, text)
                        coded[j] = true
                    }
                    /// …or the code of the row's value of field `f` among the values'.
                    func codeValue(_ j: Int, _ f: AnalysisValueColumns.Field) {
                        let texts = v.texts[f.rawValue]
                        v.codes[f.rawValue].withUnsafeBufferPointer { valueCode in
                            code(j, sources: texts.count, { Int(valueCode[Int(input[$0])]) }, { s, _ in texts[s] })
                        }
                    }
                    code(slot(.studyID), sources: 1, { _ in 0 }, { _, _ in c.studyID })
                    code(slot(.subject), sources: c.subjects.count, { Int(subjectOf[Int(input[$0])]) }, { s, _ in c.subjects[s] })
                    // One arm per subject.
                    code(slot(.arm), sources: c.subjects.count, { Int(subjectOf[Int(input[$0])]) }, { _, k in c.arm[Int(input[k])] })
                    codeValue(slot(.parameterCategory), .category)
                    c.parameterCode.withUnsafeBufferPointer { parameterOf in
                        code(slot(.parameterCode), sources: c.codes.count, { Int(parameterOf[Int(input[$0])]) }, { p, _ in c.codes[p] })
                    }
                    codeValue(slot(.parameter), .parameter)
                    c.visit.withUnsafeBufferPointer { visit in
                        code(slot(.analysisVisit), sources: c.visits.count, { Int(visit[$0]) }, { w, _ in c.visits[w].name })
                    }
                    c.basetype.withUnsafeBufferPointer { basetype in
                        code(slot(.basetype), sources: c.basetypes.count, { Int(basetype[$0]) }, { b, _ in c.basetypes[b] })
                    }
                    c.baselineFlag.withUnsafeBufferPointer { flag in
                        code(slot(.baselineFlag), sources: 1, { flag[$0] ? 0 : -1 }, { _, _ in "Y" })
                    }
                    c.analysisFlag.withUnsafeBufferPointer { flag in
                        code(slot(.analysisFlag), sources: 1, { flag[$0] ? 0 : -1 }, { _, _ in "Y" })
                    }
                    codeValue(slot(.collectedVisit), .visit)
                    codeValue(slot(.date), .date)
                    codeValue(slot(.unit), .unit)
                    codeValue(slot(.qualifier), .qualifier)
                    // BASEC, empty on most rows: the baseline's AVALC code (a String and a
                    // hash per row when it was looked up as text).
                    let valueTexts = v.texts[AnalysisValueColumns.Field.valueText.rawValue]
                    code(slot(.baseText), sources: valueTexts.count, { c.baseTextSource($0) }, { s, _ in valueTexts[s] })
                }
            }
        }
        precondition(!coded.contains(false), "a coded cfb field is not coded above")
        plainBytes.reserveCapacity(range.count * 4)
        plainStart.reserveCapacity(Self.plainFields.count * range.count + 1)
        // AVALC's distinct texts (mostly the empty one) as UTF-8 once each, by their code.
        let valueTexts = v.texts[AnalysisValueColumns.Field.valueText.rawValue]
        var valueTextBytes: [UInt8] = [], valueTextRange = [Range<Int>?](repeating: nil, count: valueTexts.count)
        for f in Self.plainFields {
            for k in range {
                plainStart.append(plainBytes.count)
                switch f {
                case .valueText:
                    let code = Int(v.code(.valueText, Int(c.input[k])))
                    if valueTextRange[code] == nil {
                        let start = valueTextBytes.count
                        valueTextBytes += valueTexts[code].utf8
                        valueTextRange[code] = start..<valueTextBytes.count
                    }
                    if let bytes = valueTextRange[code], !bytes.isEmpty { plainBytes += valueTextBytes[bytes] }
                default:
                    // Most such texts are empty (NOTE): nothing to append then.
                    let text = c.text(f, k)
                    if !text.isEmpty { plainBytes += text.utf8 }
                }
                plainBytes.append(0)
            }
        }
        plainStart.append(plainBytes.count)
        plainBytes += repeatElement(0, count: CSVCursor.overread)
        // The width is the report's longest reference, the same for every range; should a row
        // be longer (that bound would be wrong), the column comes wider and the store refuses
        // it rather than cut the text.
        (sourceBytes, sourceWidth, sourceCounts) = v.sourceColumn(rows: c.input[range], minimumWidth: c.longestSourceReference)
        self.codes = codes
        categories = books.map(\.categories)
        for book in books {
            firstEntry.append(entryStart.count - 1)
            for text in book.categories {
                var field = CSVBuffer()
                field.text(text)
                csvBytes += field.bytes
                entryStart.append(csvBytes.count)
            }
        }
        // Room for `CSVCursor.field(paddedFrom:count:)` to read past the last entry.
        csvBytes += repeatElement(0, count: CSVCursor.overread)
    }

    /// The rows as CSV records (no header): the bytes `CFBTable.csv` writes for them, a block of
    /// rows at a time into room bounded by the longest value of each coded field. The head
    /// fields (STUDYID to PARAM) of a row whose head codes are the previous row's are its bytes
    /// again, copied in one piece: that is most rows, a subject's parameter being a run of
    /// visits. Each block's codes and numbers are first gathered row by row (`Block`): read in
    /// the row loop straight from their columns, they were some thirty streams of loads a row,
    /// most of this loop's time waiting on memory.
    func csv(into out: inout CSVBuffer) {
        let width = Self.codedFields.count, head = Self.headFields
        let fields = CFBTable.Field.allCases
        // What each field after the head is written from, read without bounds checks per field.
        let tail = Array(Self.sources.dropFirst(head))
        var longest = [Int](repeating: 0, count: width)
        for j in 0..<width {
            for e in firstEntry[j]..<(j + 1 < width ? firstEntry[j + 1] : entryStart.count - 1) {
                longest[j] = max(longest[j], entryStart[e + 1] - entryStart[e])
            }
        }
        // Per row: each coded field at its longest with its separator, each number
        // (`numberBound` counts its separator), the CRLF; the plain texts are added per row.
        let fixed = longest.reduce(width, +) + fields.filter(\.isNumber).count * CSVCursor.numberBound + 2
        var gathered = Block(rows: Self.blockRows)
        var block = range.lowerBound
        while block < range.upperBound {
            let rows = block..<min(range.upperBound, block + Self.blockRows)
            var room = fixed * rows.count
            for k in rows {
                for j in Self.plainFields.indices { room += CSVCursor.textBound(plainText(j, k).count) }
                room += CSVCursor.textBound(Int(sourceCounts[k - range.lowerBound]))
            }
            gather(rows, into: &gathered)
            csvBytes.withUnsafeBufferPointer { bytes in
                plainBytes.withUnsafeBufferPointer { plain in
                    sourceBytes.withUnsafeBufferPointer { references in
                        gathered.codes.withUnsafeBufferPointer { codes in
                            gathered.numbers.withUnsafeBufferPointer { numbers in
                                out.append(atMost: room) { outer in
                                    // A copy the compiler keeps in registers (see `CSVCursor.fractional`).
                                    var cursor = outer
                                    defer { outer = cursor }
                                    // The last head written in this block: where its bytes start, and how many.
                                    var lastHead: (start: UnsafeMutablePointer<UInt8>, count: Int)?
                                    // The last BASE written in this block.
                                    var lastBase: CSVCursor.WrittenNumber?
                                    var number = 0
                                    for (r, k) in rows.enumerated() {
                                        let rowCodes = codes.baseAddress! + r * width
                                        if let last = lastHead, (0..<head).allSatisfy({ rowCodes[$0] == rowCodes[$0 - width] }) {
                                            cursor.recordStart(copying: last.start, count: last.count)
                                        } else {
                                            let start = cursor.position
                                            for j in 0..<head { coded(j, rowCodes[j], bytes, &cursor) }
                                            lastHead = (start, cursor.position - start)
                                        }
                                        for source in tail {
                                            switch source {
                                            case .coded(let j): coded(j, rowCodes[j], bytes, &cursor)
                                            case .number(let ratio):
                                                if ratio { cursor.ratio(numbers[number]) } else { cursor.number(numbers[number]) }
                                                number += 1
                                            case .base:
                                                cursor.number(numbers[number], repeating: &lastBase)
                                                number += 1
                                            case .plain(let j):
                                                let text = plainText(j, k)
                                                cursor.text(paddedFrom: plain.baseAddress! + text.lowerBound, count: text.count)
                                            case .reference:
                                                let row = k - range.lowerBound, count = Int(sourceCounts[row])
                                                let at = references.baseAddress! + row * sourceWidth
                                                // Read past its end only where the column goes on that far.
                                                if row * sourceWidth + count + CSVCursor.overread <= references.count {
                                                    cursor.text(paddedFrom: at, count: count)
                                                } else {
                                                    cursor.text(UnsafeBufferPointer(start: at, count: count))
                                                }
                                            }
                                        }
                                        cursor.endRecord()
                                    }
                                }
                            }
                        }
                    }
                }
            }
            block = rows.upperBound
        }
    }

    /// Rows `rows`' codes of one coded field into `out` (left as it is, −1, where `source` is
    /// negative): each row's code in its source (below `sources`), mapped to the field's code in
    /// `book` the first time it is met, from `text(source, row)`.
    @inline(__always)
    private static func code(
        _ rows: Range<Int>, into out: UnsafeMutablePointer<Int32>, book: inout Book, sources: Int, _ source: (Int) -> Int,
        _ text: (_ source: Int, _ row: Int) -> String
    ) {
        var map = [Int32](repeating: .min, count: sources)
        map.withUnsafeMutableBufferPointer { map in
            var r = 0
            for k in rows {
                let s = source(k)
                if s >= 0 {
                    if map[s] == .min { map[s] = book.code(for: text(s, k)) }
                    out[r] = map[s]
                }
                r += 1
            }
        }
    }

    /// Rows per block of `csv`: its gathered codes and numbers stay in the nearest cache.
    static let blockRows = 256

    /// A block's codes and numbers row by row: row `r`'s code of coded field `j` at
    /// `r × codedFields.count + j`, its numbers in column order from `r × numberFields`.
    private struct Block {
        var codes: [Int32]
        var numbers: [Double]
        init(rows: Int) {
            codes = [Int32](repeating: 0, count: rows * CFBCodedRange.codedFields.count)
            numbers = [Double](repeating: 0, count: rows * CFBCodedRange.numberFields.count)
        }
    }

    /// The number fields, in column order.
    static let numberFields = CFBTable.Field.allCases.filter(\.isNumber)

    /// Rows `rows` of the codes and numbers into `block`, a column at a time.
    private func gather(_ rows: Range<Int>, into block: inout Block) {
        let width = Self.codedFields.count, n = range.count, first = rows.lowerBound - range.lowerBound
        codes.withUnsafeBufferPointer { codes in
            block.codes.withUnsafeMutableBufferPointer { out in
                for j in 0..<width {
                    let column = codes.baseAddress! + j * n + first
                    for r in 0..<rows.count { out[r * width + j] = column[r] }
                }
            }
        }
        let count = Self.numberFields.count
        block.numbers.withUnsafeMutableBufferPointer { out in
            for (m, f) in Self.numberFields.enumerated() {
                columns.writeNumbers(f, rows, into: out.baseAddress! + m, stride: count)
            }
        }
    }

    /// Coded field `j`'s value of code `code` (−1: empty), from its CSV bytes.
    @inline(__always)
    private func coded(_ j: Int, _ code: Int32, _ bytes: UnsafeBufferPointer<UInt8>, _ cursor: inout CSVCursor) {
        if code < 0 {
            cursor.field(paddedFrom: bytes.baseAddress!, count: 0)
        } else {
            let e = firstEntry[j] + Int(code)
            cursor.field(paddedFrom: bytes.baseAddress! + entryStart[e], count: entryStart[e + 1] - entryStart[e])
        }
    }

    /// The rows as a slice of the store's `cfb` table.
    func storeSlice() -> [(name: String, column: StreamedTableWriter.SliceColumn)] {
        let n = range.count
        return zip(CFBTable.Field.allCases, Self.sources).map { f, source in
            switch source {
            case .coded(let j):
                return (f.rawValue, .coded(codes: codes[j * n..<(j + 1) * n], categories: categories[j]))
            case .number, .base: return (f.rawValue, .numbers(columns.numbers(f, range)))
            case .reference:
                return (f.rawValue, .fixedWidth(bytes: sourceBytes, width: sourceWidth))
            case .plain(let j):
                return (f.rawValue, .utf8(bytes: plainBytes, starts: Array(plainStart[j * n...(j + 1) * n])))
            }
        }
    }

    /// Where plain field `j` of row `k` lies in `plainBytes` (its NUL excluded).
    private func plainText(_ j: Int, _ k: Int) -> Range<Int> {
        let e = j * range.count + (k - range.lowerBound)
        return plainStart[e]..<plainStart[e + 1] - 1
    }

    /// One field's distinct values in the range and the code of each text met.
    private struct Book {
        var lookup = CategoryLookup()
        var categories: [String] = []

        /// −1 for the empty text. The previous value is checked first, as the store's block
        /// encoder does: folding that check into `CategoryLookup.code` slowed the ingest by 3–5 %.
        mutating func code(for text: String) -> Int32 {
            if lookup.isLast(text) { return lookup.lastCode }
            return lookup.code(for: text) { categories.append(text) }
        }
    }
}
