import CHDF5

/// One chunk of a dataset as it lies in the file, its filters not yet undone: read on the
/// thread that calls HDF5 (`HDF5Dataset.storedChunk`), undone (`values()`) on any thread.
///
/// Why: HDF5 undoes a chunk's filters inside `H5Dread`, on the calling thread, and only one
/// thread calls HDF5. A reader of a large store spent three fifths of that thread inflating
/// while the cores that turn chunks into analysis values waited for it. Undoing the filters is
/// plain zlib and byte shuffling, which any thread can do.
public struct StoredChunk<T: HDF5Element>: Sendable {
    let bytes: [UInt8]
    /// Bit i set: declared filter i was skipped for this chunk (as `H5Dread_chunk` reports).
    let filterMask: UInt32
    let shuffleDeclared: Bool, deflateDeclared: Bool
    /// Elements the chunk holds (the stored chunk's size), and those wanted from its first.
    let chunkElements: Int, count: Int
    /// For errors: the dataset and the chunk's first element.
    let dataset: String, offset: Int

    /// The wanted elements, the chunk's filters undone: inflated, then unshuffled, as HDF5's
    /// deflate and shuffle filters would, each unless the chunk's filter mask says it was skipped.
    public func values() throws -> [T] {
        let size = MemoryLayout<T>.stride
        let expected = chunkElements * size
        let inflate = deflateDeclared && filterMask & ChunkFilter.deflateSkipped(shuffleDeclared: shuffleDeclared) == 0
        let unshuffle = shuffleDeclared && size > 1 && filterMask & ChunkFilter.shuffleSkipped == 0
        var plain = bytes
        if inflate {
            plain = try [UInt8](unsafeUninitializedCapacity: expected) { out, initialized in
                var n = expected
                let r = bytes.withUnsafeBytes { ip_inflate($0.baseAddress, $0.count, out.baseAddress, &n) }
                guard r == Z_OK, n == expected else {
                    throw HDF5Error(
                        operation: "inflate the chunk at element \(offset) of '\(dataset)' (zlib \(r), \(n) of \(expected) bytes)",
                        stack: "")
                }
                initialized = n
            }
        }
        // A shuffled chunk's planes span the whole chunk; an unshuffled one need only hold the
        // elements wanted (a damaged chunk stored short is an error, not a read past its end).
        guard plain.count >= (unshuffle ? expected : count * size) else {
            throw HDF5Error(
                operation: "the chunk at element \(offset) of '\(dataset)' holds \(plain.count) bytes, not \(count) elements",
                stack: "")
        }
        return [T](unsafeUninitializedCapacity: count) { out, initialized in
            let target = UnsafeMutableRawBufferPointer(out)
            plain.withUnsafeBytes { source in
                if unshuffle {
                    ChunkFilter.unshuffle(
                        UnsafeRawBufferPointer(rebasing: source[0..<expected]), elementCount: count, into: target, elementSize: size)
                } else {
                    target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[0..<count * size]))
                }
            }
            initialized = count
        }
    }
}

extension HDF5Dataset {
    /// Elements `range` as a stored chunk, to be undone on another thread; nil when that does
    /// not apply and `read` must be used: the range is not exactly one chunk (or the dataset's
    /// last, shorter run), the chunk was never written (fill values), the dataset declares
    /// filters other than shuffle then deflate, or its elements are not `T`'s file type.
    public func storedChunk<T: HDF5Element>(_ range: Range<Int>, as: T.Type = T.self) throws -> StoredChunk<T>? {
        HDF5Library.ensure()
        guard let layout = try storedLayout(), !range.isEmpty, range.lowerBound % layout.chunk == 0 else { return nil }
        let total = try count()
        guard range.count == min(layout.chunk, total - range.lowerBound) else { return nil }
        let fileType = Scoped(try check(H5Dget_type(id), "get type of '\(name)'"), H5Tclose)
        guard H5Tequal(fileType.id, T.fileType) > 0 else { return nil }
        var offset = hsize_t(range.lowerBound)
        var size: hsize_t = 0
        // HDF5 1.10 fails here for a chunk never written ("chunk storage is not allocated"):
        // `read` gives its fill values, and reports any other failure itself.
        guard H5Dget_chunk_storage_size(id, &offset, &size) >= 0 else {
            _ = HDF5Error.current("size of the chunk at \(range.lowerBound) of '\(name)'") // clears HDF5's error stack
            return nil
        }
        guard size > 0 else { return nil }
        var mask: UInt32 = 0
        let bytes = try [UInt8](unsafeUninitializedCapacity: Int(size)) { buffer, initialized in
            try check(
                H5Dread_chunk(id, ip_P_DEFAULT(), &offset, &mask, buffer.baseAddress),
                "read the chunk at \(range.lowerBound) of '\(name)'")
            initialized = Int(size)
        }
        return StoredChunk(
            bytes: bytes, filterMask: mask, shuffleDeclared: layout.shuffle, deflateDeclared: layout.deflate,
            chunkElements: layout.chunk, count: range.count, dataset: name, offset: range.lowerBound)
    }
}
