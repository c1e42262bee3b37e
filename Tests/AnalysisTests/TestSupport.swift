import Foundation

/// |a − b| ≤ rel·|b| (or both NaN): reference values from scipy are compared with 1e-6 relative.
func close(_ a: Double, _ b: Double, rel: Double = 1e-6) -> Bool {
    if a.isNaN && b.isNaN { return true }
    if a.isInfinite || b.isInfinite { return a == b }
    if b == 0 { return abs(a) <= rel }
    return abs(a - b) <= rel * abs(b)
}

func close(_ a: Double?, _ b: Double, rel: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return close(a, b, rel: rel)
}
