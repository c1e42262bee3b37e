import Foundation

/// A blocking FIFO with a capacity: `send` waits while it is full, `receive` waits while it is
/// empty. This is the back-pressure between the parse stage and the single writer: a parser
/// can never run further ahead of the writer than the channel's capacity.
final class BoundedChannel<Element>: @unchecked Sendable {
    /// Received slots are set to nil at once, so a consumed chunk is freed when the receiver is
    /// done with it, not when the array is next compacted.
    private var items: [Element?] = []
    private var head = 0
    private var closed = false
    private let capacity: Int
    private let condition = NSCondition()

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Blocks while the channel is full. Returns false when the receiver has gone away.
    @discardableResult
    func send(_ item: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count - head >= capacity && !closed { condition.wait() }
        if closed { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// Blocks while empty; nil once closed and drained.
    func receive() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !closed { condition.wait() }
        if head == items.count { return nil }
        let item = items[head]
        items[head] = nil
        head += 1
        if head > 64 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return item!
    }

    /// No more items will be sent (or, from the receiver, none will be accepted).
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
