import CHDF5

/// A group: a folder of datasets and groups, with attributes.
public final class HDF5Group: Handle, HDF5AttributeOwner, @unchecked Sendable {
    public let name: String

    private init(id: hid_t, name: String, parent: Handle) {
        self.name = name
        super.init(id, parent: parent, closer: H5Gclose)
    }

    static func open(in parent: Handle, name: String) throws -> HDF5Group {
        HDF5Library.ensure()
        let id = try check(H5Gopen2(parent.id, name, ip_P_DEFAULT()), "open group '\(name)'")
        return HDF5Group(id: id, name: name, parent: parent)
    }

    /// Link creation properties: UTF-8 names (so `TNF-α` reads back as text in h5py) and
    /// intermediate groups created on demand.
    static func linkCreation() throws -> Scoped {
        let lcpl = Scoped(try check(H5Pcreate(ip_P_LINK_CREATE()), "create link property list"), H5Pclose)
        try check(H5Pset_char_encoding(lcpl.id, H5T_CSET_UTF8), "set UTF-8 link names")
        try check(H5Pset_create_intermediate_group(lcpl.id, 1), "set intermediate groups")
        return lcpl
    }

    /// Creates a child group (and any missing groups on its path).
    public func createGroup(_ name: String) throws -> HDF5Group {
        HDF5Library.ensure()
        let lcpl = try Self.linkCreation()
        let gid = try check(H5Gcreate2(id, name, lcpl.id, ip_P_DEFAULT(), ip_P_DEFAULT()), "create group '\(name)'")
        return HDF5Group(id: gid, name: name, parent: self)
    }

    public func openGroup(_ name: String) throws -> HDF5Group {
        return try Self.open(in: self, name: name)
    }

    /// Whether a direct child of that name exists.
    public func contains(_ name: String) -> Bool {
        HDF5Library.ensure()
        return H5Lexists(id, name, ip_P_DEFAULT()) > 0
    }

    /// Names of the direct children, in name order.
    public func memberNames() throws -> [String] {
        HDF5Library.ensure()
        final class Box { var names: [String] = [] }
        let box = Box()
        let unmanaged = Unmanaged.passRetained(box)
        defer { unmanaged.release() }
        var idx: hsize_t = 0
        let status = H5Literate(
            id, H5_INDEX_NAME, H5_ITER_INC, &idx,
            { _, name, _, data in
                guard let name, let data else { return 0 }
                Unmanaged<Box>.fromOpaque(data).takeUnretainedValue().names.append(String(cString: name))
                return 0
            }, unmanaged.toOpaque())
        try check(status, "list members of '\(name)'")
        return box.names
    }

    /// Whether the child is a group (false for datasets).
    public func isGroup(_ name: String) -> Bool {
        HDF5Library.ensure()
        var info = H5O_info_t()
        guard H5Oget_info_by_name2(id, name, &info, UInt32(H5O_INFO_BASIC), ip_P_DEFAULT()) >= 0 else {
            _ = HDF5Error.current("inspect")
            return false
        }
        return info.type == H5O_TYPE_GROUP
    }

    /// Creates an extendible 1-D dataset of numbers, chunked, with shuffle + deflate.
    public func createDataset<T: HDF5Element>(_ name: String, of: T.Type, options: DatasetOptions = .init()) throws -> HDF5Dataset {
        try HDF5Dataset.create(in: self, name: name, fileType: T.fileType, options: options, elementSize: MemoryLayout<T>.stride)
    }

    /// Creates an extendible 1-D dataset of UTF-8 strings: variable-length (as h5py writes
    /// `str`) when `fixedLength` is nil; fixed-length NUL-padded otherwise, which compresses far
    /// better for long columns of short identifiers.
    public func createStringDataset(_ name: String, fixedLength: Int? = nil, options: DatasetOptions = .init()) throws -> HDF5Dataset {
        let type = try fixedLength.map { try makeFixedStringType(length: $0) } ?? makeVariableStringType()
        return try HDF5Dataset.create(
            in: self, name: name, fileType: type.id, options: options, elementSize: fixedLength.map { max(1, $0) })
    }

    public func openDataset(_ name: String) throws -> HDF5Dataset {
        try HDF5Dataset.open(in: self, name: name)
    }

    /// Creates a dataset and writes `values` into it in one call.
    @discardableResult
    public func writeDataset<T: HDF5Element>(_ name: String, _ values: [T], options: DatasetOptions = .init()) throws -> HDF5Dataset {
        let d = try createDataset(name, of: T.self, options: options)
        try d.append(values)
        return d
    }
}

/// Storage options for a new dataset.
public struct DatasetOptions: Sendable {
    /// Elements per chunk; chunking is what makes a dataset extendible and compressible.
    public var chunk: Int
    /// Deflate (gzip) level 0–9; nil for none.
    public var deflate: Int?
    /// Byte shuffle before deflate: groups bytes of equal significance, which compresses numbers
    /// far better.
    public var shuffle: Bool

    public init(chunk: Int = 65536, deflate: Int? = 4, shuffle: Bool = true) {
        self.chunk = chunk
        self.deflate = deflate
        self.shuffle = shuffle
    }
}
