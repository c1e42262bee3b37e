import CHDF5

/// Owns one HDF5 identifier and closes it exactly once: when `close()` is called or, at the
/// latest, when the Swift object goes away. Deterministic closing matters because a file is only
/// complete on disk once every object in it is closed.
///
/// Debian's libhdf5 is built thread-safe (one global lock), so a handle may be used from any
/// thread, but immunopipe keeps every file on one writer at a time: parallel calls buy nothing.
public class Handle: @unchecked Sendable {
    public private(set) var id: hid_t
    private let closer: (hid_t) -> herr_t
    /// The object this one lives in (its file, ultimately), kept alive as long as this one is:
    /// files close with the STRONG degree, which would otherwise close children early.
    let parent: Handle?

    init(_ id: hid_t, parent: Handle? = nil, closer: @escaping (hid_t) -> herr_t) {
        self.id = id
        self.parent = parent
        self.closer = closer
    }

    /// Closes the identifier now. Safe to call twice.
    public func close() throws {
        guard id >= 0 else { return }
        HDF5Library.ensure()
        let old = id
        id = -1
        try check(closer(old), "close")
    }

    deinit {
        // Once its file is closed, this object was closed with it (STRONG degree) and must not be closed again: after a file close that *failed* (a full disk)
        // HDF5 keeps the object's id but has torn down what it points to, and H5Dclose on it
        // dereferences null (the segfault that ended ingests on a full disk).
        if id >= 0 && !fileClosed {
            HDF5Library.ensure()
            _ = closer(id)
            H5Eclear2(hid_t(H5E_DEFAULT))
        }
    }

    /// Whether the file this object lives in has been closed (successfully or not).
    private var fileClosed: Bool {
        var p = parent
        while let h = p {
            if h is HDF5File { return h.id < 0 }
            p = h.parent
        }
        return false
    }
}

/// A transient identifier (dataspace, type, property list) closed when the scope ends.
final class Scoped {
    let id: hid_t
    let closer: (hid_t) -> herr_t
    init(_ id: hid_t, _ closer: @escaping (hid_t) -> herr_t) {
        self.id = id
        self.closer = closer
    }
    deinit { _ = closer(id) }
}
