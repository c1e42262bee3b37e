/// What a plate assay's instrument reads in each well, as a pair of statistics: the raw
/// response and its background-adjusted form. Bead assays (xPONENT, Bio-Plex, LEGENDplex) read
/// fluorescence (`mfi`, `net_mfi`); MSD reads electrochemiluminescence (`signal`,
/// `adjusted_signal`), as do ELISA-style plates with an optical density or luminescence `signal`.
///
/// Standard curves are fitted to, and plate QC compares, whichever kind a plate has: adding a
/// new instrument's response means adding a kind here, not a case in the curve code.
public struct PlateResponse: Sendable, Hashable {
    /// The response as read (`mfi`, `signal`).
    public var raw: Statistic
    /// The response after the instrument's background correction (`net_mfi`, `adjusted_signal`).
    public var adjusted: Statistic
    /// How messages name it (`MFI`, `signal`).
    public var name: String

    public static let fluorescence = PlateResponse(raw: .mfi, adjusted: .netMFI, name: "MFI")
    public static let signal = PlateResponse(raw: .signal, adjusted: .adjustedSignal, name: "signal")

    /// Every kind, in the order they are looked for on a plate.
    public static let all: [PlateResponse] = [.fluorescence, .signal]

    /// The kind a statistic belongs to, if it is a plate response.
    public static func of(_ statistic: Statistic) -> PlateResponse? {
        all.first { $0.raw == statistic || $0.adjusted == statistic }
    }
}
