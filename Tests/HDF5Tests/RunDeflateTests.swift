import CHDF5
import Testing

/// `ip_deflate_runs` and `ip_deflate_matches`, the store's encoders of literals and runs and of
/// literals and matches, write their own Huffman blocks: every stream must inflate (zlib's
/// `uncompress`, as h5py and HDF5 run it) to exactly the input, whatever the input, the plane
/// length and the room; runs must compress measured values as well as zlib's run-length strategy
/// did, and matches codes and texts as well as zlib's fastest level.
@Suite("Deflate of runs and of matches")
struct RunDeflateTests {
    /// The stream of `input` in `capacity` bytes of room (`segment` per block), by runs or by
    /// matches, nil when it does not fit. The bytes past the room must stay untouched.
    static func stream(_ input: [UInt8], segment: Int, capacity: Int, matches: Bool = false) -> [UInt8]? {
        let guardBytes = 64
        var out = [UInt8](repeating: 0xA5, count: capacity + guardBytes)
        var n = capacity
        let r = input.withUnsafeBytes { i in
            out.withUnsafeMutableBytes { o in
                matches
                    ? ip_deflate_matches(i.baseAddress, i.count, o.baseAddress, &n, segment)
                    : ip_deflate_runs(i.baseAddress, i.count, o.baseAddress, &n, segment)
            }
        }
        #expect(out[capacity...].allSatisfy { $0 == 0xA5 }, "\(input.count) bytes, room \(capacity): written past the room")
        guard r == Z_OK else {
            #expect(r == Z_BUF_ERROR, "\(input.count) bytes: \(r)")
            return nil
        }
        #expect(n <= capacity)
        return Array(out[0..<n])
    }

    /// zlib's inflate of `stream`, which must be exactly `count` bytes.
    static func inflated(_ stream: [UInt8], count: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: count + 1)
        var length = uLongf(out.count)
        let r = out.withUnsafeMutableBufferPointer { o in
            stream.withUnsafeBufferPointer { s in uncompress(o.baseAddress, &length, s.baseAddress, uLong(s.count)) }
        }
        return r == Z_OK ? Array(out[0..<Int(length)]) : nil
    }

    static func seeded(_ seed: UInt64) -> () -> UInt64 {
        var state = seed
        return {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
    }

    /// Runs of every length around the longest match (258), noise, few values, long constant
    /// stretches, mixed; lengths around the stored block's limit (65,535).
    static func inputs() -> [[UInt8]] {
        let next = seeded(0x2545_F491_4F6C_DD1D)
        var out: [[UInt8]] = [[], [0], [9, 9], [1, 1, 1], Array(repeating: 3, count: 65_535), Array(repeating: 3, count: 65_536)]
        out.append((0..<300).flatMap { length in [UInt8](repeating: UInt8(length % 256), count: length) })
        for length in [1, 2, 15, 16, 17, 258, 259, 1_000, 65_535, 65_536, 70_001] {
            out.append((0..<length).map { _ in UInt8(truncatingIfNeeded: next()) })
        }
        out.append((0..<50_000).map { _ in UInt8(next() % 3) })
        out.append((0..<60_000).map { _ in next() % 64 == 0 ? UInt8(truncatingIfNeeded: next()) : 0 })
        var mixed: [UInt8] = []
        while mixed.count < 100_000 {
            let run = Int(next() % 400) + 1, value = UInt8(truncatingIfNeeded: next())
            mixed += [UInt8](repeating: value, count: next() % 2 == 0 ? run : 1)
        }
        out.append(mixed)
        // Patterns for matches: codes cycling through a subject's visits, rows of a fixed-width
        // text whose digits change, a block repeated exactly 32,768 bytes later (the farthest a
        // match may reach) and 32,769 bytes later (one too far).
        out.append((0..<70_000).map { UInt8($0 % 7) })
        var rows: [UInt8] = []
        for line in 0..<3_000 {
            var row = Array("BM01-\(line / 40)_W\(line % 9) line \(line * 7)".utf8)
            row += [UInt8](repeating: 0, count: 30 - row.count)
            rows += row
        }
        out.append(rows)
        let block = (0..<1_000).map { _ in UInt8(truncatingIfNeeded: next()) }
        for gap in [32_768, 32_769] {
            out.append(block + (0..<(gap - block.count)).map { _ in UInt8(truncatingIfNeeded: next()) } + block)
        }
        return out
    }

    @Test(arguments: [0, 1, 7, 256, 16_384, 32_768, 1_000_000], [false, true])
    func everyStreamInflatesToItsInput(segment: Int, matches: Bool) {
        // Every segment stored, at worst: 5 bytes of header per stored block, a byte of the
        // previous block's bits, the stream's header and trailer.
        let blockBytes = segment == 0 ? 32_768 : min(segment, 32_768)
        for input in Self.inputs() {
            // Room for the worst case, and the filter's bound (the input's own size: no gain,
            // no deflate).
            for capacity in [input.count + 6 * (input.count / blockBytes + 1) + 6, input.count] {
                guard let stream = Self.stream(input, segment: segment, capacity: capacity, matches: matches) else {
                    #expect(capacity == input.count, "\(input.count) bytes, segment \(segment): refused with room to spare")
                    continue
                }
                #expect(Self.inflated(stream, count: input.count) == input, "\(input.count) bytes, segment \(segment), room \(capacity)")
                var back = [UInt8](repeating: 0, count: input.count)
                var n = back.count
                let r = stream.withUnsafeBytes { s in
                    back.withUnsafeMutableBytes { b in ip_inflate(s.baseAddress, s.count, b.baseAddress, &n) }
                }
                #expect(r == Z_OK && back[0..<n] == input[...], "ip_inflate, \(input.count) bytes, segment \(segment)")
            }
        }
    }

    /// Frequencies in a Fibonacci progression make Huffman codes deeper than deflate's 15 bits:
    /// the lengths must be limited, and the stream still inflate.
    @Test func deepCodesAreLimitedToFifteenBits() {
        var counts = [1, 1]
        while counts.count < 26 { counts.append(counts[counts.count - 1] + counts[counts.count - 2]) }
        let next = Self.seeded(99)
        var symbols = counts.enumerated().flatMap { s, c in [UInt8](repeating: UInt8(s * 7), count: c) }
        for i in stride(from: symbols.count - 1, to: 0, by: -1) { symbols.swapAt(i, Int(next() % UInt64(i + 1))) }
        for segment in [0, 32_768] {
            for matches in [false, true] {
                let stream = Self.stream(symbols, segment: segment, capacity: symbols.count, matches: matches)
                #expect(stream != nil, "skewed bytes shrink")
                #expect(stream.flatMap { Self.inflated($0, count: symbols.count) } == symbols)
            }
        }
    }

    /// A chunk of measured values (two decimals, shuffled as the store shuffles them): as small as
    /// zlib's run-length strategy makes it, give or take 2 %, and inflating to the chunk.
    @Test func measuredValuesShrinkAsWithZlibsRunLength() {
        let next = Self.seeded(7)
        let values = (0..<16_384).map { _ in Double(next() % 100_000) / 100 }
        var shuffled = [UInt8](repeating: 0, count: values.count * 8)
        values.withUnsafeBytes { raw in
            for i in 0..<values.count { for j in 0..<8 { shuffled[j * values.count + i] = raw[i * 8 + j] } }
        }
        guard let ours = Self.stream(shuffled, segment: values.count, capacity: shuffled.count),
            let zlibs = DeflateStreamTests.zlibStream(shuffled, level: 1, runLength: true, capacity: shuffled.count)
        else {
            Issue.record("measured values did not shrink")
            return
        }
        #expect(Double(ours.count) <= Double(zlibs.count) * 1.02, "\(ours.count) against zlib's \(zlibs.count)")
        #expect(Self.inflated(ours, count: shuffled.count) == shuffled)
    }

    /// Near-random planes are stored as they are: the stream is the input and a few bytes.
    @Test func noiseIsStoredNotCoded() {
        let next = Self.seeded(5)
        let noise = (0..<32_768).map { _ in UInt8(truncatingIfNeeded: next()) }
        let stream = Self.stream(noise, segment: 16_384, capacity: noise.count + 64)
        #expect(stream.map(\.count) ?? .max <= noise.count + 2 + 2 * 5 + 4)
        #expect(stream.flatMap { Self.inflated($0, count: noise.count) } == noise)
    }

    /// Codes cycling through visits (shuffled 32-bit codes, as the results table stores them) and
    /// a fixed-width text column (SRCREF): matches make them about as small as zlib's fastest
    /// level (within a tenth: zlib follows chains of candidates, ours tries two; on the report's
    /// own SRCREF and codes ours is the smaller), and far smaller than runs do.
    @Test func patternsShrinkAsWithZlibsFastestLevel() {
        let codes = (0..<16_384).map { Int32([0, 1, 2, 3, 4, 5, 6, -1][($0 / 20) % 8 == 7 ? 7 : $0 % 7]) }
        var shuffled = [UInt8](repeating: 0, count: codes.count * 4)
        codes.withUnsafeBytes { raw in
            for i in 0..<codes.count { for j in 0..<4 { shuffled[j * codes.count + i] = raw[i * 4 + j] } }
        }
        var text: [UInt8] = []
        for line in 0..<16_384 {
            var row = Array("BM01-\(100 + line / 140)_W\(line % 7) line \(11 + 20 * line)".utf8)
            row += [UInt8](repeating: 0, count: 30 - row.count)
            text += row
        }
        for (name, input, plane) in [("codes", shuffled, codes.count), ("text", text, 0)] {
            guard let ours = Self.stream(input, segment: plane, capacity: input.count, matches: true),
                let runs = Self.stream(input, segment: plane, capacity: input.count),
                let zlibs = DeflateStreamTests.zlibStream(input, level: 1, capacity: input.count)
            else {
                Issue.record("\(name) did not shrink")
                continue
            }
            #expect(Double(ours.count) <= Double(zlibs.count) * 1.1, "\(name): \(ours.count) against zlib's \(zlibs.count)")
            #expect(ours.count * 3 < runs.count, "\(name): \(ours.count) against runs' \(runs.count)")
            #expect(Self.inflated(ours, count: input.count) == input)
        }
    }
}
