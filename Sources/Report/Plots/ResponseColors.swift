import Analysis

extension ResponseGroups {
    /// The colour a response status is drawn in, the same in every figure (Okabe-Ito, safe for
    /// colour-blind readers).
    public static func color(_ s: Status?) -> String {
        switch s {
        case .responder: return Palette.okabeIto[0]
        case .nonResponder: return Palette.okabeIto[1]
        case .notAssessed: return Palette.neutral
        case nil: return "#3A6EA5" // no criterion evaluated: one colour for everyone
        }
    }
}
