import FileIO
import Testing

@testable import Analysis

/// Spill columns come back as written, at whichever width each was packed, and take no more
/// room than that width.
@Suite("Packed spill columns")
struct PackedColumnTests {
    @Test(
        arguments: [
            ([], 5), ([7, 7, 7], 5), ([0, 255, 3], 1 + 3), ([0, 256], 1 + 4), ([65535, 1], 1 + 4), ([65536, 0], 1 + 8),
            ([-1, 5], 1 + 8), ([Int32.max, Int32.min], 1 + 8),
        ] as [([Int32], Int)])
    func integersRoundTripAtTheirWidth(_ values: [Int32], bytes: Int) {
        var w = ByteWriter()
        PackedColumn.write(values, into: &w)
        #expect(w.count == bytes)
        w.write(Int32(99)) // what follows the column is read next
        var r = ByteReader(w.bytes)
        #expect(PackedColumn.readInts(from: &r, count: values.count) == values)
        #expect(r.readInt32() == 99)
    }

    @Test func codesAreTransformedAsTheyAreRead() {
        var w = ByteWriter()
        let codes: [Int32] = [2, 0, 1]
        PackedColumn.write(codes, into: &w)
        var r = ByteReader(w.bytes)
        let ranged: [Int32] = [10, 11, 12]
        #expect(PackedColumn.readInts(from: &r, count: 3) { ranged[Int($0)] } == [12, 10, 11])
    }

    @Test func oneFieldOfRowMajorCodes() {
        let rows: [Int32] = [1, 300, 2, 301, 3, 302] // two fields a row
        var w = ByteWriter()
        rows.withUnsafeBufferPointer { PackedColumn.write($0, first: 1, stride: 2, count: 3, into: &w) }
        #expect(w.count == 1 + 3 * 2)
        var r = ByteReader(w.bytes)
        #expect(PackedColumn.readInts(from: &r, count: 3) == [300, 301, 302])
    }

    /// Doubles are one value only when every row has the same bits: NaN throughout is
    /// constant, and -0 beside 0 is not.
    @Test func doublesRoundTripBitForBit() {
        for values in [[Double](), [.nan, .nan], [1.5, 1.5], [0.0, -0.0], [1, .nan, -.infinity, 2.5e-300]] {
            var w = ByteWriter()
            PackedColumn.write(values, into: &w)
            let constant = Set(values.map(\.bitPattern)).count <= 1
            #expect(w.count == (constant ? 9 : 1 + 8 * values.count))
            var r = ByteReader(w.bytes)
            #expect(PackedColumn.readDoubles(from: &r, count: values.count).map(\.bitPattern) == values.map(\.bitPattern))
            #expect(r.atEnd)
        }
    }
}
