import CHDF5

/// Runs a dataset's filters — byte shuffle, then deflate — on one chunk in memory, exactly as
/// HDF5's shuffle and deflate filters do, so that whole chunks can be written with
/// `H5Dwrite_chunk` (`HDF5Dataset.appendChunk`) instead of through the library's filter
/// pipeline and chunk cache. The output is an ordinary shuffled, deflated chunk: h5py, pandas
/// and HDF5 itself read it through the filters the dataset declares.
///
/// Two savings over the library path, both on the single writer thread of an ingest:
/// - a chunk whose elements are all equal (an empty column, the batch number) is compressed once
///   and its bytes reused;
/// - `.runLength` codes literals and runs only (`ip_deflate_runs`: a block per byte plane,
///   stored where coding does not shrink it): a valid deflate stream, on shuffled float64
///   values 2.5–5 times as fast as zlib's level 1 and a little smaller;
/// - `.smallerWhereItPays` weighs that against literals and matches at any distance found with
///   one hash probe (`ip_deflate_matches`), which on codes and fixed-width texts is as small as
///   zlib's level 1 or smaller and 2–6 times as fast.
///
/// Holds scratch buffers: one per writing thread, reused chunk after chunk.
public final class ChunkFilter {
    public enum Deflate: Sendable, Hashable {
        /// `compress2` at the dataset's level: byte for byte what HDF5 writes.
        case standard
        /// Literals and runs (matches at distance 1), each byte plane of a shuffled chunk
        /// coded alone (`ip_deflate_runs`); the level does not apply.
        case runLength
        /// Per dataset, whichever of runs (`runLength`) and matches at any distance
        /// (`ip_deflate_matches`) gives the smaller chunk, or no deflate where neither shrinks
        /// it by a quarter (shuffled doubles of full precision, such as ratios: such chunks are
        /// stored shuffled only, with the filter mask saying so, as for a chunk deflate cannot
        /// shrink at all). Decided on a probe chunk deflated both ways and kept until the next
        /// probe (`DeflateChoice`). Why both: runs are the faster and smaller on measured
        /// doubles, but on codes, row numbers, study days and texts, whose bytes repeat in
        /// patterns rather than runs, matches are 10-100 times smaller. The level does not
        /// apply; readers see no difference.
        case smallerWhereItPays

        /// How a chunk of one repeated element is deflated (once, then reused): runs, for all
        /// but `standard`.
        var constantStrategy: DeflateChoice.Strategy { self == .standard ? .standard : .runLength }
    }

    /// What `Deflate.smallerWhereItPays` decided for one dataset, and when it decides again.
    /// Probes come every `firstInterval` chunks, then at twice the distance each time the
    /// choice holds, up to `longestInterval`, and again every `firstInterval` when it changes;
    /// so a dataset whose data are alike throughout pays for one probe in 64 chunks.
    struct DeflateChoice {
        enum Strategy { case standard, runLength, matches, none }
        /// Nil before the first probe.
        private(set) var strategy: Strategy?
        private(set) var chunksUntilProbe = 0
        private var interval = DeflateChoice.firstInterval
        static let firstInterval = 16, longestInterval = 64

        /// The strategy for the next chunk, nil when that chunk is a probe.
        mutating func next() -> Strategy? {
            guard chunksUntilProbe > 0, let strategy else { return nil }
            chunksUntilProbe -= 1
            return strategy
        }

        mutating func probed(_ chosen: Strategy) {
            interval = chosen == strategy ? min(interval * 2, Self.longestInterval) : Self.firstInterval
            strategy = chosen
            chunksUntilProbe = interval - 1
        }
    }

    /// A chunk's filter mask has bit i set when the dataset's filter i was skipped for it. The
    /// filters are declared shuffle then deflate: shuffle, when declared, is filter 0, and
    /// deflate filter 1 after it, else filter 0. The writer (`filter`) and the reader
    /// (`StoredChunk`) both take the bits from here.
    static let shuffleSkipped: UInt32 = 1
    static func deflateSkipped(shuffleDeclared: Bool) -> UInt32 { shuffleDeclared ? 1 << 1 : 1 }

    /// Bytes to store and the filter mask (the deflate filter's bit set when deflate was skipped
    /// because it would not shrink the chunk, as HDF5 does for its optional deflate filter).
    struct Filtered {
        var bytes: UnsafeRawBufferPointer
        var mask: UInt32
    }

    /// Scratch space, allocated once and grown as needed (owned by this object, one thread).
    private var padded = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    private var shuffled = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    private var output = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    /// A probe's second deflate (`Deflate.smallerWhereItPays`).
    private var alternative = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    private struct ConstantChunk: Hashable {
        var element: UInt64, elementSize: Int, count: Int, level: Int, shuffle: Bool, deflate: Deflate
    }
    private var constantChunks: [ConstantChunk: (bytes: [UInt8], mask: UInt32)] = [:]

    public init() {}

    deinit {
        padded.deallocate()
        shuffled.deallocate()
        output.deallocate()
        alternative.deallocate()
    }

    private static func ensure(_ buffer: inout UnsafeMutableRawBufferPointer, _ count: Int) {
        guard buffer.count < count else { return }
        buffer.deallocate()
        buffer = .allocate(byteCount: count, alignment: 16)
    }

    /// Filters `raw` (elements of `elementSize` bytes, zero-padded to `chunkBytes`) and calls
    /// `body` with the result, valid only during the call. `choice` is the dataset's state for
    /// `Deflate.smallerWhereItPays` (untouched otherwise).
    func filter<R>(
        _ raw: UnsafeRawBufferPointer, elementSize: Int, chunkBytes: Int, shuffle: Bool, level: Int?,
        deflate: Deflate, choice: inout DeflateChoice, _ body: (Filtered) throws -> R
    ) throws -> R {
        var input = raw
        if raw.count < chunkBytes {
            // The last chunk is stored full-size, padded with the fill value (zero), like HDF5.
            Self.ensure(&padded, chunkBytes)
            let p = UnsafeMutableRawBufferPointer(rebasing: padded[0..<chunkBytes])
            p.copyMemory(from: raw)
            (p.baseAddress! + raw.count).initializeMemory(as: UInt8.self, repeating: 0, count: chunkBytes - raw.count)
            input = UnsafeRawBufferPointer(p)
        }
        guard let level else { return try body(Filtered(bytes: shuffled(input, elementSize: elementSize, shuffle: shuffle), mask: 0)) }
        let deflateSkipped = Self.deflateSkipped(shuffleDeclared: shuffle)
        let plane = Self.plane(chunkBytes, elementSize: elementSize, shuffle: shuffle)
        if let element = Self.constantElement(input, elementSize: elementSize) {
            let key = ConstantChunk(
                element: element, elementSize: elementSize, count: chunkBytes, level: level, shuffle: shuffle,
                deflate: deflate)
            if constantChunks[key] == nil {
                let stage = shuffled(input, elementSize: elementSize, shuffle: shuffle)
                let n = deflated(stage, level: level, strategy: deflate.constantStrategy, plane: plane, into: &output)
                constantChunks[key] =
                    n.map { (Array(UnsafeRawBufferPointer(rebasing: output[0..<$0])), 0) } ?? (Array(stage), deflateSkipped)
            }
            let cached = constantChunks[key]!
            return try cached.bytes.withUnsafeBytes { try body(Filtered(bytes: $0, mask: cached.mask)) }
        }
        let stage = shuffled(input, elementSize: elementSize, shuffle: shuffle)
        let undeflated = Filtered(bytes: stage, mask: deflateSkipped)
        let strategy: DeflateChoice.Strategy
        switch deflate {
        case .standard: strategy = .standard
        case .runLength: strategy = .runLength
        case .smallerWhereItPays:
            if let chosen = choice.next() {
                strategy = chosen
            } else {
                return try probe(stage, level: level, plane: plane, choice: &choice, undeflated: undeflated, body)
            }
        }
        guard strategy != .none,
            let n = deflated(stage, level: level, strategy: strategy, plane: plane, into: &output)
        else { return try body(undeflated) }
        return try body(Filtered(bytes: UnsafeRawBufferPointer(rebasing: output[0..<n]), mask: 0))
    }

    /// Deflates `stage` both ways (runs, matches), keeps the smaller (runs on a tie: the faster),
    /// or neither when it does not shrink the chunk by a quarter, and records the choice.
    private func probe<R>(
        _ stage: UnsafeRawBufferPointer, level: Int, plane: Int, choice: inout DeflateChoice, undeflated: Filtered,
        _ body: (Filtered) throws -> R
    ) throws -> R {
        // A stream that does not fit is counted as the chunk's own size: it does not pay.
        let runLength = deflated(stage, level: level, strategy: .runLength, plane: plane, into: &output) ?? stage.count
        let matches = deflated(stage, level: level, strategy: .matches, plane: plane, into: &alternative) ?? stage.count
        let smaller = min(runLength, matches)
        guard smaller * 4 <= stage.count * 3 else {
            choice.probed(.none)
            return try body(undeflated)
        }
        choice.probed(runLength <= matches ? .runLength : .matches)
        let bytes = runLength <= matches ? output : alternative
        return try body(Filtered(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<smaller]), mask: 0))
    }

    /// The length of a shuffled chunk's byte planes; 0 when the chunk is not shuffled.
    private static func plane(_ chunkBytes: Int, elementSize: Int, shuffle: Bool) -> Int {
        shuffle && elementSize > 1 ? chunkBytes / elementSize : 0
    }

    /// `input` shuffled into scratch space, or `input` itself when there is nothing to shuffle.
    private func shuffled(_ input: UnsafeRawBufferPointer, elementSize: Int, shuffle: Bool) -> UnsafeRawBufferPointer {
        guard shuffle && elementSize > 1 else { return input }
        Self.ensure(&shuffled, input.count)
        let out = UnsafeMutableRawBufferPointer(rebasing: shuffled[0..<input.count])
        Self.shuffle(input, into: out, elementSize: elementSize)
        return UnsafeRawBufferPointer(out)
    }

    /// The deflated size of `stage` written to `buffer`, nil when the stream does not fit in
    /// the input's size: HDF5's deflate filter gives zlib no more room and then stores the chunk
    /// without deflate (mask bit set), as the callers do. Runs and matches code each of a
    /// shuffled chunk's byte planes (`plane` bytes; 0 when not shuffled) as blocks of its own.
    private func deflated(
        _ stage: UnsafeRawBufferPointer, level: Int, strategy: DeflateChoice.Strategy, plane: Int,
        into buffer: inout UnsafeMutableRawBufferPointer
    ) -> Int? {
        Self.ensure(&buffer, stage.count)
        var n = stage.count
        let r: Int32
        switch strategy {
        case .standard: r = ip_deflate(stage.baseAddress, stage.count, buffer.baseAddress, &n, Int32(level))
        case .runLength: r = ip_deflate_runs(stage.baseAddress, stage.count, buffer.baseAddress, &n, plane)
        case .matches: r = ip_deflate_matches(stage.baseAddress, stage.count, buffer.baseAddress, &n, plane)
        case .none: return nil
        }
        return r == Z_OK ? n : nil
    }

    /// HDF5's shuffle: byte j of element i goes to position j × count + i.
    static func shuffle(_ input: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer, elementSize: Int) {
        let count = input.count / elementSize
        let src = input.bindMemory(to: UInt8.self), dst = out.bindMemory(to: UInt8.self)
        // Blocks of 16 elements of 4 or 8 bytes with SSE2 (`ip_shuffle_blocks`), the rest here.
        let done = ip_shuffle_blocks(src.baseAddress, dst.baseAddress, count, elementSize)
        for j in 0..<elementSize {
            let row = dst.baseAddress! + j * count
            var s = src.baseAddress! + done * elementSize + j
            for i in done..<count {
                row[i] = s.pointee
                s += elementSize
            }
        }
        // Bytes that do not make a whole element stay at the end, as in HDF5.
        let tail = input.count - count * elementSize
        if tail > 0 { (dst.baseAddress! + count * elementSize).update(from: src.baseAddress! + count * elementSize, count: tail) }
    }

    /// Undoes `shuffle` for the first `elementCount` elements of a whole shuffled chunk
    /// (`input`, whose planes are `input.count / elementSize` bytes long).
    static func unshuffle(
        _ input: UnsafeRawBufferPointer, elementCount: Int, into out: UnsafeMutableRawBufferPointer, elementSize: Int
    ) {
        let plane = input.count / elementSize
        precondition(elementCount <= plane && out.count >= elementCount * elementSize)
        let src = input.bindMemory(to: UInt8.self), dst = out.bindMemory(to: UInt8.self)
        // Blocks of 16 elements of 4 or 8 bytes with SSE2 (`ip_unshuffle_blocks`), the rest here.
        let done = ip_unshuffle_blocks(src.baseAddress, plane, dst.baseAddress, elementCount, elementSize)
        for j in 0..<elementSize {
            let row = src.baseAddress! + j * plane
            var d = dst.baseAddress! + done * elementSize + j
            for i in done..<elementCount {
                d.pointee = row[i]
                d += elementSize
            }
        }
    }

    /// The element every position holds, when they are all equal (elements of at most 8 bytes).
    static func constantElement(_ raw: UnsafeRawBufferPointer, elementSize: Int) -> UInt64? {
        guard elementSize <= 8, raw.count >= elementSize, raw.count % elementSize == 0 else { return nil }
        var first: UInt64 = 0
        withUnsafeMutableBytes(of: &first) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[0..<elementSize])) }
        // Compare word by word: an all-equal chunk repeats its first 8 bytes' pattern.
        let pattern: UInt64
        switch elementSize {
        case 1: pattern = first &* 0x0101_0101_0101_0101
        case 2: pattern = first &* 0x0001_0001_0001_0001
        case 4: pattern = first | (first << 32)
        case 8: pattern = first
        default: return nil
        }
        var i = 0
        let n = raw.count
        while i + 8 <= n {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) != pattern { return nil }
            i += 8
        }
        while i < n {
            if raw[i] != UInt8(truncatingIfNeeded: pattern >> (8 * UInt64(i % 8))) { return nil }
            i += 1
        }
        return first
    }
}
