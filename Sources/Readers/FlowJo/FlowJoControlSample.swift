/// Recognises staining and compensation controls by their sample name: fluorescence-minus-one
/// (`FMO_CD25`), isotype, unstained, compensation tubes and beads. Their values are kept (QC and
/// gating review need them) but flagged `control`, so analysis never mistakes them for a subject.
///
/// Matching is by whole word (split at anything but letters and digits), so `Comp_PE.fcs` is a
/// control but `Compartment_3.fcs` is not. "control" alone is not a marker: a healthy-donor
/// sample named "Control_07" is data.
enum FlowJoControlSample {
    static let words: Set<String> = [
        "fmo", "isotype", "iso", "isoctrl", "unstained", "unstain", "unst", "compensation", "comp",
        "comps", "compbeads", "beads", "bead", "ultracomp",
    ]

    static func isControl(_ name: String) -> Bool {
        // Every sample row asks; an ASCII name (nearly all of them) is split by bytes, which
        // gives the same words as walking its characters.
        if name.utf8.allSatisfy({ $0 < 0x80 }) { return isASCIIControl(name) }
        var word = ""
        for ch in name.lowercased() {
            if ch.isLetter || ch.isNumber {
                word.append(ch)
            } else {
                if matches(word) { return true }
                word = ""
            }
        }
        return matches(word)
    }

    private static func isASCIIControl(_ name: String) -> Bool {
        var word: [UInt8] = []
        func matchesWord() -> Bool { matches(String(decoding: word, as: UTF8.self)) }
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): word.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte + 32)
            default:
                if matchesWord() { return true }
                word.removeAll(keepingCapacity: true)
            }
        }
        return matchesWord()
    }

    private static func matches(_ word: String) -> Bool {
        if word.isEmpty { return false }
        if words.contains(word) { return true }
        // `FMOCD25`, `FMO1`: FMO followed by the omitted marker.
        return word.hasPrefix("fmo") && word.count <= 12
    }
}
