import CHDF5

/// Groups and datasets carry attributes: small named values (strings, string arrays, numbers).
public protocol HDF5AttributeOwner: AnyObject {
    var id: hid_t { get }
}

extension HDF5AttributeOwner {
    public func hasAttribute(_ name: String) -> Bool {
        HDF5Library.ensure()
        return H5Aexists(id, name) > 0
    }

    /// Writes (replacing) a scalar UTF-8 string attribute, as h5py writes a `str`.
    public func setAttribute(_ name: String, _ value: String) throws {
        HDF5Library.ensure()
        let type = try makeVariableStringType()
        let space = Scoped(try check(H5Screate(H5S_SCALAR), "create scalar dataspace"), H5Sclose)
        let attr = try createAttribute(name, type: type.id, space: space.id)
        try withCStringArray([value]) { ptrs in
            try check(H5Awrite(attr.id, type.id, ptrs), "write attribute '\(name)'")
        }
    }

    /// Writes (replacing) a 1-D array of UTF-8 strings (AnnData's `column-order`).
    public func setAttribute(_ name: String, _ values: [String]) throws {
        HDF5Library.ensure()
        let type = try makeVariableStringType()
        var dims = hsize_t(values.count)
        // An empty array must still be 1-D with length 0 (h5py writes it so for empty lists).
        let space = Scoped(
            values.isEmpty
                ? try check(H5Screate(H5S_NULL), "create null dataspace")
                : try check(H5Screate_simple(1, &dims, nil), "create dataspace"), H5Sclose)
        let attr = try createAttribute(name, type: type.id, space: space.id)
        if values.isEmpty { return }
        try withCStringArray(values) { ptrs in
            try check(H5Awrite(attr.id, type.id, ptrs), "write attribute '\(name)'")
        }
    }

    /// Writes (replacing) a scalar number attribute.
    public func setAttribute<T: HDF5Element>(_ name: String, _ value: T) throws {
        HDF5Library.ensure()
        let space = Scoped(try check(H5Screate(H5S_SCALAR), "create scalar dataspace"), H5Sclose)
        let attr = try createAttribute(name, type: T.fileType, space: space.id)
        try [value].withUnsafeBufferPointer { buf in
            try check(H5Awrite(attr.id, T.memoryType, buf.baseAddress), "write attribute '\(name)'")
        }
    }

    /// Writes (replacing) a 1-D number array attribute.
    public func setAttribute<T: HDF5Element>(_ name: String, _ values: [T]) throws {
        HDF5Library.ensure()
        var dims = hsize_t(values.count)
        let space = Scoped(try check(H5Screate_simple(1, &dims, nil), "create dataspace"), H5Sclose)
        let attr = try createAttribute(name, type: T.fileType, space: space.id)
        try values.withUnsafeBufferPointer { buf in
            try check(H5Awrite(attr.id, T.memoryType, buf.baseAddress), "write attribute '\(name)'")
        }
    }

    /// Reads a string attribute (scalar, or the first element of an array).
    public func stringAttribute(_ name: String) throws -> String? {
        HDF5Library.ensure()
        return try stringArrayAttribute(name)?.first
    }

    /// Reads a string or string-array attribute, variable or fixed length.
    public func stringArrayAttribute(_ name: String) throws -> [String]? {
        HDF5Library.ensure()
        guard hasAttribute(name) else { return nil }
        let attr = Scoped(try check(H5Aopen(id, name, ip_P_DEFAULT()), "open attribute '\(name)'"), H5Aclose)
        let type = Scoped(try check(H5Aget_type(attr.id), "get attribute type"), H5Tclose)
        guard H5Tget_class(type.id) == H5T_STRING else { return nil }
        let space = Scoped(try check(H5Aget_space(attr.id), "get attribute space"), H5Sclose)
        let n = Int(H5Sget_simple_extent_npoints(space.id))
        if n <= 0 { return [] }
        if H5Tis_variable_str(type.id) > 0 {
            let memType = try makeVariableStringType()
            var ptrs = [UnsafeMutablePointer<CChar>?](repeating: nil, count: n)
            try check(H5Aread(attr.id, memType.id, &ptrs), "read attribute '\(name)'")
            let out = ptrs.map { $0.map { String(cString: $0) } ?? "" }
            _ = H5Dvlen_reclaim(memType.id, space.id, ip_P_DEFAULT(), &ptrs)
            return out
        }
        let length = H5Tget_size(type.id)
        var bytes = [UInt8](repeating: 0, count: n * length)
        try check(H5Aread(attr.id, type.id, &bytes), "read attribute '\(name)'")
        return (0..<n).map { i in
            let slice = bytes[i * length..<(i + 1) * length]
            let end = slice.firstIndex(of: 0) ?? slice.endIndex
            return String(decoding: slice[slice.startIndex..<end], as: UTF8.self)
        }
    }

    /// Reads a numeric attribute (scalar, or the first element), converted to `T`.
    public func numberAttribute<T: HDF5Element>(_ name: String, as: T.Type = T.self) throws -> T? {
        HDF5Library.ensure()
        return try numberArrayAttribute(name, as: T.self)?.first
    }

    public func numberArrayAttribute<T: HDF5Element>(_ name: String, as: T.Type = T.self) throws -> [T]? {
        HDF5Library.ensure()
        guard hasAttribute(name) else { return nil }
        let attr = Scoped(try check(H5Aopen(id, name, ip_P_DEFAULT()), "open attribute '\(name)'"), H5Aclose)
        let type = Scoped(try check(H5Aget_type(attr.id), "get attribute type"), H5Tclose)
        let cls = H5Tget_class(type.id)
        guard cls == H5T_INTEGER || cls == H5T_FLOAT || cls == H5T_ENUM else { return nil }
        let space = Scoped(try check(H5Aget_space(attr.id), "get attribute space"), H5Sclose)
        let n = max(1, Int(H5Sget_simple_extent_npoints(space.id)))
        var out = [T](repeating: T.zero, count: n)
        if cls == H5T_ENUM {
            // h5py's bools: read the enum's integer base type.
            let base = Scoped(H5Tget_super(type.id), H5Tclose)
            var raw = [Int8](repeating: 0, count: n * H5Tget_size(base.id))
            try check(H5Aread(attr.id, base.id, &raw), "read attribute '\(name)'")
            return raw.prefix(n).map { T(exactly: Int64($0)) }
        }
        try out.withUnsafeMutableBufferPointer { buf in
            try check(H5Aread(attr.id, T.memoryType, buf.baseAddress), "read attribute '\(name)'")
        }
        return out
    }

    /// Names of all attributes.
    public func attributeNames() throws -> [String] {
        HDF5Library.ensure()
        var info = H5O_info_t()
        try check(H5Oget_info2(id, &info, UInt32(H5O_INFO_NUM_ATTRS)), "count attributes")
        var names: [String] = []
        for i in 0..<info.num_attrs {
            let len = H5Aget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, i, nil, 0, ip_P_DEFAULT())
            guard len >= 0 else { throw HDF5Error.current("read attribute name") }
            var buf = [CChar](repeating: 0, count: Int(len) + 1)
            _ = H5Aget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, i, &buf, buf.count, ip_P_DEFAULT())
            names.append(String(decoding: buf.prefix(Int(len)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return names
    }

    /// Creates an attribute, replacing one of the same name, with a UTF-8 name.
    private func createAttribute(_ name: String, type: hid_t, space: hid_t) throws -> Scoped {
        if H5Aexists(id, name) > 0 { try check(H5Adelete(id, name), "replace attribute '\(name)'") }
        let acpl = Scoped(try check(H5Pcreate(ip_P_ATTRIBUTE_CREATE()), "create attribute property list"), H5Pclose)
        try check(H5Pset_char_encoding(acpl.id, H5T_CSET_UTF8), "set UTF-8 attribute name")
        return Scoped(try check(H5Acreate2(id, name, type, space, acpl.id, ip_P_DEFAULT()), "create attribute '\(name)'"), H5Aclose)
    }
}
