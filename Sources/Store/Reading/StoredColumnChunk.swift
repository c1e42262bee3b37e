import HDF5

/// A `MeasurementColumnChunk` as read from a segment, its columns' compression not yet undone:
/// the thread that reads the store (the one that calls HDF5) only copies each column's chunk
/// out of the file, and `decoded()`, on any thread, inflates and unshuffles them. A report
/// reading millions of rows turns chunks into analysis values on every core; inflating on the
/// reading thread had made that thread the bottleneck (docs/performance.md).
public struct StoredColumnChunk: Sendable {
    enum Column<T: HDF5Element>: Sendable {
        case decoded([T])
        case stored(StoredChunk<T>)

        func values() throws -> [T] {
            switch self {
            case .decoded(let v): v
            case .stored(let chunk): try chunk.values()
            }
        }
    }

    let categories: [[String]]
    let codes: [Column<Int32>]
    let value: Column<Double>, sourceLine: Column<Int32>, sourceColumn: Column<Int32>
    /// The segment, for errors.
    let path: String

    /// The chunk's columns, decompressed; an error names the segment, the column and the row.
    public func decoded() throws -> MeasurementColumnChunk {
        do {
            return MeasurementColumnChunk(
                categories: categories, codes: try codes.map { try $0.values() }, value: try value.values(),
                sourceLine: try sourceLine.values(), sourceColumn: try sourceColumn.values())
        } catch let error as HDF5Error {
            throw StoreError.corrupt("\(path): \(error)")
        }
    }
}

extension StoredColumnChunk {
    /// A chunk already decoded (measurements held in memory).
    public init(_ chunk: MeasurementColumnChunk) {
        self.init(
            categories: chunk.categories, codes: chunk.codes.map { .decoded($0) }, value: .decoded(chunk.value),
            sourceLine: .decoded(chunk.sourceLine), sourceColumn: .decoded(chunk.sourceColumn), path: "")
    }
}
