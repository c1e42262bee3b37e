/// Where in an input file something was found. Lines and columns are 1-based, as an editor shows
/// them; column 0 means "the whole line", line 0 "the whole file".
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String {
        switch (line, column) {
        case (0, _): return file
        case (_, 0): return "\(file):\(line)"
        default: return "\(file):\(line):\(column)"
        }
    }
}
