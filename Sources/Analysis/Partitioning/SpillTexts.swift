import FileIO

/// The distinct texts of one field of a dictionary-coded spill batch, in order of first use:
/// rows carry a 4-byte code instead of the text, which is written (and read back, as one
/// shared String) once per batch.
///
/// A caller that already numbers the field's values (a category code, a subject's index) asks
/// by that `key`, with no hashing; other fields are coded by their text, the last one met
/// first, since rows repeat them in runs (`code(text:)`).
struct SpillTexts: Sendable {
    private(set) var texts: [String] = []
    /// The code of each caller key; `Int32.min`: not met yet.
    private var codeOfKey: [Int32] = []
    /// For `code(text:)`: the last text coded, and every text's code.
    private var lastText = "", lastCode: Int32 = -1
    private var codeOfText: [String: Int32] = [:]

    var count: Int { texts.count }

    /// The code of the text the caller knows by `key` (≥ 0, small), nil before `add`.
    @inline(__always)
    func code(key: Int) -> Int32? {
        key < codeOfKey.count && codeOfKey[key] != .min ? codeOfKey[key] : nil
    }

    /// Gives `text`, met for the first time under `key`, its code.
    mutating func add(key: Int, text: String) -> Int32 {
        if key >= codeOfKey.count {
            codeOfKey += [Int32](repeating: .min, count: key + 1 - codeOfKey.count)
        }
        let c = Int32(texts.count)
        texts.append(text)
        codeOfKey[key] = c
        return c
    }

    /// The code of `text` (texts equal as Strings share one code). Comparing with the last
    /// text first is one pointer comparison when rows share a String, as decoded spills do.
    @inline(__always)
    mutating func code(text: String) -> Int32 {
        if lastCode >= 0, text == lastText { return lastCode }
        let c: Int32
        if let known = codeOfText[text] {
            c = known
        } else {
            c = Int32(texts.count)
            texts.append(text)
            codeOfText[text] = c
        }
        lastText = text
        lastCode = c
        return c
    }

    /// The texts as a batch header holds them: their number, then each.
    func write(into w: inout ByteWriter) {
        w.write(Int64(texts.count))
        for s in texts { w.write(s) }
    }

    /// The texts `write(into:)` wrote, indexed by code.
    static func read(from r: inout ByteReader) -> [String] {
        (0..<Int(r.readInt64())).map { _ in r.readString() }
    }
}
