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

    /// Records which pieces ran and where.
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var runs: [Int: Int] = [:]
        private(set) var onCaller = 0
        func ran(_ i: Int, onCaller here: Bool) {
            lock.withLock {
                runs[i, default: 0] += 1
                if here { onCaller += 1 }
            }
        }
        var counts: [Int: Int] { lock.withLock { runs } }
    }

    /// Pieces no worker has started are run by the caller while it waits, in order, each
    /// exactly once: here the workers never start (their queue is inactive until the end), so
    /// the caller runs every piece itself.
    @Test(arguments: [1, 3])
    func theCallerRunsThePiecesNoWorkerStarted(inFlight: Int) throws {
        let idle = DispatchQueue(label: "never started", attributes: [.concurrent, .initiallyInactive])
        let offload = OrderedOffload<Int>(inFlight: inFlight, workers: idle)
        let caller = pthread_self()
        let log = Log()
        var got: [Int] = []
        for i in 0..<20 {
            try offload.submit(
                {
                    log.ran(i, onCaller: pthread_equal(pthread_self(), caller) != 0)
                    return i
                }, consume: { got.append($0) })
        }
        try offload.finish(consume: { got.append($0) })
        #expect(got == Array(0..<20))
        #expect(log.onCaller == 20)
        // The workers start late: they find every piece taken and run none again.
        idle.activate()
        idle.sync(flags: .barrier) {}
        #expect(log.counts == Dictionary(uniqueKeysWithValues: (0..<20).map { ($0, 1) }))
    }

    /// At most `width` workers are started however many pieces wait; a worker that finds none
    /// left stops, and the next piece starts one again. Each piece runs once, oldest first.
    @Test func workersAreStartedUpToTheWidth() throws {
        let unstarted = OrderedOffload<Int>.Unstarted(width: 2)
        let slots = (0..<5).map { i in OrderedOffload<Int>.Slot({ i }) }
        #expect(slots.map { unstarted.add($0) } == [true, true, false, false, false])
        // The first worker runs all five, in order, and stops; the second finds none.
        unstarted.work()
        #expect(try slots.map { try $0.result?.get() } == [0, 1, 2, 3, 4])
        #expect(unstarted.takeOldest() == nil)
        #expect(unstarted.add(OrderedOffload<Int>.Slot({ 5 })), "one worker still counted of two")
        unstarted.work()
        unstarted.work()
        #expect(unstarted.add(OrderedOffload<Int>.Slot({ 6 })), "none counted")
        #expect(unstarted.add(OrderedOffload<Int>.Slot({ 7 })), "one counted")
        #expect(!unstarted.add(OrderedOffload<Int>.Slot({ 8 })), "two counted: the width")
    }

    /// A caller that stops (on an error) drops the pieces no worker has started: they never run,
    /// not even when the workers come to them.
    @Test func piecesNotStartedAreDroppedWhenTheCallerStops() {
        let idle = DispatchQueue(label: "never started", attributes: [.concurrent, .initiallyInactive])
        let log = Log()
        var offload: OrderedOffload<Int>? = OrderedOffload<Int>(inFlight: 10, workers: idle)
        for i in 0..<10 {
            try? offload?.submit(
                {
                    log.ran(i, onCaller: false)
                    return i
                }, consume: { _ in })
        }
        offload = nil
        idle.activate()
        idle.sync(flags: .barrier) {}
        #expect(log.counts.isEmpty)
    }
}
