import CHDF5

/// A failed HDF5 call, with what we were doing and HDF5's own error stack (innermost first).
public struct HDF5Error: Error, CustomStringConvertible, Sendable {
    public var operation: String
    public var stack: String

    public var description: String {
        stack.isEmpty ? "HDF5: \(operation) failed" : "HDF5: \(operation) failed\n\(stack)"
    }

    /// Builds the error from the calling thread's HDF5 error stack, which it clears.
    static func current(_ operation: String) -> HDF5Error {
        var buffer = [CChar](repeating: 0, count: 8192)
        let n = buffer.withUnsafeMutableBufferPointer { ip_take_error_stack($0.baseAddress, $0.count) }
        let stack = n == 0 ? "" : String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return HDF5Error(operation: operation, stack: stack)
    }
}

/// HDF5 identifiers are negative on failure.
@inline(__always)
func check(_ id: hid_t, _ operation: @autoclosure () -> String) throws -> hid_t {
    if id < 0 { throw HDF5Error.current(operation()) }
    return id
}

/// HDF5 status codes are negative on failure.
@inline(__always)
func check(_ status: herr_t, _ operation: @autoclosure () -> String) throws {
    if status < 0 { throw HDF5Error.current(operation()) }
}

/// One-time library set-up: switch off HDF5's printing of errors to stderr.
enum HDF5Library {
    static let initialised: Bool = {
        // No library shutdown at exit: after a write failed (a full disk) HDF5 keeps the file
        // half-closed, and its atexit handler then dereferences freed state and segfaults,
        // turning a clear "no space left" error into a crash. Every file immunopipe publishes is
        // closed explicitly before, so there is nothing left for the handler to flush.
        H5dont_atexit()
        H5open()
        ip_silence_errors()
        // HDF5 keeps freed blocks on internal free lists (chunk buffers among them) and by
        // default lets them grow to tens of MB before collecting; cap them so a long ingest's
        // memory stays flat.
        H5set_free_list_limits(1 << 20, 1 << 18, 4 << 20, 1 << 20, 1 << 20, 1 << 18)
        return true
    }()

    /// Call before any HDF5 call on a thread: initialises once, silences printing per thread.
    @inline(__always) static func ensure() {
        _ = initialised
        ip_ensure_silenced()
    }
}
