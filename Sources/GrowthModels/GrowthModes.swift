import Foundation
import Fitting

/// One segment of a piecewise-exponential path: ln y = intercept + rate · t on its own observations.
public struct GrowthModeSegment: Codable, Equatable, Sendable {
    public var fromYear: Double
    public var toYear: Double
    public var observations: Int
    /// Intercept of ln y at year 0 of the calendar (not a level anyone observed; kept for plotting).
    public var intercept: Double
    /// Continuous growth rate per year.
    public var rate: Double
    /// ln 2 / rate, in years (negative for a declining mode, infinite for a flat one).
    public var doublingTime: Double { log(2) / rate }
    /// Weighted RSS of the segment's straight line.
    public var rss: Double
}

/// The best piecewise-exponential path with a given number of breaks.
public struct GrowthModePath: Codable, Equatable, Sendable {
    public var breakCount: Int
    public var segments: [GrowthModeSegment]
    /// The first year of each segment after the first.
    public var breakYears: [Double] { segments.dropFirst().map(\.fromYear) }
    public var rss: Double
    /// K counts 2 parameters per segment, 1 per break year (a break's position is estimated) and the
    /// error variance: K = 2(m+1) + m + 1 for m breaks.
    public var criteria: InformationCriteria
}

/// Hanson's (2000) "growth modes": ln y piecewise linear in t, segments fitted separately, break
/// years chosen to minimise the total RSS for each number of breaks, and the number of breaks (0 to
/// `maxBreaks`) chosen by BIC.
public struct GrowthModes: Codable, Equatable, Sendable {
    /// The best path for each break count tried (index = break count).
    public var paths: [GrowthModePath]
    /// The break count with the smallest BIC.
    public var bestBreakCount: Int
    /// The path with `bestBreakCount` breaks. `GrowthModeSearch` never returns modes without it
    /// (it throws when no break count has a usable BIC); `paths` may lack break counts whose
    /// segments do not fit in the sample, so the path is found by its count, not its position.
    public var best: GrowthModePath { paths.first { $0.breakCount == bestBreakCount } ?? paths[0] }
    public var minimumSegmentLength: Int
}

public enum GrowthModeSearch {
    /// The most observations searched. The exact search takes time of order `maxBreaks` · n²
    /// (about 0.27 s for n = 4,000 and 3 breaks, docs/PERFORMANCE.md), so 10,000 observations take
    /// seconds even at 10 breaks, and 100,000 would take minutes to hours. Exact pruning in the style
    /// of PELT (Killick, Fearnhead & Eckley 2012) does not apply here: it prunes a penalised search
    /// over any number of segments, whereas this one needs the best path for each fixed number of
    /// breaks (the BIC is not additive over segments), and for a fixed number of breaks a
    /// candidate's last segment can only be ruled out against a path with fewer breaks, which,
    /// since splitting a segment never raises its RSS, is never better. So larger samples are
    /// refused with this limit named, rather than run for an unbounded time.
    public static let maximumObservations = 10_000

    /// Finds the optimal segmentations exactly by dynamic programming.
    ///
    /// A segment's cost is the RSS of its weighted straight-line fit, available in O(1) from prefix
    /// sums of w, wt, wt², wy, wty, wy² (data centred on their weighted means first, so the sums do
    /// not cancel catastrophically for years near 2000 or levels near ln 70,000). For m breaks,
    /// best_m(j) = min_i best_{m-1}(i) + cost(i, j) over segments [i, j) of at least
    /// `minimumSegmentLength` observations: O(m n²) time and O(m n) memory, exact, where a search
    /// over all combinations would be O(n^m).
    ///
    /// - Parameters: `years` strictly increasing; `logLevels` ln y; `weights` positive or nil.
    public static func search(
        years: [Double], logLevels: [Double], weights: [Double]? = nil,
        maxBreaks: Int = 3, minimumSegmentLength: Int = 3
    ) throws(FittingError) -> GrowthModes {
        let n = years.count
        guard logLevels.count == n, weights.map({ $0.count == n }) ?? true else {
            throw .dimensionMismatch("years, levels and weights must have one entry per observation")
        }
        guard (0...10).contains(maxBreaks) else {
            throw .invalidArgument("the number of breaks must be between 0 and 10, not \(maxBreaks)")
        }
        guard minimumSegmentLength >= 3 else {
            throw .invalidArgument("segments need at least 3 observations")
        }
        guard n >= minimumSegmentLength else {
            throw .tooFewObservations(observations: n, parameters: minimumSegmentLength)
        }
        guard n <= maximumObservations else { throw .invalidArgument(tooManyObservations(n)) }
        let sums = SegmentSums(years: years, logLevels: logLevels, weights: weights)
        let sumLogWeights = weights.map { $0.reduce(0) { $0 + log($1) } } ?? 0
        let length = minimumSegmentLength

        // best[m][j]: least RSS covering observations [0, j) with m breaks; from[m][j]: start of last segment.
        var best = [[Double]](repeating: [Double](repeating: .infinity, count: n + 1), count: maxBreaks + 1)
        var from = [[Int]](repeating: [Int](repeating: -1, count: n + 1), count: maxBreaks + 1)
        for j in stride(from: length, through: n, by: 1) { best[0][j] = sums.rss(0, j); from[0][j] = 0 }
        if maxBreaks > 0 {
            for m in 1...maxBreaks {
                for j in stride(from: (m + 1) * length, through: n, by: 1) {
                    var bestCost = Double.infinity, bestStart = -1
                    for i in stride(from: m * length, through: j - length, by: 1) where best[m - 1][i].isFinite {
                        let cost = best[m - 1][i] + sums.rss(i, j)
                        if cost < bestCost { bestCost = cost; bestStart = i }
                    }
                    best[m][j] = bestCost
                    from[m][j] = bestStart
                }
            }
        }

        var paths: [GrowthModePath] = []
        for m in 0...maxBreaks where best[m][n].isFinite {
            var bounds: [(Int, Int)] = []
            var end = n
            for level in stride(from: m, through: 0, by: -1) {
                let start = from[level][end]
                bounds.append((start, end))
                end = start
            }
            // The search used prefix sums; the reported segments are refitted in two centred passes,
            // which keeps full accuracy when a segment fits almost exactly.
            let segments = bounds.reversed().map { (i, j) -> GrowthModeSegment in
                let line = StartValues.straightLine(
                    x: Array(years[i..<j]), y: Array(logLevels[i..<j]), weights: weights.map { Array($0[i..<j]) })
                return GrowthModeSegment(
                    fromYear: years[i], toYear: years[j - 1], observations: j - i,
                    intercept: line.intercept, rate: line.slope, rss: line.rss)
            }
            let rss = segments.reduce(0) { $0 + $1.rss }
            let criteria = InformationCriteria(
                rss: rss, n: n, meanParameters: 2 * (m + 1) + m, sumLogWeights: sumLogWeights)
            paths.append(GrowthModePath(breakCount: m, segments: segments, rss: rss, criteria: criteria))
        }
        // A NaN RSS or BIC (years or levels so large, near 1e308, that their squares overflow) ranks
        // nothing; an exact fit's BIC of -∞ is a legitimate best.
        let usable = paths.filter { $0.rss.isFinite && !$0.criteria.bic.isNaN }
        guard let bestPath = usable.min(by: { $0.criteria.bic < $1.criteria.bic }) else {
            throw .invalidArgument(
                "no number of breaks gives a finite residual sum of squares: the years or levels are too large "
                    + "in magnitude to square (near 1e308?)")
        }
        return GrowthModes(paths: paths, bestBreakCount: bestPath.breakCount, minimumSegmentLength: length)
    }

    /// The refusal of a sample above `maximumObservations`.
    static func tooManyObservations(_ n: Int) -> String {
        "growth modes are searched on at most \(maximumObservations) observations (the exact search takes time "
            + "of order n²), and this sample has \(n): narrow the window"
    }
}

/// Prefix sums for O(1) weighted straight-line fits on any run of consecutive observations.
private struct SegmentSums {
    var w: [Double], wt: [Double], wtt: [Double], wy: [Double], wty: [Double], wyy: [Double]

    init(years: [Double], logLevels: [Double], weights: [Double]?) {
        let n = years.count
        let totalWeight = weights?.reduce(0, +) ?? Double(n)
        var st = 0.0, sy = 0.0
        for i in 0..<n {
            let wi = weights?[i] ?? 1
            st += wi * years[i]; sy += wi * logLevels[i]
        }
        let tMean = st / totalWeight, yMean = sy / totalWeight
        w = [0]; wt = [0]; wtt = [0]; wy = [0]; wty = [0]; wyy = [0]
        for i in 0..<n {
            let wi = weights?[i] ?? 1
            let t = years[i] - tMean, y = logLevels[i] - yMean
            w.append(w[i] + wi); wt.append(wt[i] + wi * t); wtt.append(wtt[i] + wi * t * t)
            wy.append(wy[i] + wi * y); wty.append(wty[i] + wi * t * y); wyy.append(wyy[i] + wi * y * y)
        }
    }

    /// RSS of the weighted least-squares line of ln y on t over observations [i, j).
    func rss(_ i: Int, _ j: Int) -> Double {
        let sw = w[j] - w[i], st = wt[j] - wt[i], sy = wy[j] - wy[i]
        let stt = (wtt[j] - wtt[i]) - st * st / sw
        let sty = (wty[j] - wty[i]) - st * sy / sw
        let syy = (wyy[j] - wyy[i]) - sy * sy / sw
        let slope = stt > 0 ? sty / stt : 0
        return max(syy - slope * sty, 0)
    }
}

extension GrowthModeSearch {
    /// The growth modes of a level-form sample (ln y over years, with its weights).
    public static func search(_ sample: ModelSample, maxBreaks: Int = 3) throws(AnalysisError) -> GrowthModes {
        guard sample.form == .level else { throw .invalidRequest("growth modes are found in the level form") }
        guard sample.count <= maximumObservations else { throw .invalidRequest(tooManyObservations(sample.count)) }
        do {
            return try search(years: sample.years, logLevels: sample.response, weights: sample.weights, maxBreaks: maxBreaks)
        } catch {
            throw .fitting(context: "growth modes of \(sample.label)", error: error)
        }
    }
}
