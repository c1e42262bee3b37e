import CHDF5
import Testing

/// The chunk filter's deflate (`ip_deflate`) writes the zlib stream's header and Adler-32
/// itself around zlib's raw deflate: its bytes must be exactly zlib's own, for every level the
/// store uses, and inputs that do and do not fit. (The run-length encoder: `RunDeflateTests`.)
@Suite("Deflate streams")
struct DeflateStreamTests {
    /// Seeded bytes of several kinds: runs, slowly varying doubles, noise.
    static func inputs() -> [[UInt8]] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        var out: [[UInt8]] = [[], [42], Array(repeating: 7, count: 5_553), (0..<1000).map { UInt8($0 % 251) }]
        out.append((0..<4_000).flatMap { i in withUnsafeBytes(of: (Double(i) * 0.25).bitPattern) { Array($0) } })
        for length in [15, 16, 17, 5_551, 5_552, 5_553, 65_536, 100_003] {
            out.append((0..<length).map { _ in UInt8(truncatingIfNeeded: next()) })
        }
        return out
    }

    /// zlib's own stream: `compress2`, or deflate with the run-length strategy (windowBits 15).
    static func zlibStream(_ input: [UInt8], level: Int32, runLength: Bool = false, capacity: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: capacity)
        var s = z_stream()
        guard
            deflateInit2_(
                &s, level, Z_DEFLATED, 15, 8, runLength ? Z_RLE : Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
                == Z_OK
        else { return nil }
        defer { deflateEnd(&s) }
        let r = input.withUnsafeBufferPointer { i in
            out.withUnsafeMutableBufferPointer { o in
                s.next_in = UnsafeMutablePointer(mutating: i.baseAddress)
                s.avail_in = uInt(i.count)
                s.next_out = o.baseAddress
                s.avail_out = uInt(o.count)
                return deflate(&s, Z_FINISH)
            }
        }
        return r == Z_STREAM_END ? Array(out[0..<Int(s.total_out)]) : nil
    }

    @Test(arguments: [Int32(1), 4, 6, 9, -1])
    func streamsAreZlibsByteForByte(level: Int32) {
        for input in Self.inputs() {
            // Room for the input (the filter's bound: no gain, no deflate) and generous room.
            for capacity in [input.count, input.count + 64] {
                var out = [UInt8](repeating: 0, count: capacity)
                var n = capacity
                let r = input.withUnsafeBytes { i in
                    out.withUnsafeMutableBytes { o in ip_deflate(i.baseAddress, i.count, o.baseAddress, &n, level) }
                }
                let want = Self.zlibStream(input, level: level, capacity: capacity)
                let label = "\(input.count) bytes, level \(level), room \(capacity)"
                if let want {
                    #expect(r == Z_OK, "\(label)")
                    #expect(Array(out[0..<n]) == want, "\(label)")
                } else {
                    #expect(r == Z_BUF_ERROR, "\(label): zlib's stream does not fit")
                }
            }
        }
    }

    /// `ip_inflate` answers as zlib's `uncompress` does, on whole streams, on streams cut short,
    /// with a byte changed or a header broken, and into too little room.
    @Test func inflateAnswersAsUncompressDoes() {
        func run(_ f: (UnsafeRawPointer?, Int, UnsafeMutableRawPointer?, inout Int) -> Int32, _ stream: [UInt8], room: Int)
            -> (Int32, [UInt8])
        {
            var out = [UInt8](repeating: 0, count: room)
            var n = room
            let r = stream.withUnsafeBytes { i in out.withUnsafeMutableBytes { o in f(i.baseAddress, i.count, o.baseAddress, &n) } }
            return (r, r == Z_OK ? Array(out[0..<n]) : [])
        }
        let ours: (UnsafeRawPointer?, Int, UnsafeMutableRawPointer?, inout Int) -> Int32 = { ip_inflate($0, $1, $2, &$3) }
        let zlibs: (UnsafeRawPointer?, Int, UnsafeMutableRawPointer?, inout Int) -> Int32 = { src, count, dst, n in
            var length = uLongf(n)
            let r = uncompress(dst?.assumingMemoryBound(to: Bytef.self), &length, src?.assumingMemoryBound(to: Bytef.self), uLong(count))
            n = Int(length)
            return r
        }
        var cases = 0
        for input in Self.inputs() where !input.isEmpty {
            guard let stream = Self.zlibStream(input, level: 6, capacity: input.count + 64) else { continue }
            var variants: [(String, [UInt8], Int)] = [
                ("whole", stream, input.count), ("with room to spare", stream, input.count + 10),
                ("one byte short of room", stream, input.count - 1), ("cut", Array(stream.dropLast(3)), input.count),
                ("trailer only cut", Array(stream.dropLast(1)), input.count), ("bare header", Array(stream.prefix(2)), input.count),
            ]
            for at in [0, 1, stream.count / 2, stream.count - 1] {
                var damaged = stream
                damaged[at] ^= 0x10
                variants.append(("byte \(at) changed", damaged, input.count))
            }
            // (No room at all is left out: `uncompress` then decodes into a byte of its own.)
            for (name, bytes, room) in variants where room > 0 {
                let (r, got) = run(ours, bytes, room: room)
                let (want, expected) = run(zlibs, bytes, room: room)
                #expect(r == want, "\(input.count) bytes, \(name): zlib says \(want)")
                #expect(got == expected, "\(input.count) bytes, \(name)")
                cases += 1
            }
        }
        #expect(cases > 50)
    }

    @Test func adlerIsZlibsAtEveryLengthAndAlignment() {
        let bytes = Self.inputs().last!
        for start in 0..<17 {
            for length in [0, 1, 15, 16, 17, 31, 5_551, 5_552, 5_553, 11_104, 11_105, 40_000] where start + length <= bytes.count {
                bytes.withUnsafeBufferPointer { b in
                    let p = b.baseAddress! + start
                    #expect(ip_adler32(1, p, length) == adler32(1, p, uInt(length)), "start \(start), length \(length)")
                    // Continued from a running checksum, as zlib's adler32 continues.
                    let head = adler32(1, p, uInt(length / 3))
                    #expect(ip_adler32(head, p + length / 3, length - length / 3) == adler32(1, p, uInt(length)))
                }
            }
        }
        let ones = [UInt8](repeating: 255, count: 100_000)
        #expect(ip_adler32(1, ones, ones.count) == adler32(1, ones, uInt(ones.count)), "the sums' largest growth")
    }
}
