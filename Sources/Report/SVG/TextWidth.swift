/// An estimate of rendered text width for layout (legend spacing, margins) without a font
/// engine: Helvetica's average advance is about 0.55 em, capitals and wide letters more.
public enum TextWidth {
    public static func estimate(_ text: String, size: Double) -> Double {
        var em = 0.0
        for c in text {
            switch c {
            case "i", "l", "j", "t", "f", "r", ".", ",", ":", ";", "|", "!", "'", " ", "(", ")", "[", "]", "/": em += 0.32
            case "m", "w", "M", "W", "@", "%": em += 0.85
            default: em += c.isUppercase ? 0.68 : 0.56
            }
        }
        return em * size
    }
}
