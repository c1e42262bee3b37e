import FileIO
import Foundation
import NIOCore

/// Reads a multipart/form-data body as it arrives and writes each file part straight to its own
/// file in a spool directory: no whole file is ever held in memory, and the client's file name
/// is kept only as a display name (the spool file is `<n>.<ext>`, so a name like
/// `../../etc/passwd` never becomes a path). Small text fields (the CSRF token) are kept in memory.
struct MultipartSpool {
    struct SpooledFile: Sendable {
        /// The form field (`file`, `randomization`).
        var field: String
        /// The client's file name, reduced to a safe display name.
        var name: String
        var path: String
        var size: Int64
    }

    enum Failure: Error, Equatable {
        case tooLarge
        case malformed(String)
    }

    var files: [SpooledFile] = []
    var fields: [String: String] = [:]

    static let maxHeaderBytes = 16 * 1024
    static let maxFieldBytes = 64 * 1024

    /// The boundary of a `multipart/form-data; boundary=...` content type.
    static func boundary(contentType: String?) -> String? {
        guard let ct = contentType, ct.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for param in ct.split(separator: ";").dropFirst() {
            let kv = param.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2, kv[0].lowercased() == "boundary" {
                let b = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return b.isEmpty || b.count > 200 ? nil : b
            }
        }
        return nil
    }

    /// Spools `body` into `directory` (created). Throws `.tooLarge` once more than `limit` bytes
    /// arrived, `.malformed` for a body that is not multipart as announced.
    static func read<Body: AsyncSequence>(
        _ body: Body, boundary: String, into directory: String,
        limit: Int64
    ) async throws -> MultipartSpool where Body.Element == ByteBuffer {
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        var parser = Parser(boundary: boundary, directory: directory)
        var received: Int64 = 0
        do {
            for try await buffer in body {
                received += Int64(buffer.readableBytes)
                if received > limit { throw Failure.tooLarge }
                try buffer.withUnsafeReadableBytes { try parser.feed($0) }
            }
            try parser.finish()
        } catch {
            parser.closeOutput()
            throw error
        }
        return parser.result
    }

    /// The state machine: preamble → (headers → content)* → epilogue.
    struct Parser {
        enum State { case preamble, headers, content, done }
        let dashBoundary: [UInt8] // "--boundary"
        let delimiter: [UInt8] // "\r\n--boundary"
        let directory: String
        var state = State.preamble
        var pending: [UInt8] = []
        var result = MultipartSpool()
        // The part being read.
        var field = ""
        var fileName: String?
        var fd: Int32 = -1
        var path = ""
        var size: Int64 = 0
        var text: [UInt8] = []

        init(boundary: String, directory: String) {
            dashBoundary = Array("--\(boundary)".utf8)
            delimiter = Array("\r\n--\(boundary)".utf8)
            self.directory = directory
        }

        mutating func feed(_ bytes: UnsafeRawBufferPointer) throws {
            pending.append(contentsOf: bytes)
            try advance()
        }

        mutating func finish() throws {
            try advance()
            guard state == .done else { throw Failure.malformed("the multipart body ended before its closing boundary") }
        }

        mutating func closeOutput() {
            if fd >= 0 {
                close(fd)
                fd = -1
            }
        }

        private mutating func advance() throws {
            while true {
                switch state {
                case .preamble:
                    guard let i = ByteSearch.firstOffset(of: dashBoundary, in: pending) else {
                        if pending.count > Self.maxPreamble { throw Failure.malformed("no multipart boundary") }
                        return
                    }
                    guard pending.count >= i + dashBoundary.count + 2 else { return }
                    pending.removeFirst(i + dashBoundary.count)
                    if try !afterBoundary() { return }
                case .headers:
                    guard let end = ByteSearch.firstOffset(of: Array("\r\n\r\n".utf8), in: pending) else {
                        if pending.count > MultipartSpool.maxHeaderBytes { throw Failure.malformed("a part's headers are too long") }
                        return
                    }
                    let headers = String(decoding: pending[..<end], as: UTF8.self)
                    pending.removeFirst(end + 4)
                    try startPart(headers)
                    state = .content
                case .content:
                    if let i = ByteSearch.firstOffset(of: delimiter, in: pending) {
                        guard pending.count >= i + delimiter.count + 2 else { return }
                        try write(pending[..<i])
                        pending.removeFirst(i + delimiter.count)
                        try endPart()
                        if try !afterBoundary() { return }
                    } else {
                        // Everything but a possible start of the delimiter can be written now.
                        let keep = delimiter.count - 1
                        if pending.count > keep {
                            try write(pending[..<(pending.count - keep)])
                            pending.removeFirst(pending.count - keep)
                        }
                        return
                    }
                case .done:
                    pending.removeAll()
                    return
                }
            }
        }

        static let maxPreamble = 64 * 1024

        /// After `--boundary`: `--` ends the body, CRLF starts a part. Returns false when more
        /// bytes are needed.
        private mutating func afterBoundary() throws -> Bool {
            guard pending.count >= 2 else { return false }
            if pending[0] == UInt8(ascii: "-") && pending[1] == UInt8(ascii: "-") {
                state = .done
            } else if pending[0] == 13 && pending[1] == 10 {
                pending.removeFirst(2)
                state = .headers
            } else {
                throw Failure.malformed("unexpected bytes after a multipart boundary")
            }
            return true
        }

        private mutating func startPart(_ headers: String) throws {
            field = ""
            fileName = nil
            size = 0
            text = []
            for line in headers.split(separator: "\r\n") {
                let lower = line.lowercased()
                guard lower.hasPrefix("content-disposition:") else { continue }
                field = Self.parameter("name", in: String(line)) ?? ""
                fileName = Self.parameter("filename", in: String(line))
            }
            if let fileName {
                let n = result.files.count + 1
                let ext = Self.safeExtension(of: fileName)
                path = (directory as NSString).appendingPathComponent(ext.isEmpty ? "\(n)" : "\(n).\(ext)")
                fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
                if fd < 0 { throw Failure.malformed("cannot spool an upload: \(String(cString: strerror(errno)))") }
            }
        }

        private mutating func write(_ bytes: ArraySlice<UInt8>) throws {
            guard !bytes.isEmpty else { return }
            if fileName != nil {
                do {
                    try bytes.withUnsafeBytes { try CompleteTransfer.write($0, to: fd) }
                } catch let error as CompleteTransfer.Failure {
                    throw Failure.malformed("cannot spool an upload: \(String(cString: strerror(error.code)))")
                }
                size += Int64(bytes.count)
            } else {
                text.append(contentsOf: bytes)
                if text.count > MultipartSpool.maxFieldBytes { throw Failure.malformed("form field \(field) is too long") }
            }
        }

        private mutating func endPart() throws {
            if let fileName {
                closeOutput()
                if fileName.isEmpty && size == 0 {
                    // An empty file input submits a nameless, empty part: not a file.
                    unlink(path)
                } else {
                    let n = result.files.count + 1
                    result.files.append(
                        SpooledFile(
                            field: field, name: Self.displayName(fileName, fallback: "upload-\(n)"),
                            path: path, size: size))
                }
            } else {
                result.fields[field] = String(decoding: text, as: UTF8.self)
            }
        }

        /// `name="value"` in a Content-Disposition line (quoted; backslash escapes honoured).
        static func parameter(_ key: String, in line: String) -> String? {
            let chars = Array(line)
            let pattern = Array("\(key)=")
            var i = 0
            while i + pattern.count <= chars.count {
                // Match a whole parameter name: preceded by ';' or whitespace.
                if Array(chars[i..<(i + pattern.count)]).map({ $0.lowercased() }) == pattern.map({ $0.lowercased() }),
                    i > 0, chars[i - 1] == ";" || chars[i - 1] == " "
                {
                    var j = i + pattern.count
                    var value = ""
                    if j < chars.count, chars[j] == "\"" {
                        j += 1
                        while j < chars.count, chars[j] != "\"" {
                            if chars[j] == "\\", j + 1 < chars.count { j += 1 }
                            value.append(chars[j])
                            j += 1
                        }
                    } else {
                        while j < chars.count, chars[j] != ";" {
                            value.append(chars[j])
                            j += 1
                        }
                        value = value.trimmingCharacters(in: .whitespaces)
                    }
                    return value
                }
                i += 1
            }
            return nil
        }

        /// The last path component of a client's file name, without control characters, at most
        /// 200 characters: shown in verdicts and recorded as the source's name, never used as a path.
        static func displayName(_ raw: String, fallback: String) -> String {
            let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
            let clean = String(last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }.map(Character.init))
                .trimmingCharacters(in: .whitespaces)
            if clean.isEmpty || clean == "." || clean == ".." { return fallback }
            return String(clean.prefix(200))
        }

        /// The extension a reader may look at, letters and digits only.
        static func safeExtension(of name: String) -> String {
            guard let dot = name.lastIndex(of: ".") else { return "" }
            let ext = name[name.index(after: dot)...]
            guard !ext.isEmpty, ext.count <= 10, ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return "" }
            return String(ext)
        }
    }
}
