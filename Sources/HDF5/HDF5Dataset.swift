import CHDF5

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// A 1-D dataset: numbers or strings, appended to and read in ranges.
public final class HDF5Dataset: Handle, HDF5AttributeOwner, @unchecked Sendable {
    public let name: String
    /// How the dataset was created, when this handle created it (needed to filter chunks here).
    public let options: DatasetOptions?
    /// Elements written through `appendChunk` (which keeps the count rather than asking HDF5).
    private var chunkedCount: Int?
    /// What `ChunkFilter.Deflate.smallerWhereItPays` chose for this dataset's chunks.
    private var deflateChoice = ChunkFilter.DeflateChoice()
    /// A full chunk of null variable-length references, filtered (`appendStringChunk`).
    private var nullChunk: (bytes: [UInt8], mask: UInt32)?
    /// Bytes per element in the file, when this handle created the dataset.
    private let elementSize: Int?

    private init(id: hid_t, name: String, parent: Handle, options: DatasetOptions? = nil, elementSize: Int? = nil) {
        self.name = name
        self.options = options
        self.elementSize = elementSize
        super.init(id, parent: parent, closer: H5Dclose)
    }

    static func create(in group: HDF5Group, name: String, fileType: hid_t, options: DatasetOptions, elementSize: Int?) throws -> HDF5Dataset
    {
        HDF5Library.ensure()
        var dims: hsize_t = 0
        var maxDims: hsize_t = ip_S_UNLIMITED()
        let space = Scoped(try check(H5Screate_simple(1, &dims, &maxDims), "create dataspace"), H5Sclose)
        let dcpl = Scoped(try check(H5Pcreate(ip_P_DATASET_CREATE()), "create dataset property list"), H5Pclose)
        var chunk = hsize_t(max(1, options.chunk))
        try check(H5Pset_chunk(dcpl.id, 1, &chunk), "set chunk size")
        if options.shuffle, options.deflate != nil { try check(H5Pset_shuffle(dcpl.id), "set shuffle") }
        if let level = options.deflate { try check(H5Pset_deflate(dcpl.id, UInt32(level)), "set deflate") }
        let lcpl = try HDF5Group.linkCreation()
        let id = try check(
            H5Dcreate2(group.id, name, fileType, space.id, lcpl.id, dcpl.id, ip_P_DEFAULT()),
            "create dataset '\(name)'")
        return HDF5Dataset(id: id, name: name, parent: group, options: options, elementSize: elementSize)
    }

    static func open(in group: HDF5Group, name: String) throws -> HDF5Dataset {
        HDF5Library.ensure()
        let id = try check(H5Dopen2(group.id, name, ip_P_DEFAULT()), "open dataset '\(name)'")
        return HDF5Dataset(id: id, name: name, parent: group)
    }

    /// Number of elements.
    /// Bytes the dataset's data take in the file (its chunks as stored, after filters).
    public func storageSize() -> Int {
        HDF5Library.ensure()
        return Int(H5Dget_storage_size(id))
    }

    public func count() throws -> Int {
        HDF5Library.ensure()
        let space = Scoped(try check(H5Dget_space(id), "get dataspace of '\(name)'"), H5Sclose)
        let rank = H5Sget_simple_extent_ndims(space.id)
        if rank == 0 { return 1 }
        guard rank == 1 else { throw HDF5Error(operation: "'\(name)' has rank \(rank); only 1-D datasets are supported", stack: "") }
        var dims: hsize_t = 0
        try check(H5Sget_simple_extent_dims(space.id, &dims, nil), "get extent of '\(name)'")
        return Int(dims)
    }

    /// The element type.
    public func typeClass() throws -> HDF5TypeClass {
        HDF5Library.ensure()
        let t = Scoped(try check(H5Dget_type(id), "get type of '\(name)'"), H5Tclose)
        return HDF5.typeClass(of: t.id)
    }

    /// Elements per chunk (nil when the dataset is contiguous).
    public func chunkSize() throws -> Int? {
        HDF5Library.ensure()
        let dcpl = Scoped(try check(H5Dget_create_plist(id), "get creation properties"), H5Pclose)
        guard H5Pget_layout(dcpl.id) == H5D_CHUNKED else { return nil }
        var dims: hsize_t = 0
        _ = H5Pget_chunk(dcpl.id, 1, &dims)
        return Int(dims)
    }

    /// How a dataset's chunks are stored, when `storedChunk` can undo it: the chunk size and
    /// whether shuffle and deflate are declared (no other filter).
    struct StoredLayout {
        var chunk: Int, shuffle: Bool, deflate: Bool
    }
    /// Read once per handle (nil inside: contiguous, or filters `storedChunk` cannot undo).
    private var knownStoredLayout: StoredLayout??

    func storedLayout() throws -> StoredLayout? {
        if let known = knownStoredLayout { return known }
        var layout: StoredLayout?
        if let chunk = try chunkSize() {
            let dcpl = Scoped(try check(H5Dget_create_plist(id), "get creation properties"), H5Pclose)
            var filters: [H5Z_filter_t] = []
            for i in 0..<max(0, H5Pget_nfilters(dcpl.id)) {
                var flags: UInt32 = 0, config: UInt32 = 0, values = 0
                var filterName = [CChar](repeating: 0, count: 64)
                filters.append(H5Pget_filter2(dcpl.id, UInt32(i), &flags, &values, nil, filterName.count, &filterName, &config))
            }
            let (shuffle, deflate) = (H5Z_filter_t(H5Z_FILTER_SHUFFLE), H5Z_filter_t(H5Z_FILTER_DEFLATE))
            switch filters {
            case [], [deflate], [shuffle], [shuffle, deflate]:
                layout = StoredLayout(chunk: chunk, shuffle: filters.contains(shuffle), deflate: filters.contains(deflate))
            default: layout = nil
            }
        }
        knownStoredLayout = .some(layout)
        return layout
    }

    /// Grows the dataset by `n` and returns a file dataspace selecting the new elements.
    private func extend(by n: Int) throws -> (file: Scoped, memory: Scoped, offset: Int) {
        let old = try count()
        var newSize = hsize_t(old + n)
        try check(H5Dset_extent(id, &newSize), "extend '\(name)' to \(old + n)")
        let file = Scoped(try check(H5Dget_space(id), "get dataspace"), H5Sclose)
        var start = hsize_t(old), cnt = hsize_t(n)
        try check(H5Sselect_hyperslab(file.id, H5S_SELECT_SET, &start, nil, &cnt, nil), "select appended range")
        var dims = hsize_t(n)
        let memory = Scoped(try check(H5Screate_simple(1, &dims, nil), "create memory dataspace"), H5Sclose)
        return (file, memory, old)
    }

    /// Selects `range` of the file for reading.
    private func select(_ range: Range<Int>?) throws -> (file: Scoped, memory: Scoped, count: Int) {
        let total = try count()
        let r = range ?? 0..<total
        guard r.lowerBound >= 0, r.upperBound <= total else {
            throw HDF5Error(operation: "read \(r) of '\(name)' which has \(total) elements", stack: "")
        }
        let file = Scoped(try check(H5Dget_space(id), "get dataspace"), H5Sclose)
        var start = hsize_t(r.lowerBound), cnt = hsize_t(r.count)
        if H5Sget_simple_extent_ndims(file.id) == 1 {
            try check(H5Sselect_hyperslab(file.id, H5S_SELECT_SET, &start, nil, &cnt, nil), "select range")
        }
        var dims = hsize_t(r.count)
        let memory = Scoped(try check(H5Screate_simple(1, &dims, nil), "create memory dataspace"), H5Sclose)
        return (file, memory, r.count)
    }

    /// Appends numbers to the end.
    public func append<T: HDF5Element>(_ values: [T]) throws {
        try values.withUnsafeBufferPointer { try append($0) }
    }

    public func append<T: HDF5Element>(_ values: UnsafeBufferPointer<T>) throws {
        HDF5Library.ensure()
        guard !values.isEmpty else { return }
        chunkedCount = nil
        let s = try extend(by: values.count)
        try check(
            H5Dwrite(id, T.memoryType, s.memory.id, s.file.id, ip_P_DEFAULT(), values.baseAddress),
            "append \(values.count) values to '\(name)'")
    }

    /// Reads numbers, converting from the stored type when they differ (int8 codes read as Int32…).
    public func read<T: HDF5Element>(_ range: Range<Int>? = nil, as: T.Type = T.self) throws -> [T] {
        HDF5Library.ensure()
        let s = try select(range)
        if s.count == 0 { return [] }
        // Read into uninitialized room: filling it with zeros first went element by element
        // through the generic's value witness (this is not specialized across modules), 1 % of
        // a report's time spent before HDF5 overwrote every element anyway. Elements are plain
        // numbers; on a failure no element counts as initialized.
        return try [T](unsafeUninitializedCapacity: s.count) { buf, initialized in
            try check(
                H5Dread(id, T.memoryType, s.memory.id, s.file.id, ip_P_DEFAULT(), buf.baseAddress),
                "read '\(name)'")
            initialized = s.count
        }
    }

    /// Appends strings (the dataset's own string type decides fixed or variable length).
    /// Fixed-length strings longer than the dataset's length are an error, never truncated.
    public func appendStrings(_ values: [String]) throws {
        HDF5Library.ensure()
        guard !values.isEmpty else { return }
        let fileType = Scoped(try check(H5Dget_type(id), "get type"), H5Tclose)
        if H5Tis_variable_str(fileType.id) > 0 {
            let memType = try makeVariableStringType()
            let s = try extend(by: values.count)
            try withCStringArray(values, emptyAsNull: true) { ptrs in
                try check(
                    H5Dwrite(id, memType.id, s.memory.id, s.file.id, ip_P_DEFAULT(), ptrs),
                    "append \(values.count) strings to '\(name)'")
            }
        } else {
            let length = H5Tget_size(fileType.id)
            var bytes = [UInt8](repeating: 0, count: values.count * length)
            for (i, v) in values.enumerated() {
                let utf8 = Array(v.utf8)
                guard utf8.count <= length else {
                    throw HDF5Error(
                        operation: "string '\(v)' is \(utf8.count) bytes, longer than the \(length) bytes of '\(name)'", stack: "")
                }
                bytes.replaceSubrange(i * length..<(i * length + utf8.count), with: utf8)
            }
            let s = try extend(by: values.count)
            try check(H5Dwrite(id, fileType.id, s.memory.id, s.file.id, ip_P_DEFAULT(), bytes), "append strings to '\(name)'")
        }
    }

    /// Appends texts given as NUL-terminated UTF-8 in one buffer: text `i` starts at `starts[i]`
    /// and ends with its NUL before `starts[i + 1]` (`starts` has one entry more than there are
    /// texts). A caller that has the bytes already need not make a String of each. Empty texts
    /// are written as null, as `appendStrings` writes them.
    public func appendStrings(nulTerminated bytes: [UInt8], starts: [Int]) throws {
        HDF5Library.ensure()
        let count = starts.count - 1
        guard count > 0 else { return }
        let fileType = Scoped(try check(H5Dget_type(id), "get type"), H5Tclose)
        guard H5Tis_variable_str(fileType.id) > 0 else {
            return try appendStrings((0..<count).map { String(decoding: bytes[starts[$0]..<starts[$0 + 1] - 1], as: UTF8.self) })
        }
        let memType = try makeVariableStringType()
        let s = try extend(by: count)
        try withCStringPointers(bytes, starts: starts, emptyAsNull: true) { ptrs in
            try check(
                H5Dwrite(id, memType.id, s.memory.id, s.file.id, ip_P_DEFAULT(), ptrs),
                "append \(count) strings to '\(name)'")
        }
    }

    /// Appends one chunk of texts (NUL-terminated UTF-8, as `appendStrings(nulTerminated:starts:)`
    /// takes them) to a variable-length string dataset this handle created, at a chunk boundary:
    /// a full chunk, or the last, shorter run. A full chunk of empty texts only is written with
    /// `H5Dwrite_chunk` as HDF5 itself stores a chunk of null references (16 zero bytes each,
    /// no heap object; `HDF5RoundTripTests` checks that against the library), filtered once and
    /// reused; any other chunk goes through the library. Why: HDF5 converts a variable-length
    /// element at a time, null or not, and the report's NOTE and AVALC, empty on most rows,
    /// cost 5-8 % of a CFB-only report that way.
    public func appendStringChunk(nulTerminated bytes: [UInt8], starts: [Int], using filter: ChunkFilter) throws {
        HDF5Library.ensure()
        let count = starts.count - 1
        guard count > 0 else { return }
        guard let options, elementSize == nil else {
            throw HDF5Error(
                operation: "appendStringChunk on '\(name)': only for a variable-length string dataset this handle created", stack: "")
        }
        let offset = try chunkedCount ?? self.count()
        guard offset % options.chunk == 0, count <= options.chunk else {
            throw HDF5Error(operation: "appendStringChunk of \(count) texts at \(offset) of '\(name)' (chunk \(options.chunk))", stack: "")
        }
        let allEmpty = zip(starts, starts.dropFirst()).allSatisfy { $1 - $0 == 1 }
        #if _endian(little)
            if allEmpty && count == options.chunk {
                if nullChunk == nil {
                    // HDF5 skips a declared shuffle for variable-length elements (the chunk's
                    // filter mask says so): deflated only, as the library stores it.
                    let zeros = [UInt8](repeating: 0, count: options.chunk * Self.variableLengthDiskSize)
                    let shuffleDeclared = options.shuffle && options.deflate != nil
                    nullChunk = try zeros.withUnsafeBytes { raw in
                        try filter.filter(
                            raw, elementSize: Self.variableLengthDiskSize, chunkBytes: raw.count, shuffle: false,
                            level: options.deflate, deflate: .standard, choice: &deflateChoice
                        ) { filtered in
                            guard shuffleDeclared else { return (Array(filtered.bytes), filtered.mask) }
                            let deflateSkipped = filtered.mask != 0 ? ChunkFilter.deflateSkipped(shuffleDeclared: true) : 0
                            return (Array(filtered.bytes), ChunkFilter.shuffleSkipped | deflateSkipped)
                        }
                    }
                }
                try writeCompressedChunk(nullChunk!.bytes, at: offset, newCount: offset + count, filterMask: nullChunk!.mask)
                chunkedCount = offset + count
                return
            }
        #endif
        try appendStrings(nulTerminated: bytes, starts: starts)
        chunkedCount = offset + count
    }

    /// A variable-length element as stored in a chunk: its length (4 bytes) and its global heap
    /// id (an 8-byte collection address and a 4-byte index), all zero for a null reference.
    static let variableLengthDiskSize = 16

    /// Reads strings, fixed or variable length.
    public func readStrings(_ range: Range<Int>? = nil) throws -> [String] {
        HDF5Library.ensure()
        let s = try select(range)
        if s.count == 0 { return [] }
        let fileType = Scoped(try check(H5Dget_type(id), "get type"), H5Tclose)
        guard H5Tget_class(fileType.id) == H5T_STRING else {
            throw HDF5Error(operation: "'\(name)' does not hold strings", stack: "")
        }
        if H5Tis_variable_str(fileType.id) > 0 {
            let memType = try makeVariableStringType()
            var ptrs = [UnsafeMutablePointer<CChar>?](repeating: nil, count: s.count)
            try check(H5Dread(id, memType.id, s.memory.id, s.file.id, ip_P_DEFAULT(), &ptrs), "read strings of '\(name)'")
            let out = ptrs.map { $0.map { String(cString: $0) } ?? "" }
            _ = H5Dvlen_reclaim(memType.id, s.memory.id, ip_P_DEFAULT(), &ptrs)
            return out
        }
        let length = H5Tget_size(fileType.id)
        var bytes = [UInt8](repeating: 0, count: s.count * length)
        try check(H5Dread(id, fileType.id, s.memory.id, s.file.id, ip_P_DEFAULT(), &bytes), "read strings of '\(name)'")
        return (0..<s.count).map { i in
            let slice = bytes[i * length..<(i + 1) * length]
            let end = slice.firstIndex(of: 0) ?? slice.endIndex
            return String(decoding: slice[slice.startIndex..<end], as: UTF8.self)
        }
    }

    /// Writes one already-compressed chunk at element offset `offset` (a multiple of the chunk
    /// size), growing the dataset to `newCount`. Compression (shuffle + deflate, exactly as the
    /// dataset's filters are declared) is the caller's; `filterMask` has bit i set for each
    /// declared filter i that was not applied.
    public func writeCompressedChunk(_ bytes: UnsafeRawBufferPointer, at offset: Int, newCount: Int, filterMask: UInt32 = 0) throws {
        HDF5Library.ensure()
        var size = hsize_t(newCount)
        if try (chunkedCount ?? count()) < newCount { try check(H5Dset_extent(id, &size), "extend '\(name)'") }
        var off = hsize_t(offset)
        try check(ip_write_chunk(id, &off, filterMask, bytes.count, bytes.baseAddress), "write chunk at \(offset) of '\(name)'")
    }

    public func writeCompressedChunk(_ bytes: [UInt8], at offset: Int, newCount: Int, filterMask: UInt32 = 0) throws {
        try bytes.withUnsafeBytes { try writeCompressedChunk($0, at: offset, newCount: newCount, filterMask: filterMask) }
    }

    /// Appends one chunk of values — a full chunk, or the last, shorter run — filtering it here
    /// with the dataset's declared shuffle and deflate (see `ChunkFilter`) and writing it with
    /// `H5Dwrite_chunk`. Every earlier append must have been a full chunk. Only for datasets
    /// this handle created (their filters are known) on a little-endian machine (where the
    /// values' bytes are the file's).
    public func appendChunk<T: HDF5Element>(
        _ values: UnsafeBufferPointer<T>, using filter: ChunkFilter,
        deflate: ChunkFilter.Deflate = .standard
    ) throws {
        try appendChunk(UnsafeRawBufferPointer(values), elementSize: MemoryLayout<T>.stride, using: filter, deflate: deflate)
    }

    /// `appendChunk` for a fixed-length string dataset (`HDF5Group.createStringDataset` with a
    /// `fixedLength`): `bytes` holds the strings one after the other, each NUL-padded to the
    /// dataset's length.
    public func appendFixedStringChunk(
        _ bytes: UnsafeRawBufferPointer, using filter: ChunkFilter, deflate: ChunkFilter.Deflate = .standard
    ) throws {
        try appendChunk(bytes, elementSize: elementSize ?? 0, using: filter, deflate: deflate)
    }

    private func appendChunk(
        _ raw: UnsafeRawBufferPointer, elementSize: Int, using filter: ChunkFilter, deflate: ChunkFilter.Deflate
    ) throws {
        guard let options, let declared = self.elementSize else {
            throw HDF5Error(
                operation: "appendChunk on '\(name)': only for a dataset of fixed-size elements that this handle created", stack: "")
        }
        #if _endian(big)
            throw HDF5Error(operation: "appendChunk needs a little-endian machine", stack: "")
        #else
            guard elementSize == declared, raw.count % elementSize == 0 else {
                throw HDF5Error(
                    operation: "appendChunk of \(raw.count) bytes in elements of \(elementSize) to '\(name)' (elements of \(declared))",
                    stack: "")
            }
            let count = raw.count / elementSize
            guard count > 0 else { return }
            let offset = try chunkedCount ?? self.count()
            guard offset % options.chunk == 0, count <= options.chunk else {
                throw HDF5Error(
                    operation: "appendChunk of \(count) values at \(offset) of '\(name)' (chunk \(options.chunk))", stack: "")
            }
            let shuffleDeclared = options.shuffle && options.deflate != nil
            try filter.filter(
                raw, elementSize: elementSize, chunkBytes: options.chunk * elementSize,
                shuffle: shuffleDeclared, level: options.deflate, deflate: deflate, choice: &deflateChoice
            ) { filtered in
                try writeCompressedChunk(filtered.bytes, at: offset, newCount: offset + count, filterMask: filtered.mask)
            }
            chunkedCount = offset + count
        #endif
    }
}

/// Calls `body` with `strings` as C strings for a variable-length write: all in one NUL-separated buffer (one
/// allocation, not one per string). With `emptyAsNull` (dataset rows) the empty string is a null
/// pointer, which HDF5 stores as a null reference instead of a global-heap object of its own
/// (every reader, ours and h5py, reads it back as the empty string): most rows of a column such
/// as a note are empty. Attributes keep a real empty string.
func withCStringArray<R>(
    _ strings: [String], emptyAsNull: Bool = false, _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) throws -> R
) rethrows -> R {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(strings.reduce(0) { $0 + $1.utf8.count + 1 })
    var starts: [Int] = []
    starts.reserveCapacity(strings.count + 1)
    for s in strings {
        starts.append(bytes.count)
        // One copy of the string's contiguous UTF-8, not an append per byte (a report stores
        // a text per row this way).
        bytes.append(contentsOf: s.utf8)
        bytes.append(0)
    }
    starts.append(bytes.count)
    return try withCStringPointers(bytes, starts: starts, emptyAsNull: emptyAsNull, body)
}

/// C string pointers into NUL-terminated UTF-8 (`starts` as `appendStrings(nulTerminated:)`
/// takes them), null for an empty text when `emptyAsNull`. HDF5 only reads through them (its
/// type says `char *`).
func withCStringPointers<R>(
    _ bytes: [UInt8], starts: [Int], emptyAsNull: Bool,
    _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) throws -> R
) rethrows -> R {
    let count = max(0, starts.count - 1)
    return try bytes.withUnsafeBytes { raw in
        let base = raw.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: CChar.self)) }
        let ptrs = [UnsafeMutablePointer<CChar>?](unsafeUninitializedCapacity: count) { out, initialized in
            for i in 0..<count {
                let empty = starts[i + 1] - starts[i] == 1
                out[i] = emptyAsNull && empty ? nil : base! + starts[i]
            }
            initialized = count
        }
        return try ptrs.withUnsafeBufferPointer { try body($0.baseAddress!) }
    }
}
