import CCrypto
import Foundation

/// Streaming SHA-256 through libcrypto (hardware-accelerated where the CPU has SHA extensions).
struct SHA256Hasher: ~Copyable {
    private let ctx: OpaquePointer

    init() {
        ctx = EVP_MD_CTX_new()
        EVP_DigestInit_ex(ctx, EVP_sha256(), nil)
    }

    deinit { EVP_MD_CTX_free(ctx) }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        EVP_DigestUpdate(ctx, base, bytes.count)
    }

    consuming func hexDigest() -> String {
        var out = [UInt8](repeating: 0, count: 32)
        var len: UInt32 = 0
        EVP_DigestFinal_ex(ctx, &out, &len)
        return out.prefix(Int(len)).map { String(format: "%02x", $0) }.joined()
    }

    static func hex(of data: Data) -> String {
        var h = SHA256Hasher()
        data.withUnsafeBytes { h.update($0) }
        return h.hexDigest()
    }
}

/// SHA-256 of bytes in memory, as lowercase hex (the archive's hash, for callers above the store:
/// the portal hashes API tokens and session ids with it, so only hashes are ever stored).
public enum Digest {
    public static func sha256Hex(_ data: Data) -> String { SHA256Hasher.hex(of: data) }
}
