/// A value moved from one thread to another once: whoever takes it holds the only reference
/// (an array captured by a closure, or held in a result, would be shared and copied on its
/// next change).
final class HandOver<Value>: @unchecked Sendable {
    // Unchecked: taken once, by the one thread the value was handed to.
    private var value: Value?

    init(_ value: Value) { self.value = value }

    func take() -> Value { value.take()! }
}
