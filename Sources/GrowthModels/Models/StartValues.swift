import Foundation

/// Automatic starting values for the nonlinear growth models.
///
/// Each nonlinear model here is linear in all but one parameter once that one is fixed (the
/// singularity offset τ of the hyperbolic model, the exponent B of the growth laws). So a start is
/// found by profiling: on a grid of the nonlinear parameter, solve the remaining weighted linear
/// least-squares problem in closed form and keep the grid point with the smallest RSS. The solver
/// then refines from there. This is the idea of variable projection (Golub & Pereyra 1973) used only
/// to start, and it makes the fits independent of any user guess.
public enum StartValues {
    /// Weighted least squares of y on (1, x): intercept, slope and RSS in closed form, from
    /// centred sums (no normal-equation cancellation for large x such as years).
    static func straightLine(x: [Double], y: [Double], weights w: [Double]?)
        -> (intercept: Double, slope: Double, rss: Double)
    {
        var sw = 0.0, sx = 0.0, sy = 0.0
        for i in x.indices {
            let wi = w?[i] ?? 1
            sw += wi; sx += wi * x[i]; sy += wi * y[i]
        }
        let mx = sx / sw, my = sy / sw
        var sxx = 0.0, sxy = 0.0
        for i in x.indices {
            let wi = w?[i] ?? 1
            sxx += wi * (x[i] - mx) * (x[i] - mx)
            sxy += wi * (x[i] - mx) * (y[i] - my)
        }
        let slope = sxx > 0 ? sxy / sxx : 0
        let intercept = my - slope * mx
        var rss = 0.0
        for i in x.indices {
            let r = y[i] - intercept - slope * x[i]
            rss += (w?[i] ?? 1) * r * r
        }
        return (intercept, slope, rss)
    }

    /// Least squares of y on x through the origin: coefficient and RSS.
    static func throughOrigin(x: [Double], y: [Double], weights w: [Double]?)
        -> (coefficient: Double, rss: Double)
    {
        var sxx = 0.0, sxy = 0.0
        for i in x.indices {
            let wi = w?[i] ?? 1
            sxx += wi * x[i] * x[i]; sxy += wi * x[i] * y[i]
        }
        let c = sxx > 0 ? sxy / sxx : 0
        var rss = 0.0
        for i in x.indices {
            let r = y[i] - c * x[i]
            rss += (w?[i] ?? 1) * r * r
        }
        return (c, rss)
    }

    /// Start for ln y = ln C - k ln(t_last + exp(τ) - t): τ on a log grid of offsets from a tenth
    /// of a year to a hundred times the span of the data, (ln C, k) by linear least squares at each
    /// (`HyperbolicStartGrid`, which a refitting loop builds once and reuses).
    public static func hyperbolic(_ model: HyperbolicLevelRegression, logLevels: [Double], weights: [Double]?)
        -> [Double]
    {
        HyperbolicStartGrid(model, weights: weights).start(logLevels: logLevels)
    }

    /// The power-growth grid of B runs from -3 to 5 in this many steps.
    static let powerGrowthSteps = 320
    /// Every this many of them make `PowerGrowthRegression.searchGrid`.
    static let powerGrowthSearchStride = 16
    /// The spacing of the power-growth grid of B (from -3 to 5 in 320 steps).
    public static let powerGrowthGridSpacing = 8.0 / Double(powerGrowthSteps)

    /// Start for g = s₀ exp(B u) (+ d): B on a grid from -3 to 5, s₀ (and d) by linear least squares.
    public static func powerGrowth(_ model: PowerGrowthRegression, growth: [Double], weights: [Double]?)
        -> [Double]
    {
        var best: (rss: Double, θ: [Double]) = (.infinity, model.hasDrift ? [0, 0, 0] : [0, 0])
        for step in 0...powerGrowthSteps {
            let b = -3 + 8 * Double(step) / Double(powerGrowthSteps)
            let x = model.centredLogLevels.map { exp(b * $0) }
            if model.hasDrift {
                let line = straightLine(x: x, y: growth, weights: weights)
                if line.rss.isFinite, line.rss < best.rss { best = (line.rss, [line.slope, b, line.intercept]) }
            } else {
                let fit = throughOrigin(x: x, y: growth, weights: weights)
                if fit.rss.isFinite, fit.rss < best.rss { best = (fit.rss, [fit.coefficient, b]) }
            }
        }
        return best.θ
    }
}

/// The grid search of `StartValues.hyperbolic`, split into the part that depends only on the years
/// and weights and the part that depends on the response.
///
/// At each grid offset the regressor x_i = -ln(d_i + exp(τ)) does not involve y, so the logarithms
/// (n per grid point, the bulk of the work), the weighted mean of x, the centred sum of squares Sxx
/// and the products w_i (x_i - x̄) are computed once here, with exactly the operations, in the order,
/// of `StartValues.straightLine`. A response then costs one pass of multiply-adds per grid point and
/// no logarithm, which is what makes the start affordable in every replicate of a parametric
/// bootstrap.
public struct HyperbolicStartGrid: Sendable {
    static let steps = 200
    /// Every this many of its points make `HyperbolicLevelRegression.searchGrid`.
    static let searchStride = 10
    /// Up to this many observations the rows of w_i (x_i - x̄) are cached (201 · n doubles: 16 MB at
    /// the limit), which is what makes a bootstrap's starts cheap; above it a single fit recomputes
    /// them, so memory stays O(n) (a 10⁶-row series would otherwise cache 1.6 GB).
    public static let cachedObservationLimit = 10_000
    var weights: [Double]?
    /// τ of each grid point.
    var offsets: [Double]
    /// w_i (x_i - x̄) by grid point, row-major; empty above `cachedObservationLimit` observations,
    /// where `start` recomputes each grid point's row instead (same operations, same bits).
    var centredWeightedRegressors: [Double]
    /// t_last - t_i, kept to recompute the rows when they are not cached.
    var yearsBeforeLast: [Double]
    /// x̄ and Sxx = Σ w_i (x_i - x̄)² by grid point.
    var regressorMeans: [Double]
    var regressorSquares: [Double]
    let totalWeight: Double
    let span: Double

    /// The grid of τ = ln(t* - t_last) both hyperbolas start from (the free one here, the
    /// proportional one in `ProportionalHyperbolicModel`): `steps` + 1 points evenly spaced in τ from
    /// an offset of a tenth of a year to a hundred spans (`span`, in years, at least 1).
    static func offsetGrid(span: Double) -> [Double] {
        let lowest = log(0.1), highest = log(100 * span)
        return (0...steps).map { lowest + (highest - lowest) * Double($0) / Double(steps) }
    }

    /// The distance between neighbouring grid values of τ: the minimum lies within about one
    /// spacing of the best grid point, which makes it the natural first step of a refinement.
    public var spacing: Double { offsets[1] - offsets[0] }

    /// The same grid with arrays of its own, for one worker thread (`Array.threadLocalCopy`).
    func threadLocalCopy() -> HyperbolicStartGrid {
        var copy = self
        copy.weights = weights?.threadLocalCopy()
        copy.offsets = offsets.threadLocalCopy()
        copy.centredWeightedRegressors = centredWeightedRegressors.threadLocalCopy()
        copy.yearsBeforeLast = yearsBeforeLast.threadLocalCopy()
        copy.regressorMeans = regressorMeans.threadLocalCopy()
        copy.regressorSquares = regressorSquares.threadLocalCopy()
        return copy
    }

    /// - Parameter cachingUpTo: the most observations for which the rows are cached.
    public init(_ model: HyperbolicLevelRegression, weights: [Double]?, cachingUpTo limit: Int = cachedObservationLimit) {
        let d = model.yearsBeforeLast, n = d.count
        span = max(d.max() ?? 1, 1)
        self.weights = weights
        yearsBeforeLast = d
        let caching = n <= limit
        var offsets: [Double] = [], centred: [Double] = []
        var means: [Double] = [], squares: [Double] = []
        var sw = 0.0
        for τ in Self.offsetGrid(span: span) {
            let offset = exp(τ)
            let x = d.map { -log($0 + offset) }
            sw = 0
            var sx = 0.0
            for i in 0..<n {
                let wi = weights?[i] ?? 1
                sw += wi; sx += wi * x[i]
            }
            let mx = sx / sw
            var sxx = 0.0
            for i in 0..<n {
                let wi = weights?[i] ?? 1
                sxx += wi * (x[i] - mx) * (x[i] - mx)
                if caching { centred.append(wi * (x[i] - mx)) }
            }
            offsets.append(τ)
            means.append(mx)
            squares.append(sxx)
        }
        self.offsets = offsets
        centredWeightedRegressors = centred
        regressorMeans = means
        regressorSquares = squares
        totalWeight = sw
    }

    /// The grid point with the smallest RSS, as (ln C, k, τ).
    ///
    /// Each grid point costs one pass of n multiply-adds: with the centred products a_i = w_i (x_i - x̄)
    /// precomputed, Sxy = Σ a_i (y_i - ȳ) and the line's RSS is Syy - Sxy²/Sxx (Syy = Σ w_i (y_i - ȳ)²,
    /// once per response). That closed form loses digits only when RSS ≪ Syy (a fit explaining all
    /// but 10⁻ᵏ of the variance keeps 16 - k digits), ample for choosing a grid point; the winner's
    /// intercept and slope are then formed exactly as `straightLine` forms them.
    public func start(logLevels y: [Double]) -> [Double] {
        let n = y.count
        var sy = 0.0
        for i in 0..<n { sy += (weights?[i] ?? 1) * y[i] }
        let my = sy / totalWeight
        var syy = 0.0
        for i in 0..<n { syy += (weights?[i] ?? 1) * (y[i] - my) * (y[i] - my) }
        var best: (rss: Double, point: Int, sxy: Double)? = nil
        let centred = y.map { $0 - my }
        let cached = centredWeightedRegressors.count == regressorSquares.count * n
        var row = cached ? [] : [Double](repeating: 0, count: n)
        centred.withUnsafeBufferPointer { z in
            centredWeightedRegressors.withUnsafeBufferPointer { a in
                regressorSquares.withUnsafeBufferPointer { squares in
                    for point in 0..<squares.count {
                        let sxy: Double
                        if cached {
                            sxy = Self.dot(a.baseAddress! + point * n, z.baseAddress!, count: n)
                        } else {
                            centredWeightedRow(point, into: &row)
                            sxy = row.withUnsafeBufferPointer { Self.dot($0.baseAddress!, z.baseAddress!, count: n) }
                        }
                        let sxx = squares[point]
                        let rss = sxx > 0 ? syy - sxy * sxy / sxx : syy
                        if rss.isFinite, rss < best?.rss ?? .infinity { best = (rss, point, sxy) }
                    }
                }
            }
        }
        guard let best else { return [y.first ?? 0, 1, log(span)] }
        let sxx = regressorSquares[best.point]
        let slope = sxx > 0 ? best.sxy / sxx : 0
        return [my - slope * regressorMeans[best.point], slope, offsets[best.point]]
    }

    /// w_i (x_i - x̄) of one grid point, with exactly the operations `init` caches them with.
    private func centredWeightedRow(_ point: Int, into row: inout [Double]) {
        let offset = exp(offsets[point]), mx = regressorMeans[point]
        for i in yearsBeforeLast.indices {
            let x = -log(yearsBeforeLast[i] + offset)
            row[i] = (weights?[i] ?? 1) * (x - mx)
        }
    }

    /// Σ a_i z_i in four interleaved partial sums (i mod 4), added as (s₀ + s₁) + (s₂ + s₃) at the
    /// end: independent chains the processor overlaps, where one running sum waits on every add.
    /// scripts/bench_python.py forms the same sums in the same order.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ z: UnsafePointer<Double>, count n: Int) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= n {
            s0 += a[i] * z[i]
            s1 += a[i + 1] * z[i + 1]
            s2 += a[i + 2] * z[i + 2]
            s3 += a[i + 3] * z[i + 3]
            i += 4
        }
        if i < n { s0 += a[i] * z[i] }
        if i + 1 < n { s1 += a[i + 1] * z[i + 1] }
        if i + 2 < n { s2 += a[i + 2] * z[i + 2] }
        return (s0 + s1) + (s2 + s3)
    }
}
