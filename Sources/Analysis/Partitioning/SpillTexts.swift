import FileIO

/// The distinct texts of one field of a dictionary-coded spill batch, in order of first use:
/// rows carry a code instead of the text, which is written (and read back, as one
/// shared String) once per batch.
///
/// Callers number the field's values already (a category code, a subject's index, a code of
/// the range's value columns) and ask by that `key`, with no hashing.
struct SpillTexts: Sendable {
    private(set) var texts: [String] = []
    /// The code of each caller key; `Int32.min`: not met yet.
    private var codeOfKey: [Int32] = []

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
