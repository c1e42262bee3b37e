import Foundation

/// A value behind a lock, for the few pieces of shared state the server keeps (open stores,
/// login attempts). Synchronization's Mutex needs macOS 15; this works everywhere we build.
final class Mutex<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
