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

    let columns: CFBColumns
    let range: Range<Int>
    /// Row-major: the code of row `range.lowerBound + r`, coded field `j`, at
    /// `r * codedFields.count + j`; −1 for an empty value.
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
        let width = Self.codedFields.count
        var codes = [Int32](repeating: -1, count: range.count * width)
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
                let row = (k - range.lowerBound) * width
                let i = Int(c.input[k]), s = Int(c.subjectCode[i]), p = Int(c.parameterCode[i])
                codes[row + study] = studyCode
                codes[row + subject] = once(&subjects, s, subject, c.subjects[s])
                codes[row + arm] = once(&arms, s, arm, c.arm[i]) // one arm per subject
                codes[row + category] = onceByValue(&categoryCodes, .category, i, category)
                codes[row + code] = once(&parameterCodes, p, code, c.codes[p])
                codes[row + parameter] = onceByValue(&parameters, .parameter, i, parameter)
                let w = Int(c.visit[k])
                codes[row + visit] = w >= 0 ? once(&visits, w, visit, c.visits[w].name) : -1
                codes[row + basetype] = once(&basetypes, Int(c.basetype[k]), basetype, c.basetypes[Int(c.basetype[k])])
                if c.baselineFlag[k] {
                    if yes.baseline == .min { yes.baseline = books[baseline].code(for: "Y") }
                    codes[row + baseline] = yes.baseline
                }
                if c.analysisFlag[k] {
                    if yes.analysed == .min { yes.analysed = books[analysed].code(for: "Y") }
                    codes[row + analysed] = yes.analysed
                }
                codes[row + collected] = onceByValue(&collectedVisits, .visit, i, collected)
                codes[row + date] = onceByValue(&dates, .date, i, date)
                codes[row + unit] = onceByValue(&units, .unit, i, unit)
                codes[row + qualifier] = onceByValue(&qualifiers, .qualifier, i, qualifier)
                codes[row + baseText] = books[baseText].code(for: c.baseText(k))
            }
        }
        plainBytes.reserveCapacity(range.count * 48)
        plainStart.reserveCapacity(Self.plainFields.count * range.count + 1)
        for f in Self.plainFields {
            for k in range {
                plainStart.append(plainBytes.count)
                c.appendText(f, k, to: &plainBytes)
                plainBytes.append(0)
            }
        }
        plainStart.append(plainBytes.count)
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
    }

    /// The rows as CSV records (no header): the bytes `CFBTable.csv` writes for them, a block of
    /// rows at a time into room bounded by the longest value of each coded field.
    func csv(into out: inout CSVBuffer) {
        let width = Self.codedFields.count, fields = CFBTable.Field.allCases, sources = Self.sources
        let c = columns
        var longest = [Int](repeating: 0, count: width)
        for j in 0..<width {
            for e in firstEntry[j]..<(j + 1 < width ? firstEntry[j + 1] : entryStart.count - 1) {
                longest[j] = max(longest[j], entryStart[e + 1] - entryStart[e])
            }
        }
        // Per row: each coded field at its longest with its separator, each number
        // (`numberBound` counts its separator), the CRLF; the plain texts are added per row.
        let fixed = longest.reduce(width, +) + fields.filter(\.isNumber).count * CSVCursor.numberBound + 2
        var block = range.lowerBound
        while block < range.upperBound {
            let rows = block..<min(range.upperBound, block + 256)
            var room = fixed * rows.count
            for k in rows {
                for j in Self.plainFields.indices { room += CSVCursor.textBound(plainText(j, k).count) }
            }
            csvBytes.withUnsafeBufferPointer { bytes in
                plainBytes.withUnsafeBufferPointer { plain in
                    codes.withUnsafeBufferPointer { codes in
                        out.append(atMost: room) { cursor in
                            for k in rows {
                                let row = (k - range.lowerBound) * width
                                for (f, source) in zip(fields, sources) {
                                    switch source {
                                    case .coded(let j):
                                        let code = codes[row + j]
                                        if code < 0 {
                                            cursor.field(UnsafeBufferPointer(start: nil, count: 0))
                                        } else {
                                            let e = firstEntry[j] + Int(code)
                                            cursor.field(UnsafeBufferPointer(rebasing: bytes[entryStart[e]..<entryStart[e + 1]]))
                                        }
                                    case .number: cursor.number(c.number(f, k))
                                    case .plain(let j): cursor.text(UnsafeBufferPointer(rebasing: plain[plainText(j, k)]))
                                    }
                                }
                                cursor.endRecord()
                            }
                        }
                    }
                }
            }
            block = rows.upperBound
        }
    }

    /// The rows as a slice of the store's `cfb` table.
    func storeSlice() -> [(name: String, column: StreamedTableWriter.SliceColumn)] {
        let width = Self.codedFields.count
        return zip(CFBTable.Field.allCases, Self.sources).map { f, source in
            switch source {
            case .coded(let j):
                let column = (0..<range.count).map { codes[$0 * width + j] }
                return (f.rawValue, .coded(codes: column, categories: categories[j]))
            case .number: return (f.rawValue, .numbers(range.map { columns.number(f, $0) }))
            case .plain(let j) where f == .source:
                return (f.rawValue, fixedWidthSlice(j))
            case .plain(let j):
                let n = range.count
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
