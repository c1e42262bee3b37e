import Foundation

/// Everything the store can refuse or fail at, with a message a data manager can act on.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case notAStore(String)
    case alreadyExists(String)
    case io(String, Int32)
    case corrupt(String)
    case conflict(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .notAStore(let p): return "\(p) is not an immunopipe study store (run `immunopipe init` first)"
        case .alreadyExists(let p): return "\(p) already exists"
        case .io(let what, let code): return "\(what): \(String(cString: strerror(code)))"
        case .corrupt(let m): return "store is damaged: \(m)"
        case .conflict(let m): return m
        case .invalid(let m): return m
        }
    }
}
