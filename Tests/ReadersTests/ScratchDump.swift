import Foundation
import Testing
import Domain
@testable import Readers

@Test func scratchDump() throws {
    let path = ProcessInfo.processInfo.environment["DUMP"] ?? ""
    guard !path.isEmpty else { return }
    let reader: any MeasurementReader = try ReaderRegistry.detect(SourceFile(path: path))
    let r = read(reader, path)
    try Golden.render(r).write(toFile: "/tmp/cyto/dump.tsv", atomically: true, encoding: .utf8)
}
