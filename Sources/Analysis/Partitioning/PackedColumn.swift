import FileIO

/// One column of a spill batch, written at the narrowest width that holds it: a width byte,
/// then the one value of a column whose rows all hold it (width 0), or every row's value at
/// 1, 2 or 4 bytes (integers) or 8 (doubles). A batch's codes index its own few distinct
/// texts, so most fit a byte, and some columns (the upper limit of normal, LLOQ where no value
/// was below it) are one value throughout: at four or eight bytes per field, the subject spill
/// was 72 bytes a row (720 MB at 10 M measurements), written and read back through the page
/// cache on the reading thread (docs/performance.md).
enum PackedColumn {
    /// Writes `values`.
    static func write(_ values: [Int32], into w: inout ByteWriter) {
        values.withUnsafeBufferPointer { write($0, count: values.count, into: &w) }
    }

    /// Writes `n` integers of `values`, the `r`th at `first + r * stride` (one field of
    /// row-major codes). Read straight from memory: through a closure per value, packing cost
    /// a call and a retain of the captured array per value.
    static func write(_ values: UnsafeBufferPointer<Int32>, first: Int = 0, stride: Int = 1, count n: Int, into w: inout ByteWriter) {
        @inline(__always) func value(_ r: Int) -> Int32 { values[first + r * stride] }
        var low = n > 0 ? value(0) : 0, high = low
        for r in 0..<n {
            let v = value(r)
            low = min(low, v)
            high = max(high, v)
        }
        if low == high {
            w.write(UInt8(0))
            w.write(low)
            return
        }
        let width = low < 0 || high > UInt16.max ? 4 : high > UInt8.max ? 2 : 1
        w.write(UInt8(width))
        w.write(count: n * width) { out in
            switch width {
            case 1: for r in 0..<n { out[r] = UInt8(truncatingIfNeeded: value(r)) }
            case 2: for r in 0..<n { out.storeLittleEndian(UInt16(truncatingIfNeeded: value(r)), at: 2 * r) }
            default: for r in 0..<n { out.storeLittleEndian(value(r), at: 4 * r) }
            }
        }
    }

    /// Writes `values` (equal when their bits are).
    static func write(_ values: [Double], into w: inout ByteWriter) {
        let first = values.first?.bitPattern ?? 0
        if values.allSatisfy({ $0.bitPattern == first }) {
            w.write(UInt8(0))
            w.write(Double(bitPattern: first))
            return
        }
        w.write(UInt8(8))
        values.withUnsafeBufferPointer { v in
            w.write(count: v.count * 8) { out in for r in v.indices { out.storeLittleEndian(v[r], at: 8 * r) } }
        }
    }

    /// The `n` integers `write` wrote, each passed through `transform` (a batch's code to the
    /// range's).
    static func readInts(from r: inout ByteReader, count n: Int, _ transform: (Int32) -> Int32 = { $0 }) -> [Int32] {
        let width = Int(r.readByte())
        if width == 0 { return [Int32](repeating: transform(r.readInt32()), count: n) }
        precondition(width == 1 || width == 2 || width == 4, "spill: a column of width \(width)")
        return r.read(bytes: n * width) { bytes in
            [Int32](unsafeUninitializedCapacity: n) { out, initialized in
                switch width {
                case 1: for i in 0..<n { out[i] = transform(Int32(bytes[i])) }
                case 2: for i in 0..<n { out[i] = transform(Int32(bytes.loadLittleEndian(at: 2 * i, as: UInt16.self))) }
                default: for i in 0..<n { out[i] = transform(bytes.loadLittleEndian(at: 4 * i, as: Int32.self)) }
                }
                initialized = n
            }
        }
    }

    /// The `n` doubles `write` wrote.
    static func readDoubles(from r: inout ByteReader, count n: Int) -> [Double] {
        let width = Int(r.readByte())
        if width == 0 { return [Double](repeating: r.readDouble(), count: n) }
        precondition(width == 8, "spill: a column of doubles of width \(width)")
        return r.read(bytes: n * 8) { bytes in
            [Double](unsafeUninitializedCapacity: n) { out, initialized in
                for i in 0..<n { out[i] = bytes.loadDouble(at: 8 * i) }
                initialized = n
            }
        }
    }
}
