import Foundation
import Testing

@testable import Analysis

/// The analysis pipeline's two-core hand-off: results in submission order, errors after the
/// earlier results.
@Suite struct OrderedOffloadTests {
    @Test func resultsArriveInSubmissionOrderWhateverFinishesFirst() throws {
        let offload = OrderedOffload<Int>()
        var got: [Int] = []
        for i in 0..<20 {
            // Earlier pieces are slower: without ordering, later ones would overtake them.
            try offload.submit(
                {
                    usleep(useconds_t((20 - i) * 300))
                    return i
                }, consume: { got.append($0) })
        }
        try offload.finish(consume: { got.append($0) })
        #expect(got == Array(0..<20))
    }

    struct Failure: Error {}

    @Test func anErrorSurfacesAfterTheEarlierResults() {
        let offload = OrderedOffload<Int>()
        var got: [Int] = []
        #expect(throws: Failure.self) {
            for i in 0..<5 {
                try offload.submit(
                    {
                        if i == 3 { throw Failure() }
                        return i
                    }, consume: { got.append($0) })
            }
            try offload.finish(consume: { got.append($0) })
        }
        #expect(got == [0, 1, 2])
    }

    /// A counter shared with the pieces of work.
    final class Running: @unchecked Sendable {
        private let lock = NSLock()
        private var now = 0
        private(set) var most = 0
        func enter() {
            lock.withLock {
                now += 1
                most = max(most, now)
            }
        }
        func leave() { lock.withLock { now -= 1 } }
    }

    @Test(arguments: [1, 2, 3])
    func severalInFlightStillArriveInOrderAndNoMoreRunAtOnce(inFlight: Int) throws {
        let offload = OrderedOffload<Int>(inFlight: inFlight)
        let running = Running()
        var got: [Int] = []
        for i in 0..<30 {
            try offload.submit(
                {
                    running.enter()
                    defer { running.leave() }
                    usleep(useconds_t((30 - i) * 200))
                    return i
                }, consume: { got.append($0) })
        }
        try offload.finish(consume: { got.append($0) })
        #expect(got == Array(0..<30))
        // `submit` starts the new piece before it waits for the oldest: one more at that moment.
        #expect(running.most <= inFlight + 1)
    }
}
