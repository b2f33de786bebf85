import Foundation

/// The least-squares continuous piecewise-linear function of x with m knots,
///
///     f(x) = a + r x + Σ_j c_j (x - κ_j)₊,
///
/// with the knots κ_j free anywhere between the first and last x (each segment between knots holding
/// at least `minimumSegmentLength` observations). K counts a, r, the m slope changes c_j and the m
/// knots: 2m + 2 mean parameters.
public struct ContinuousPiecewiseLinearFit: Codable, Equatable, Sendable {
    /// The knots κ_j, increasing, in units of x.
    public var knots: [Double]
    /// f(x) = intercept + slope · x + Σ slopeChanges_j (x - knots_j)₊.
    public var intercept: Double
    public var slope: Double
    public var slopeChanges: [Double]
    /// Σ w_i (y_i - f(x_i))².
    public var rss: Double
    /// Observations in each of the m + 1 segments; an observation exactly at a knot counts in the
    /// segment the knot ends (its hinge term is zero there).
    public var segmentObservations: [Int]
    /// Candidate least-squares problems solved by the search (a measure of its work).
    public var subproblemsSolved: Int
}

/// Exact search for `ContinuousPiecewiseLinearFit`.
///
/// **Why it is exact.** Put the knot κ_j in the closed interval [x_{k_j - 1}, x_{k_j}] between two
/// consecutive observations (a partition of the observations into segments). There,
/// c_j (x_i - κ_j)₊ = (c_j x_i + d_j) · 1[i ≥ k_j] with d_j = -c_j κ_j, so the model is *linear*
/// in (a, r, c, d), and continuity is the constraint that the adjacent lines cross inside the
/// interval: (d_j + lo_j c_j)(d_j + hi_j c_j) ≤ 0. Without the constraints this is the
/// discontinuous fit of the same partition (one line per segment). The feasible set of each knot is
/// the union of two convex polyhedral wedges (c_j ≥ 0 or c_j ≤ 0); at the constrained optimum each
/// knot is therefore either strictly inside its interval (its constraint inactive: the pair (c_j,
/// d_j) is free) or at an end (κ_j = lo_j or hi_j: a hinge at a fixed x). With the status of every
/// knot fixed (free, at lo, at hi) the problem is an ordinary linear least-squares problem, and its
/// solution is the optimum whenever it is feasible (Karush-Kuhn-Tucker: a convex problem restricted
/// to its active constraints). So the least RSS of a partition is the smallest feasible RSS over its
/// 3^m status assignments, each one linear solve; no step of the search is a local optimisation.
///
/// **Why it is fast.** Two exact bounds prune: (1) the continuous fit of a partition is a
/// restriction of the discontinuous fit of that partition, so the segments' separate line fits give
/// a lower bound, and over partial partitions the best discontinuous completion (dynamic
/// programming, as `GrowthModeSearch`) bounds every completion; partitions are visited in order of
/// that bound and pruned against the best path so far. (2) Within a partition, fixing a knot at an
/// end is a linear restriction of leaving it free, so a status assignment's RSS bounds every
/// assignment that fixes more knots; a branch-and-bound over assignments stops at the first
/// feasible solution in each branch.
///
/// The data are centred and scaled (x to [-1, 1], y to its weighted mean) before the search; the
/// returned coefficients are refitted in x's own units by the caller if it needs a `FitResult`.
public enum ContinuousPiecewiseLinear {
    /// The most candidate least-squares problems one search may solve (about 5 μs each for 50
    /// observations in a release build): a search that would need more throws instead of running
    /// for an unbounded time. Three knots on 43 observations need a few hundred.
    public static let maximumSubproblems = 20_000_000

    public static func fit(
        x: [Double], y: [Double], weights: [Double]? = nil, knots m: Int, minimumSegmentLength: Int = 3
    ) throws(FittingError) -> ContinuousPiecewiseLinearFit {
        let n = x.count
        guard y.count == n, weights.map({ $0.count == n }) ?? true else {
            throw .dimensionMismatch("x, y and weights must have one entry per observation")
        }
        guard m >= 0 else { throw .invalidArgument("the number of knots must not be negative") }
        guard minimumSegmentLength >= 2 else { throw .invalidArgument("segments need at least 2 observations") }
        guard n >= (m + 1) * minimumSegmentLength, n > 2 * m + 2 else {
            throw .tooFewObservations(observations: n, parameters: max((m + 1) * minimumSegmentLength, 2 * m + 3))
        }
        for i in 0..<n {
            guard x[i].isFinite else { throw .nonFiniteData(what: "x", index: i) }
            guard y[i].isFinite else { throw .nonFiniteData(what: "y", index: i) }
            if let w = weights?[i], !(w > 0 && w.isFinite) { throw .nonPositiveWeight(index: i, value: w) }
            if i > 0, !(x[i] > x[i - 1]) { throw .invalidArgument("x must be strictly increasing (observation \(i + 1))") }
        }
        var search = Search(x: x, y: y, weights: weights, knots: m, minimumSegmentLength: minimumSegmentLength)
        try search.run()
        guard let best = search.best else {
            throw .invalidArgument("no continuous piecewise-linear path with \(m) knots could be fitted")
        }
        return search.result(best)
    }
}

/// The state of one search: centred data, segment sums for the bounds, and the best path so far.
private struct Search {
    let n: Int, m: Int, length: Int
    let u: [Double], v: [Double], rootWeights: [Double]
    let xCentre: Double, xScale: Double, yCentre: Double
    /// Prefix sums of w, wu, wu², wv, wuv, wv² over the centred data.
    var sw: [Double] = [0], su: [Double] = [0], suu: [Double] = [0], sv: [Double] = [0], suv: [Double] = [0], svv: [Double] = [0]
    /// suffixBest[r][i]: least discontinuous RSS covering observations [i, n) with r breaks.
    var suffixBest: [[Double]] = []
    var best: (rss: Double, starts: [Int], knots: [Double], coefficients: [Double])?
    var solved = 0
    // Working memory of the least-squares solves.
    var design: [Double] = [], response: [Double] = [], coefficients: [Double] = []

    init(x: [Double], y: [Double], weights: [Double]?, knots: Int, minimumSegmentLength: Int) {
        n = x.count; m = knots; length = minimumSegmentLength
        let w = weights ?? [Double](repeating: 1, count: n)
        let totalWeight = w.reduce(0, +)
        let lower = x.first!, upper = x.last!
        let centre = (lower + upper) / 2, scale = upper > lower ? (upper - lower) / 2 : 1
        xCentre = centre
        xScale = scale
        var my = 0.0
        for i in 0..<n { my += w[i] * y[i] }
        let meanY = my / totalWeight
        yCentre = meanY
        u = x.map { ($0 - centre) / scale }
        v = y.map { $0 - meanY }
        rootWeights = w.map { $0.squareRoot() }
        for i in 0..<n {
            sw.append(sw[i] + w[i]); su.append(su[i] + w[i] * u[i]); suu.append(suu[i] + w[i] * u[i] * u[i])
            sv.append(sv[i] + w[i] * v[i]); suv.append(suv[i] + w[i] * u[i] * v[i]); svv.append(svv[i] + w[i] * v[i] * v[i])
        }
    }

    /// RSS of the separate weighted line on observations [i, j).
    func segmentRSS(_ i: Int, _ j: Int) -> Double {
        let w = sw[j] - sw[i], s1 = su[j] - su[i], sy = sv[j] - sv[i]
        let stt = (suu[j] - suu[i]) - s1 * s1 / w
        let sty = (suv[j] - suv[i]) - s1 * sy / w
        let syy = (svv[j] - svv[i]) - sy * sy / w
        let slope = stt > 0 ? sty / stt : 0
        return max(syy - slope * sty, 0)
    }

    mutating func run() throws(FittingError) {
        suffixBest = [[Double]](repeating: [Double](repeating: .infinity, count: n + 1), count: m + 1)
        for i in 0...n where n - i >= length { suffixBest[0][i] = segmentRSS(i, n) }
        if m > 0 {
            for r in 1...m {
                for i in stride(from: n - (r + 1) * length, through: 0, by: -1) {
                    var bestCost = Double.infinity
                    for k in stride(from: i + length, through: n - r * length, by: 1) where suffixBest[r - 1][k].isFinite {
                        bestCost = min(bestCost, segmentRSS(i, k) + suffixBest[r - 1][k])
                    }
                    suffixBest[r][i] = bestCost
                }
            }
        }
        var starts: [Int] = []
        try visit(depth: 0, start: 0, prefixCost: 0, starts: &starts)
    }

    /// Chooses the start of segment `depth + 1` (observation index) and recurses; at the last depth
    /// solves the partition exactly.
    mutating func visit(depth: Int, start: Int, prefixCost: Double, starts: inout [Int]) throws(FittingError) {
        if depth == m {
            let bound = prefixCost + segmentRSS(start, n)
            if bound < incumbent { try solvePartition(starts) }
            return
        }
        let remaining = m - depth - 1
        var children: [(bound: Double, k: Int, cost: Double)] = []
        for k in stride(from: start + length, through: n - (remaining + 1) * length, by: 1) {
            let cost = prefixCost + segmentRSS(start, k)
            let bound = cost + suffixBest[remaining][k]
            if bound < incumbent { children.append((bound, k, cost)) }
        }
        children.sort { $0.bound < $1.bound }
        for child in children where child.bound < incumbent {
            starts.append(child.k)
            try visit(depth: depth + 1, start: child.k, prefixCost: child.cost, starts: &starts)
            starts.removeLast()
        }
    }

    /// The best RSS so far, slightly relaxed so that rounding in the bounds never prunes a tie.
    var incumbent: Double { best.map { $0.rss * (1 + 1e-12) + 1e-300 } ?? .infinity }

    /// Knot status in a partition: nil = free (strictly inside its interval), else fixed at that u.
    mutating func solvePartition(_ starts: [Int]) throws(FittingError) {
        var status = [Double?](repeating: nil, count: m)
        var decided = [Bool](repeating: false, count: m)
        let segments = segmentLines(starts)
        try branch(starts, segments: segments, status: &status, decided: &decided)
    }

    /// Each segment's weighted line, computed directly from its observations (two passes, centred):
    /// the reduction of every status assignment of the partition to a small problem (`solve`).
    func segmentLines(_ starts: [Int]) -> [SegmentLine] {
        let bounds = [0] + starts + [n]
        return (0...m).map { s in
            let lower = bounds[s], upper = bounds[s + 1]
            var w = 0.0, wu = 0.0, wv = 0.0
            for i in lower..<upper {
                let wi = rootWeights[i] * rootWeights[i]
                w += wi; wu += wi * u[i]; wv += wi * v[i]
            }
            let uBar = wu / w, vBar = wv / w
            var stt = 0.0, sty = 0.0
            for i in lower..<upper {
                let wi = rootWeights[i] * rootWeights[i], du = u[i] - uBar
                stt += wi * du * du; sty += wi * du * (v[i] - vBar)
            }
            let slope = sty / stt
            var rss = 0.0
            for i in lower..<upper {
                let r = v[i] - vBar - slope * (u[i] - uBar)
                rss += rootWeights[i] * rootWeights[i] * r * r
            }
            let rootW = w.squareRoot(), rootStt = stt.squareRoot()
            return SegmentLine(rootW: rootW, uBar: uBar, rootStt: rootStt, levelResponse: rootW * vBar, slopeResponse: sty / rootStt, rss: rss)
        }
    }

    mutating func branch(_ starts: [Int], segments: [SegmentLine], status: inout [Double?], decided: inout [Bool]) throws(FittingError) {
        guard let (rss, coefficients) = try solve(segments, status: status), rss < incumbent else { return }
        // The free knots' crossings; the first undecided infeasible one is branched on.
        var column = 2, infeasible: Int? = nil, knots: [Double] = []
        for j in 0..<m {
            let lo = u[starts[j] - 1], hi = u[starts[j]]
            if let fixed = status[j] {
                knots.append(fixed); column += 1
                continue
            }
            let c = coefficients[column], d = coefficients[column + 1]
            column += 2
            let scale = (abs(c) + abs(d)) * (abs(c) + abs(d))
            if (d + lo * c) * (d + hi * c) <= 1e-14 * scale {
                knots.append(c != 0 ? min(max(-d / c, lo), hi) : (lo + hi) / 2)
            } else {
                knots.append(.nan)
                if infeasible == nil, !decided[j] { infeasible = j }
            }
        }
        if knots.allSatisfy({ !$0.isNaN }) {
            best = (rss, starts, knots, coefficients)
            return
        }
        // Branch on an undecided knot: the first infeasible one, else (an infeasible knot already
        // decided to be inside its interval may be moved there by fixing another) the first undecided.
        guard let j = infeasible ?? decided.firstIndex(of: false) else { return }
        let lo = u[starts[j] - 1], hi = u[starts[j]]
        decided[j] = true
        for choice: Double? in [lo, hi, nil] {
            status[j] = choice
            try branch(starts, segments: segments, status: &status, decided: &decided)
        }
        status[j] = nil
        decided[j] = false
    }

    /// Weighted least squares of v on [1, u, per knot: (u - κ)₊ if fixed, else u·1[i ≥ k], 1[i ≥ k]];
    /// nil when the design is rank-deficient.
    ///
    /// Solved without the n × p design. On each segment of the partition every column is a line
    /// α + β u (a fixed knot sits at an end of its interval, an observation, so its hinge is u − κ
    /// from the segment after it on and 0 before). In the segment's own orthogonal basis
    /// {1, u − ū_s} (weighted), the design's rows there reduce, by an orthogonal transformation, to
    /// two rows (√W_s (α + β ū_s), √S_tt,s β) against (√W_s v̄_s, S_tv,s / √S_tt,s), and what is left
    /// is the segment's own line residual. So RSS = Σ_s RSS_s + the residual of a 2(m + 1) × p
    /// problem, solved by the same Householder QR: the same minimum, coefficients and R diagonal
    /// (hence the same rank test) as the full QR, in O(m³) per status assignment instead of O(n p²).
    mutating func solve(_ segments: [SegmentLine], status: [Double?]) throws(FittingError) -> (Double, [Double])? {
        solved += 1
        guard solved <= ContinuousPiecewiseLinear.maximumSubproblems else {
            throw .invalidArgument(
                "the exact search for \(m) knots needs more than \(ContinuousPiecewiseLinear.maximumSubproblems) "
                    + "least-squares solves: ask for fewer breaks")
        }
        if status.allSatisfy({ $0 == nil }) {
            // Every knot free: the discontinuous fit, each segment's own line (the square reduced
            // system's solution in closed form): a and r of the first segment, then per knot the
            // changes of slope (c_j) and of intercept (d_j) from one segment to the next.
            var solution = [segments[0].intercept, segments[0].slope], rss = segments[0].rss
            for s in 1..<segments.count {
                solution += [segments[s].slope - segments[s - 1].slope, segments[s].intercept - segments[s - 1].intercept]
                rss += segments[s].rss
            }
            return (rss, solution)
        }
        let p = 2 + status.reduce(0) { $0 + ($1 == nil ? 2 : 1) }
        let rows = 2 * (m + 1)
        design.removeAll(keepingCapacity: true)
        design.append(contentsOf: repeatElement(0, count: rows * p))
        response.removeAll(keepingCapacity: true)
        var base = 0.0
        for segment in segments {
            response.append(segment.levelResponse)
            response.append(segment.slopeResponse)
            base += segment.rss
        }
        /// Column `column` is the line α + β u on segments `from...m` and 0 before.
        func setColumn(_ column: Int, alpha: Double, beta: Double, from: Int) {
            for s in from...m {
                let segment = segments[s]
                design[column * rows + 2 * s] = segment.rootW * (alpha + beta * segment.uBar)
                design[column * rows + 2 * s + 1] = segment.rootStt * beta
            }
        }
        setColumn(0, alpha: 1, beta: 0, from: 0)
        setColumn(1, alpha: 0, beta: 1, from: 0)
        var column = 2
        for j in 0..<m {
            if let kappa = status[j] {
                setColumn(column, alpha: -kappa, beta: 1, from: j + 1)
                column += 1
            } else {
                setColumn(column, alpha: 0, beta: 1, from: j + 1)
                setColumn(column + 1, alpha: 1, beta: 0, from: j + 1)
                column += 2
            }
        }
        guard let rss = householderLeastSquares(&design, rows: rows, columns: p, &response, solution: &coefficients) else {
            return nil
        }
        return (base + rss, coefficients)
    }

    /// The best path in the caller's units: knots in x, coefficients of the hinge form.
    func result(_ best: (rss: Double, starts: [Int], knots: [Double], coefficients: [Double])) -> ContinuousPiecewiseLinearFit {
        let knots = best.knots.map { xCentre + xScale * $0 }
        // Refit in the hinge form at the knots found (one more solve, in scaled units) so that the
        // coefficients are those of f(x) = a + r x + Σ c_j (x - κ_j)₊.
        var design = [Double](repeating: 0, count: n * (m + 2))
        for i in 0..<n {
            design[i] = rootWeights[i]; design[n + i] = rootWeights[i] * u[i]
            for j in 0..<m { design[(2 + j) * n + i] = rootWeights[i] * max(u[i] - best.knots[j], 0) }
        }
        var response = (0..<n).map { rootWeights[$0] * v[$0] }
        var θ: [Double] = []
        let rss = householderLeastSquares(&design, rows: n, columns: m + 2, &response, solution: &θ) ?? best.rss
        // Back to x and y units: u = (x - xc)/S, so slope r = θ1/S, c_j = θ_{2+j}/S, a = yc + θ0 - r xc.
        let slope = θ.count > 1 ? θ[1] / xScale : 0
        let intercept = yCentre + (θ.first ?? 0) - slope * xCentre
        let changes = (0..<m).map { θ.count > 2 + $0 ? θ[2 + $0] / xScale : 0 }
        // Observations per segment, an observation exactly at a knot counting in the segment the knot
        // ends (its hinge term (x - κ)₊ is zero there: its fitted value is the earlier segment's).
        var counts = [Int](repeating: 0, count: m + 1)
        for i in 0..<n { counts[best.knots.filter { u[i] > $0 }.count] += 1 }
        return ContinuousPiecewiseLinearFit(
            knots: knots, intercept: intercept, slope: slope, slopeChanges: changes, rss: min(rss, best.rss),
            segmentObservations: counts, subproblemsSolved: solved)
    }
}

/// One segment's weighted line in its own orthogonal basis {1, u − ū}: √W, ū, √S_tt, the responses
/// √W v̄ and S_tv/√S_tt, and the residual sum of squares of the line.
struct SegmentLine {
    var rootW: Double, uBar: Double, rootStt: Double
    var levelResponse: Double, slopeResponse: Double
    var rss: Double
    /// The line v = intercept + slope · u.
    var slope: Double { slopeResponse / rootStt }
    var intercept: Double { levelResponse / rootW - slope * uBar }
}

/// Least squares by Householder QR on a small column-major n × p matrix (overwritten), returning
/// the residual sum of squares ‖b - A x‖² (from the last n - p entries of Qᵀb; 0 when n = p) and x
/// in `solution`; nil when a diagonal of R falls below 1e-12 of the largest column norm
/// (rank-deficient design).
func householderLeastSquares(
    _ a: inout [Double], rows n: Int, columns p: Int, _ b: inout [Double], solution: inout [Double]
) -> Double? {
    guard n >= p, p > 0, a.count >= n * p, b.count >= n else { return nil }
    if solution.count != p { solution = [Double](repeating: 0, count: p) }
    // Unchecked buffers: the sizes are checked above, and this is the search's inner loop.
    return a.withUnsafeMutableBufferPointer { a in
        b.withUnsafeMutableBufferPointer { b in
            solution.withUnsafeMutableBufferPointer { x in
                var largest = 0.0
                for k in 0..<p {
                    var norm = 0.0
                    for i in 0..<n { norm += a[k * n + i] * a[k * n + i] }
                    largest = max(largest, norm.squareRoot())
                }
                // R's diagonal is kept in x until the back substitution overwrites it, last first.
                for k in 0..<p {
                    var norm = 0.0
                    for i in k..<n { norm += a[k * n + i] * a[k * n + i] }
                    norm = norm.squareRoot()
                    guard norm > 1e-12 * largest else { return nil }
                    let alpha = a[k * n + k] > 0 ? -norm : norm
                    a[k * n + k] -= alpha
                    let vv = -2 * alpha * a[k * n + k]  // ‖v‖² = 2 norm (norm + |a_kk|)
                    for j in (k + 1)..<p {
                        var s = 0.0
                        for i in k..<n { s += a[k * n + i] * a[j * n + i] }
                        let f = 2 * s / vv
                        for i in k..<n { a[j * n + i] -= f * a[k * n + i] }
                    }
                    var s = 0.0
                    for i in k..<n { s += a[k * n + i] * b[i] }
                    let f = 2 * s / vv
                    for i in k..<n { b[i] -= f * a[k * n + i] }
                    x[k] = alpha
                }
                for k in stride(from: p - 1, through: 0, by: -1) {
                    var s = b[k]
                    for j in (k + 1)..<p { s -= a[j * n + k] * x[j] }
                    x[k] = s / x[k]
                }
                var rss = 0.0
                for i in p..<n { rss += b[i] * b[i] }
                return rss
            }
        }
    }
}
