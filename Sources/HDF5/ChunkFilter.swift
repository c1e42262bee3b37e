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
/// - `.runLength` deflates with zlib's run-length strategy, a valid deflate stream that on
///   float64 values is twice as fast as level 1 and a little smaller.
///
/// Holds scratch buffers: one per writing thread, reused chunk after chunk.
public final class ChunkFilter {
    public enum Deflate: Sendable, Hashable {
        /// `compress2` at the dataset's level: byte for byte what HDF5 writes.
        case standard
        /// zlib's `Z_RLE` strategy at the dataset's level.
        case runLength
        /// `runLength` while it pays: after a chunk that deflate shrank by less than a quarter
        /// (shuffled doubles of full precision, such as ratios), the dataset's next
        /// `skippedAfterPoorChunk` chunks are stored shuffled but not deflated, with the filter
        /// mask saying so, as for a chunk deflate cannot shrink at all; then it tries again.
        /// Readers see no difference; the writer saves deflating what hardly compresses.
        case runLengthWhereItPays

        /// Chunks left undeflated after one that deflate did not shrink by a quarter.
        public static let skippedAfterPoorChunk = 15

        var strategyIsRunLength: Bool { self != .standard }
    }

    /// Bytes to store and the filter mask (the deflate filter's bit set when deflate was skipped
    /// because it would not shrink the chunk, as HDF5 does for its optional deflate filter).
    struct Filtered {
        var bytes: UnsafeRawBufferPointer
        var mask: UInt32
        /// Deflate shrank the chunk by at least a quarter (or the chunk is constant).
        var deflatePaid = true
    }

    /// Scratch space, allocated once and grown as needed (owned by this object, one thread).
    private var padded = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    private var shuffled = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    private var output = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    private struct ConstantChunk: Hashable {
        var element: UInt64, elementSize: Int, count: Int, level: Int, shuffle: Bool, deflate: Deflate
    }
    private var constantChunks: [ConstantChunk: (bytes: [UInt8], mask: UInt32)] = [:]

    public init() {}

    deinit {
        padded.deallocate()
        shuffled.deallocate()
        output.deallocate()
    }

    private static func ensure(_ buffer: inout UnsafeMutableRawBufferPointer, _ count: Int) {
        guard buffer.count < count else { return }
        buffer.deallocate()
        buffer = .allocate(byteCount: count, alignment: 16)
    }

    /// Filters `raw` (elements of `elementSize` bytes, zero-padded to `chunkBytes`) and calls
    /// `body` with the result, valid only during the call.
    func filter<R>(
        _ raw: UnsafeRawBufferPointer, elementSize: Int, chunkBytes: Int, shuffle: Bool, level: Int?,
        deflate: Deflate, skipDeflate: Bool = false, _ body: (Filtered) throws -> R
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
        if let element = Self.constantElement(input, elementSize: elementSize) {
            let key = ConstantChunk(
                element: element, elementSize: elementSize, count: chunkBytes, level: level ?? -1,
                shuffle: shuffle, deflate: deflate)
            if constantChunks[key] == nil {
                constantChunks[key] = try compute(input, elementSize: elementSize, shuffle: shuffle, level: level, deflate: deflate) {
                    (Array($0.bytes), $0.mask)
                }
            }
            let cached = constantChunks[key]!
            return try cached.bytes.withUnsafeBytes { try body(Filtered(bytes: $0, mask: cached.mask)) }
        }
        return try compute(
            input, elementSize: elementSize, shuffle: shuffle, level: skipDeflate ? nil : level, deflate: deflate
        ) { filtered in
            guard skipDeflate, level != nil else { return try body(filtered) }
            // Deflate declared but skipped: deflate is filter 1 after shuffle, else filter 0.
            return try body(Filtered(bytes: filtered.bytes, mask: shuffle ? 1 << 1 : 1, deflatePaid: false))
        }
    }

    private func compute<R>(
        _ input: UnsafeRawBufferPointer, elementSize: Int, shuffle: Bool, level: Int?,
        deflate: Deflate, _ body: (Filtered) throws -> R
    ) throws -> R {
        var stage = input
        if shuffle && elementSize > 1 {
            Self.ensure(&shuffled, input.count)
            let out = UnsafeMutableRawBufferPointer(rebasing: shuffled[0..<input.count])
            Self.shuffle(input, into: out, elementSize: elementSize)
            stage = UnsafeRawBufferPointer(out)
        }
        guard let level else { return try body(Filtered(bytes: stage, mask: 0)) }
        // HDF5's deflate filter gives zlib an output buffer the size of the input and, when
        // the stream does not fit, stores the chunk without deflate (mask bit 1).
        Self.ensure(&output, stage.count)
        var n = stage.count
        let r = ip_deflate(
            stage.baseAddress, stage.count, output.baseAddress, &n, Int32(level), deflate.strategyIsRunLength ? 1 : 0)
        // Deflate is filter 1 after shuffle, else filter 0.
        guard r == Z_OK else { return try body(Filtered(bytes: stage, mask: shuffle ? 1 << 1 : 1, deflatePaid: false)) }
        return try body(
            Filtered(bytes: UnsafeRawBufferPointer(rebasing: output[0..<n]), mask: 0, deflatePaid: n * 4 <= stage.count * 3))
    }

    /// HDF5's shuffle: byte j of element i goes to position j × count + i.
    static func shuffle(_ input: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer, elementSize: Int) {
        let count = input.count / elementSize
        let src = input.bindMemory(to: UInt8.self), dst = out.bindMemory(to: UInt8.self)
        for j in 0..<elementSize {
            let row = dst.baseAddress! + j * count
            var s = src.baseAddress! + j
            for i in 0..<count {
                row[i] = s.pointee
                s += elementSize
            }
        }
        // Bytes that do not make a whole element stay at the end, as in HDF5.
        let tail = input.count - count * elementSize
        if tail > 0 { (dst.baseAddress! + count * elementSize).update(from: src.baseAddress! + count * elementSize, count: tail) }
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
