/// Colours for categories: the Okabe–Ito palette, distinguishable with the common forms of
/// colour blindness (Okabe & Ito 2008; recommended by Nature Methods' "Points of view").
public enum Palette {
    public static let okabeIto = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
    /// For "unknown" or "not assessed".
    public static let neutral = "#9A9A9A"

    public static func categorical(_ index: Int) -> String { okabeIto[index % okabeIto.count] }
}
