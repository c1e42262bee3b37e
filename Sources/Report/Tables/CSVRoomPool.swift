import Foundation

/// Byte arrays that held one subject range of cfb.csv, given back once written, to format a later
/// range in: their memory is mapped and initialized already, where a new array per range was
/// zero-filled and page-faulted as it grew (about 2 % of a CFB-only report's CPU). Holds at
/// most `limit` (those not taken back are freed as before).
final class CSVRoomPool: @unchecked Sendable {
    // Unchecked: `arrays` is only touched under `lock`.
    private let lock = NSLock()
    private var arrays: [[UInt8]] = []
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    /// An array to format in (its contents do not matter; `CSVBuffer(recycling:)`), empty when
    /// none has come back yet.
    func take() -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        return arrays.popLast() ?? []
    }

    func give(_ array: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        if arrays.count < limit { arrays.append(array) }
    }
}
