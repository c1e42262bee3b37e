/// The studies the viewer is a member of.
public enum StudiesPage {
    public struct Study: Sendable, Hashable {
        public var id: String
        public var batches: Int
        public init(id: String, batches: Int) {
            self.id = id
            self.batches = batches
        }
    }

    public static func render(viewer: Viewer, studies: [Study]) -> String {
        let rows = studies.map {
            "<tr><td><a href=\"/studies/\(HTML.segment($0.id))\">\(HTML.escape($0.id))</a></td><td class=\"num\">\($0.batches)</td></tr>"
        }.joined()
        let table =
            studies.isEmpty
            ? "<p>No study store for your account is being served.</p>"
            : "<table><thead><tr><th>Study</th><th>Batches</th></tr></thead><tbody>\(rows)</tbody></table>"
        return HTML.page(
            title: "Studies", viewer: viewer,
            body: """
                <h1>Studies</h1>
                \(table)
                """)
    }
}
