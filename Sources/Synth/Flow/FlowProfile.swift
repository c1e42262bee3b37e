import Foundation

/// A subject's blood as the Treg/Tfh panel sees it at baseline: fractions of each gate's parent
/// and the event yield of a tube. Disease sets the ranges: SLE has fewer Tregs and more Tfh
/// (Miao et al., Ann Rheum Dis 2018; He et al., Nat Med 2016), dermatomyositis and PMR are near
/// healthy ranges (Treg 4–8 % of CD4).
struct FlowProfile: Sendable {
    var lymphocyteEvents: Double
    var singletFraction: Double
    var liveFraction: Double
    var cd3OfLive: Double
    var cd4OfCD3: Double
    var cd8OfCD3: Double
    var bOfLive: Double
    var nkOfLive: Double
    /// Percent of CD4.
    var tregPercent: Double
    var naiveOfTreg: Double
    var tfhPercent: Double
    var tfrPercent: Double
    var memoryOfCD4: Double
    var tfhQuadrants: [Double]
    var memoryQuadrants: [Double]
    var cd25MFI: Double
    var foxp3MFI: Double

    static func draw(_ disease: Disease, rng: inout SynthRandom) -> FlowProfile {
        let cd3: Double, treg: Double, tfh: Double, b: Double
        switch disease {
        case .dermatomyositis:
            cd3 = rng.uniform(0.62, 0.74)
            treg = rng.uniform(4.2, 7.4)
            tfh = rng.uniform(1.6, 3.6)
            b = rng.uniform(0.07, 0.14)
        case .lupus:
            cd3 = rng.uniform(0.56, 0.70)
            treg = rng.uniform(3.3, 5.9)
            tfh = rng.uniform(3.0, 6.0)
            b = rng.uniform(0.05, 0.12)
        case .polymyalgia:
            cd3 = rng.uniform(0.60, 0.72)
            treg = rng.uniform(4.0, 7.0)
            tfh = rng.uniform(1.5, 3.2)
            b = rng.uniform(0.06, 0.12)
        }
        let tfhQ1 = rng.uniform(0.22, 0.34), tfhQ2 = rng.uniform(0.06, 0.12), tfhQ3 = rng.uniform(0.18, 0.32)
        let thQ1 = rng.uniform(0.14, 0.24), thQ2 = rng.uniform(0.06, 0.12), thQ3 = rng.uniform(0.20, 0.32)
        return FlowProfile(
            lymphocyteEvents: rng.logNormal(median: 95_000, cv: 0.22),
            singletFraction: rng.uniform(0.93, 0.975), liveFraction: rng.uniform(0.88, 0.97),
            cd3OfLive: cd3, cd4OfCD3: rng.uniform(0.56, 0.70), cd8OfCD3: rng.uniform(0.22, 0.32),
            bOfLive: b, nkOfLive: rng.uniform(0.06, 0.14),
            tregPercent: treg, naiveOfTreg: rng.uniform(0.25, 0.45),
            tfhPercent: tfh, tfrPercent: tfh * rng.uniform(0.09, 0.17),
            memoryOfCD4: rng.uniform(0.45, 0.65),
            tfhQuadrants: [tfhQ1, tfhQ2, tfhQ3, 1 - tfhQ1 - tfhQ2 - tfhQ3],
            memoryQuadrants: [thQ1, thQ2, thQ3, 1 - thQ1 - thQ2 - thQ3],
            cd25MFI: rng.uniform(2600, 4400), foxp3MFI: rng.uniform(1800, 3000))
    }

    /// The profile at a visit: the drug's effect (0…1) applied, then biological and handling
    /// variation. Low-dose IL-2 expands Tregs (fold 1 + gain, more in clinical responders),
    /// raises their CD25, favours CD45RA+ Tregs and CD56bright NK cells, and trims Tfh while
    /// Tfr rise, so Tfr/Tfh goes up (Koreth et al., NEJM 2011; He et al., Nat Med 2016).
    /// Abatacept (CTLA-4-Ig) blocks CD28 co-stimulation: Tfh, Tfr and, modestly, Tregs fall.
    func atVisit(drug: ArmPlan.Drug, effect e: Double, gain: Double, rng: inout SynthRandom) -> FlowProfile {
        var p = self
        func vary(_ x: Double, _ cv: Double = 0.07) -> Double { x * rng.logNormal(median: 1, cv: cv) }
        switch drug {
        case .lowDoseIL2:
            p.tregPercent *= 1 + gain * e
            p.naiveOfTreg = min(0.7, p.naiveOfTreg + 0.12 * e)
            p.tfhPercent *= 1 - 0.2 * e
            p.tfrPercent *= 1 + 1.1 * gain * e
            p.nkOfLive *= 1 + 0.3 * e
            p.cd25MFI *= 1 + 0.6 * e
            p.foxp3MFI *= 1 + 0.15 * e
        case .abatacept:
            p.tregPercent *= 1 - 0.12 * e
            p.tfhPercent *= 1 - 0.35 * e
            p.tfrPercent *= 1 - 0.25 * e
        case .placebo:
            break
        }
        p.lymphocyteEvents = vary(p.lymphocyteEvents, 0.2)
        p.liveFraction = min(0.99, vary(p.liveFraction, 0.02))
        p.cd3OfLive = min(0.85, vary(p.cd3OfLive, 0.04))
        p.cd4OfCD3 = min(0.8, vary(p.cd4OfCD3, 0.04))
        p.tregPercent = vary(p.tregPercent)
        p.tfhPercent = vary(p.tfhPercent, 0.1)
        p.tfrPercent = vary(p.tfrPercent, 0.12)
        p.bOfLive = vary(p.bOfLive, 0.08)
        p.nkOfLive = vary(p.nkOfLive, 0.08)
        p.cd25MFI = vary(p.cd25MFI, 0.05)
        p.foxp3MFI = vary(p.foxp3MFI, 0.05)
        return p
    }

    /// A fluorescence-minus-one tube without the FoxP3 antibody: the FoxP3+ gates hold only
    /// the spill-over that sets their boundaries.
    func fmoFoxP3() -> FlowProfile {
        var p = self
        p.tregPercent = 0.18
        p.tfrPercent = 0.012
        p.foxp3MFI = 240
        return p
    }
}

/// Event counts of every gate of one sample, drawn hierarchically (each gate a binomial draw
/// from its parent), so children never exceed parents and partitions add up exactly.
struct FlowCounts: Sendable {
    var counts: [String: Int] = [:]
    var medians: [String: Double] = [:]

    static func draw(_ p: FlowProfile, rng: inout SynthRandom) -> FlowCounts {
        typealias G = TregTfhGates
        var c = FlowCounts()
        let lymph = max(5000, Int(p.lymphocyteEvents.rounded()))
        let singles = rng.binomial(lymph, p.singletFraction)
        let live = rng.binomial(singles, p.liveFraction)
        let cd3 = rng.binomial(live, p.cd3OfLive)
        let nonT = live - cd3
        let b = rng.binomial(nonT, min(0.9, p.bOfLive / (1 - p.cd3OfLive)))
        let nk = rng.binomial(nonT - b, min(0.9, p.nkOfLive / max(0.05, 1 - p.cd3OfLive - p.bOfLive)))
        let cd4 = rng.binomial(cd3, p.cd4OfCD3)
        let cd8 = rng.binomial(cd3 - cd4, min(0.95, p.cd8OfCD3 / (1 - p.cd4OfCD3)))
        let treg = rng.binomial(cd4, p.tregPercent / 100)
        let tregNaive = rng.binomial(treg, p.naiveOfTreg)
        let tfh = rng.binomial(cd4, p.tfhPercent / 100)
        let tfr = rng.binomial(cd4, p.tfrPercent / 100)
        let memory = rng.binomial(cd4, p.memoryOfCD4)
        c.counts = [
            G.lymphocytes: lymph, G.singleCells: singles, G.live: live, G.cd3: cd3, G.cd4: cd4, G.cd8: cd8,
            G.treg: treg, G.tregNaive: tregNaive, G.tregMemory: treg - tregNaive, G.teff: cd4 - treg,
            G.tfh: tfh, G.tfr: tfr, G.memory: memory, G.b: b, G.nk: nk,
        ]
        for (path, n) in zip(G.tfhQuadrants, multinomial(tfh, p.tfhQuadrants, rng: &rng)) { c.counts[path] = n }
        for (path, n) in zip(G.memoryQuadrants, multinomial(memory, p.memoryQuadrants, rng: &rng)) { c.counts[path] = n }
        c.medians[G.treg + "|" + G.cd25Channel] = p.cd25MFI
        c.medians[G.treg + "|" + G.foxp3Channel] = p.foxp3MFI
        return c
    }

    /// Splits n events into categories with the given probabilities by successive binomials.
    static func multinomial(_ n: Int, _ probabilities: [Double], rng: inout SynthRandom) -> [Int] {
        var left = n
        var mass = 1.0
        var out: [Int] = []
        for (i, p) in probabilities.enumerated() {
            if i == probabilities.count - 1 {
                out.append(left)
                break
            }
            let k = rng.binomial(left, min(1, max(0, p / mass)))
            out.append(k)
            left -= k
            mass -= p
        }
        return out
    }

    /// The cell of a column: counts as integers, frequencies and medians as FlowJo formats them.
    func value(_ column: TregTfhGates.Column) -> Double {
        switch column {
        case .count(let path): return Double(counts[path] ?? 0)
        case .freqOfParent(let path):
            let parent = counts[TregTfhGates.parent(of: path)] ?? 0
            return parent == 0 ? .nan : Double(counts[path] ?? 0) / Double(parent) * 100
        case .median(let path, let channel): return medians[path + "|" + channel] ?? .nan
        }
    }
}
