import CHDF5

/// Fixed-size numbers HDF5 datasets and attributes can hold. Files store them little-endian, as
/// h5py and numpy write them.
public protocol HDF5Element: Sendable, BitwiseCopyable {
    /// The in-memory type.
    static var memoryType: hid_t { get }
    /// The type written to the file.
    static var fileType: hid_t { get }
    static var zero: Self { get }
    /// Converts a small integer (h5py's enum-encoded bools) to this type.
    init(exactly value: Int64)
}

extension Double: HDF5Element {
    public init(exactly value: Int64) { self.init(value) }
    public static var memoryType: hid_t { ip_T_NATIVE_DOUBLE() }
    public static var fileType: hid_t { ip_T_IEEE_F64LE() }
}
extension Float: HDF5Element {
    public init(exactly value: Int64) { self.init(value) }
    public static var memoryType: hid_t { ip_T_NATIVE_FLOAT() }
    public static var fileType: hid_t { ip_T_IEEE_F32LE() }
}
extension Int8: HDF5Element {
    public init(exactly value: Int64) { self = Int8(truncatingIfNeeded: value) }
    public static var memoryType: hid_t { ip_T_NATIVE_INT8() }
    public static var fileType: hid_t { ip_T_STD_I8LE() }
}
extension Int16: HDF5Element {
    public init(exactly value: Int64) { self = Int16(truncatingIfNeeded: value) }
    public static var memoryType: hid_t { ip_T_NATIVE_INT16() }
    public static var fileType: hid_t { ip_T_STD_I16LE() }
}
extension Int32: HDF5Element {
    public init(exactly value: Int64) { self = Int32(truncatingIfNeeded: value) }
    public static var memoryType: hid_t { ip_T_NATIVE_INT32() }
    public static var fileType: hid_t { ip_T_STD_I32LE() }
}
extension Int64: HDF5Element {
    public init(exactly value: Int64) { self = Int64(truncatingIfNeeded: value) }
    public static var memoryType: hid_t { ip_T_NATIVE_INT64() }
    public static var fileType: hid_t { ip_T_STD_I64LE() }
}
extension UInt8: HDF5Element {
    public init(exactly value: Int64) { self = UInt8(truncatingIfNeeded: value) }
    public static var memoryType: hid_t { ip_T_NATIVE_UINT8() }
    public static var fileType: hid_t { ip_T_STD_U8LE() }
}

/// The element type of an existing dataset or attribute, as far as immunopipe cares.
public enum HDF5TypeClass: Equatable, Sendable {
    case float(bits: Int)
    case signedInteger(bits: Int)
    case unsignedInteger(bits: Int)
    case variableString
    case fixedString(length: Int)
    case other
}

/// Variable-length UTF-8 string type, as h5py writes `str`.
func makeVariableStringType() throws -> Scoped {
    let t = try check(H5Tcopy(ip_T_C_S1()), "copy string type")
    try check(H5Tset_size(t, ip_VARIABLE()), "set variable string size")
    try check(H5Tset_cset(t, H5T_CSET_UTF8), "set UTF-8")
    return Scoped(t, H5Tclose)
}

/// Fixed-length UTF-8 string type, NUL-padded.
func makeFixedStringType(length: Int) throws -> Scoped {
    let t = try check(H5Tcopy(ip_T_C_S1()), "copy string type")
    try check(H5Tset_size(t, max(1, length)), "set fixed string size")
    try check(H5Tset_cset(t, H5T_CSET_UTF8), "set UTF-8")
    try check(H5Tset_strpad(t, H5T_STR_NULLPAD), "set string padding")
    return Scoped(t, H5Tclose)
}

func typeClass(of type: hid_t) -> HDF5TypeClass {
    let size = H5Tget_size(type)
    switch H5Tget_class(type) {
    case H5T_FLOAT: return .float(bits: size * 8)
    case H5T_INTEGER: return H5Tget_sign(type) == H5T_SGN_NONE ? .unsignedInteger(bits: size * 8) : .signedInteger(bits: size * 8)
    case H5T_ENUM: return .signedInteger(bits: size * 8) // h5py writes numpy bools as an int8 enum
    case H5T_STRING: return H5Tis_variable_str(type) > 0 ? .variableString : .fixedString(length: size)
    default: return .other
    }
}
