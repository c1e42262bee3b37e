import Domain

/// What a streaming analysis needs to plan its passes before reading any row: how many
/// measurement rows a generation has and which subjects they mention. Both come from segment
/// metadata (dataset sizes and categorical categories), not from the rows.
extension StudyStore {
    public struct GenerationOverview: Sendable {
        public var rows: Int
        /// Every subject named in the generation's measurements (sorted).
        public var subjects: [String]
    }

    public func overview(generation: Int64? = nil) throws -> GenerationOverview {
        let g = try generation ?? catalog.currentGeneration()
        var rows = 0
        var subjects = Set<String>()
        for path in try segmentPaths(generation: g) {
            let seg = try SegmentReader(path: path)
            rows += try seg.rowCount
            // Each row group has its own categories.
            for group in seg.rowGroups { subjects.formUnion(try group.categories("subject")) }
            try seg.close()
        }
        return GenerationOverview(rows: rows, subjects: subjects.sorted())
    }
}
