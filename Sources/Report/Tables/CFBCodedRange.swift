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
        case number
        /// Text whose every row may differ (`CFBTable.plainTextColumns`), written as it is:
        /// index into `plainFields`.
        case plain(Int)
    }

    /// The fields kept as categories, in column order.
    static let codedFields = CFBTable.Field.allCases.filter {
        !$0.isNumber && !CFBTable.plainTextColumns.contains($0.rawValue)
    }
    /// The fields written as they are, in column order.
    static let plainFields = CFBTable.Field.allCases.filter {
        !$0.isNumber && CFBTable.plainTextColumns.contains($0.rawValue)
    }
    /// Per field, in column order, what it is written from.
    static let sources: [Source] = CFBTable.Field.allCases.map { f in
        if f.isNumber { return .number }
        if let j = codedFields.firstIndex(of: f) { return .coded(j) }
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
    /// String per row (SRCREF, unique to each row, is never made a String at all).
    private var plainBytes: [UInt8] = []
    private var plainStart: [Int] = []
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
        var books = [Book](repeating: Book(), count: width)
        func slot(_ f: CFBTable.Field) -> Int { Self.codedFields.firstIndex(of: f)! }
        let study = slot(.studyID), subject = slot(.subject), arm = slot(.arm), category = slot(.parameterCategory)
        let code = slot(.parameterCode), parameter = slot(.parameter), visit = slot(.analysisVisit)
        let basetype = slot(.basetype), baseline = slot(.baselineFlag), analysed = slot(.analysisFlag)
        let collected = slot(.collectedVisit), date = slot(.date), unit = slot(.unit), qualifier = slot(.qualifier)
        let baseText = slot(.baseText)
        precondition(
            Set([
                study, subject, arm, category, code, parameter, visit, basetype, baseline, analysed,
                collected, date, unit, qualifier, baseText,
            ]).count == width, "a coded cfb field is not coded below")
        // Every field is a code already (the derivation's, the values'): each code's text is
        // looked up in its book once per range, not once per row.
        var subjects = [Int32](repeating: .min, count: c.subjects.count), arms = subjects
        var parameterCodes = [Int32](repeating: .min, count: c.codes.count)
        var visits = [Int32](repeating: .min, count: c.visits.count)
        var basetypes = [Int32](repeating: .min, count: c.basetypes.count)
        let v = c.values
        func perCode(_ f: AnalysisValueColumns.Field) -> [Int32] {
            [Int32](repeating: .min, count: v.texts[f.rawValue].count)
        }
        var categoryCodes = perCode(.category), parameters = perCode(.parameter), collectedVisits = perCode(.visit)
        var dates = perCode(.date), units = perCode(.unit), qualifiers = perCode(.qualifier)
        func once(_ map: inout [Int32], _ i: Int, _ j: Int, _ text: @autoclosure () -> String) -> Int32 {
            if map[i] == .min { map[i] = books[j].code(for: text()) }
            return map[i]
        }
        func onceByValue(_ map: inout [Int32], _ f: AnalysisValueColumns.Field, _ i: Int, _ j: Int) -> Int32 {
            let valueCode = Int(v.code(f, i))
            if map[valueCode] == .min { map[valueCode] = books[j].code(for: v.texts[f.rawValue][valueCode]) }
            return map[valueCode]
        }
        let studyCode = books[study].code(for: c.studyID)
        var yes = (baseline: Int32.min, analysed: Int32.min)
        codes.withUnsafeMutableBufferPointer { codes in
            for k in range {
                let row = k - range.lowerBound
                let i = Int(c.input[k]), s = Int(c.subjectCode[i]), p = Int(c.parameterCode[i])
                codes[study * n + row] = studyCode
                codes[subject * n + row] = once(&subjects, s, subject, c.subjects[s])
                codes[arm * n + row] = once(&arms, s, arm, c.arm[i]) // one arm per subject
                codes[category * n + row] = onceByValue(&categoryCodes, .category, i, category)
                codes[code * n + row] = once(&parameterCodes, p, code, c.codes[p])
                codes[parameter * n + row] = onceByValue(&parameters, .parameter, i, parameter)
                let w = Int(c.visit[k])
                codes[visit * n + row] = w >= 0 ? once(&visits, w, visit, c.visits[w].name) : -1
                codes[basetype * n + row] = once(&basetypes, Int(c.basetype[k]), basetype, c.basetypes[Int(c.basetype[k])])
                if c.baselineFlag[k] {
                    if yes.baseline == .min { yes.baseline = books[baseline].code(for: "Y") }
                    codes[baseline * n + row] = yes.baseline
                }
                if c.analysisFlag[k] {
                    if yes.analysed == .min { yes.analysed = books[analysed].code(for: "Y") }
                    codes[analysed * n + row] = yes.analysed
                }
                codes[collected * n + row] = onceByValue(&collectedVisits, .visit, i, collected)
                codes[date * n + row] = onceByValue(&dates, .date, i, date)
                codes[unit * n + row] = onceByValue(&units, .unit, i, unit)
                codes[qualifier * n + row] = onceByValue(&qualifiers, .qualifier, i, qualifier)
                codes[baseText * n + row] = books[baseText].code(for: c.baseText(k))
            }
        }
        plainBytes.reserveCapacity(range.count * 48)
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
                default: c.appendText(f, k, to: &plainBytes)
                }
                plainBytes.append(0)
            }
        }
        plainStart.append(plainBytes.count)
        plainBytes += repeatElement(0, count: CSVCursor.overread)
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
            }
            gather(rows, into: &gathered)
            csvBytes.withUnsafeBufferPointer { bytes in
                plainBytes.withUnsafeBufferPointer { plain in
                    gathered.codes.withUnsafeBufferPointer { codes in
                        gathered.numbers.withUnsafeBufferPointer { numbers in
                            out.append(atMost: room) { cursor in
                                // The last head written in this block: where its bytes start, and how many.
                                var lastHead: (start: UnsafeMutablePointer<UInt8>, count: Int)?
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
                                        case .number:
                                            cursor.number(numbers[number])
                                            number += 1
                                        case .plain(let j):
                                            let text = plainText(j, k)
                                            cursor.text(paddedFrom: plain.baseAddress! + text.lowerBound, count: text.count)
                                        }
                                    }
                                    cursor.endRecord()
                                }
                            }
                        }
                    }
                }
            }
            block = rows.upperBound
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
            case .number: return (f.rawValue, .numbers(columns.numbers(f, range)))
            case .plain(let j) where f == .source:
                return (f.rawValue, fixedWidthSlice(j))
            case .plain(let j):
                return (f.rawValue, .utf8(bytes: plainBytes, starts: Array(plainStart[j * n...(j + 1) * n])))
            }
        }
    }

    /// Plain field `j` (SRCREF) as the store's fixed-width column: each row NUL-padded to the
    /// report's longest reference (`CFBColumns.longestSourceReference`), laid out here on the
    /// deriving thread rather than by the store's writer thread, the report's busiest. Should a row be longer
    /// (that bound would be wrong), the slice comes wider and the store refuses it rather than
    /// cut the text.
    private func fixedWidthSlice(_ j: Int) -> StreamedTableWriter.SliceColumn {
        let n = range.count
        let longest = (0..<n).reduce(0) { max($0, plainStart[j * n + $1 + 1] - 1 - plainStart[j * n + $1]) }
        let width = max(1, columns.longestSourceReference, longest)
        var bytes = [UInt8](repeating: 0, count: n * width)
        bytes.withUnsafeMutableBufferPointer { out in
            plainBytes.withUnsafeBufferPointer { plain in
                for r in 0..<n {
                    let text = plainStart[j * n + r]..<plainStart[j * n + r + 1] - 1
                    (out.baseAddress! + r * width).update(from: plain.baseAddress! + text.lowerBound, count: text.count)
                }
            }
        }
        return .fixedWidth(bytes: bytes, width: width)
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
