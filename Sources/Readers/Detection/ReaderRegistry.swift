import Domain

/// The readers immunopipe knows, in the order they are tried: specific instrument formats first,
/// the generic tidy CSV last.
public enum ReaderRegistry {
    public static let all: [any MeasurementReader] = [
        FlowJoWorkspaceReader(),
        FlowJoTableReader(),
        FlowJo9TableReader(),
        FACSDivaReader(),
        XPonentCSVReader(),
        IntelliflexCSVReader(),
        // Before Bio-Plex's xlsx reader, which takes any workbook.
        MSDXlsxReader(),
        BioPlexXlsxReader(),
        BioPlexXlsReader(),
        BioPlexXMLReader(),
        MSDReader(),
        MESOPlateReader(),
        PlateCSVReader(),
        TidyCSVReader(),
    ]

    /// The reader with this format id.
    public static func reader(id: String) -> (any MeasurementReader)? {
        all.first { $0.format.id == id }
    }

    /// The first reader that recognises the file; when none does, a rejection that says which
    /// instrument's export the file resembles and what it lacks (`FormatLookalike`).
    public static func detect(_ file: SourceFile) throws -> any MeasurementReader {
        let preview = try SourcePreview.load(file)
        if let r = all.first(where: { $0.recognizes(preview) }) { return r }
        let known = all.map(\.format.id).joined(separator: ", ")
        throw FormatLookalike.explain(preview, known: known)
    }
}
