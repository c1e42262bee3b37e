import Domain

/// Bio-Rad Bio-Plex Manager Excel exports, `.xlsx` (see `BioPlexWorkbook` for what is read).
public struct BioPlexXlsxReader: MeasurementReader {
    public let format = SourceFormat(id: "bioplex-xlsx", parserVersion: "1.1.0")
    public init() {}

    public func recognizes(_ preview: SourcePreview) -> Bool {
        preview.head.starts(with: [0x50, 0x4B, 0x03, 0x04]) && preview.fileExtension == "xlsx"
    }

    public func read(_ file: SourceFile, into sink: MeasurementSink) throws {
        try BioPlexWorkbook.read(XlsxWorkbook(file), into: sink)
    }
}

extension String {
    /// `FI - Bkgd` → `fi_bkgd`, `(Obs/Exp) * 100` → `obs_exp_100`: a stable `extra` key.
    var snakeCased: String {
        var out = ""
        var pendingUnderscore = false
        for c in lowercased() {
            if c.isLetter || c.isNumber {
                if pendingUnderscore, !out.isEmpty { out.append("_") }
                pendingUnderscore = false
                out.append(c)
            } else {
                pendingUnderscore = true
            }
        }
        return out
    }
}
