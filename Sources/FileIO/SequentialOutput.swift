/// A file written front to back: what `QueuedFileOutput` writes through (`FileOutput`, or
/// `DirectFileOutput` for large outputs that should not pass through the page cache).
public protocol SequentialOutput: AnyObject {
    var path: String { get }
    func write(_ bytes: [UInt8]) throws
    func close() throws
}
