import Foundation

/// Counts failed sign-ins per account name in a sliding window: after `attempts` failures in
/// `window` seconds the name is refused (429) until the oldest failure ages out. Keyed by name,
/// not address: behind a reverse proxy every client has the proxy's address.
final class LoginLimiter: Sendable {
    private let failures = Mutex<[String: [Double]]>([:])
    let attempts: Int
    let window: Double

    init(attempts: Int, window: Double) {
        self.attempts = attempts
        self.window = window
    }

    func isBlocked(_ name: String, now: Double = Date().timeIntervalSince1970) -> Bool {
        failures.withLock { f in
            let recent = (f[name.lowercased()] ?? []).filter { now - $0 < window }
            f[name.lowercased()] = recent
            return recent.count >= attempts
        }
    }

    func fail(_ name: String, now: Double = Date().timeIntervalSince1970) {
        failures.withLock { $0[name.lowercased(), default: []].append(now) }
    }

    func succeed(_ name: String) {
        _ = failures.withLock { $0.removeValue(forKey: name.lowercased()) }
    }
}
