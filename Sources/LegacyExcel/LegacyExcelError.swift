/// Why a legacy Excel file could not be read: what is wrong, in which stream, at which byte.
///
/// `stream` is `nil` for the compound file's own structures (header, FAT, directory); `offset`
/// is the byte offset in the file or in the named stream.
public struct LegacyExcelError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var stream: String?
    public var offset: Int?

    public init(_ message: String, stream: String? = nil, offset: Int? = nil) {
        self.message = message
        self.stream = stream
        self.offset = offset
    }

    public var description: String {
        var place: [String] = []
        if let stream { place.append("stream '\(stream)'") }
        if let offset { place.append("offset \(offset)") }
        return place.isEmpty ? message : "\(message) (\(place.joined(separator: ", ")))"
    }
}
