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
}
