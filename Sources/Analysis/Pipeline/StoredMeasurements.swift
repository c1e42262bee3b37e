import Store

extension MeasurementSource {
    /// The committed measurements of one store generation, read through the store's API chunk by
    /// chunk; `rows` and `subjects` come from the segments' metadata, before any row is read.
    public static func stored(in store: StudyStore, generation: Int64) throws -> MeasurementSource {
        let overview = try store.overview(generation: generation)
        // The source name, extra columns and source column enter no analysis value (SRCREF is
        // the sample and line): not read, not inflated.
        return MeasurementSource(rows: overview.rows, subjects: overview.subjects) { body in
            try store.forEachStoredMeasurementColumnChunk(
                generation: generation, omitting: [.sourceName, .extra, .sourceColumn], body)
        }
    }
}
