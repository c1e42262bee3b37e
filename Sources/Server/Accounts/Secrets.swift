import Foundation
import Store

/// Random secrets and their hashes. Tokens and session ids are 32 random bytes from the system's
/// CSPRNG; only their SHA-256 is stored, so a copy of the database opens no account.
enum Secrets {
    static func random(bytes: Int = 32) -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &g)) }.joined()
    }

    /// An API token: a recognisable prefix (so leaked tokens can be found by scanners) and 256 bits.
    static func newToken() -> String { "ipt_" + random() }

    /// A one-time browser password: 16 characters of an alphabet without look-alikes.
    static func newPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var g = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &g)] })
    }

    static func hash(_ secret: String) -> String { Digest.sha256Hex(Data(secret.utf8)) }

    /// Compares two strings in time that depends only on their lengths, not on where they differ.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
