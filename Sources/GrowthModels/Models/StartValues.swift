import Foundation

/// Automatic starting values for the nonlinear growth models.
///
/// Each nonlinear model here is linear in all but one parameter once that one is fixed (the
/// singularity offset τ of the hyperbolic model, the exponent B of the growth laws). So a start is
/// found by profiling: on a grid of the nonlinear parameter, solve the remaining weighted linear
/// least-squares problem in closed form and keep the grid point with the smallest RSS. The solver
/// then refines from there. This is the idea of variable projection (Golub & Pereyra 1973) used only
/// to start, and it makes the fits independent of any user guess.
enum StartValues {
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
    /// of a year to a hundred times the span of the data, (ln C, k) by linear least squares at each.
    static func hyperbolic(_ model: HyperbolicLevelRegression, logLevels: [Double], weights: [Double]?)
        -> [Double]
    {
        let span = max(model.yearsBeforeLast.max() ?? 1, 1)
        let lowest = log(0.1), highest = log(100 * span)
        let steps = 200
        var best: (rss: Double, θ: [Double]) = (.infinity, [logLevels.first ?? 0, 1, log(span)])
        for step in 0...steps {
            let τ = lowest + (highest - lowest) * Double(step) / Double(steps)
            let offset = exp(τ)
            let x = model.yearsBeforeLast.map { -log($0 + offset) }
            let line = straightLine(x: x, y: logLevels, weights: weights)
            if line.rss.isFinite, line.rss < best.rss {
                best = (line.rss, [line.intercept, line.slope, τ])
            }
        }
        return best.θ
    }

    /// Start for g = s₀ exp(B u) (+ d): B on a grid from -3 to 5, s₀ (and d) by linear least squares.
    static func powerGrowth(_ model: PowerGrowthRegression, growth: [Double], weights: [Double]?)
        -> [Double]
    {
        var best: (rss: Double, θ: [Double]) = (.infinity, model.hasDrift ? [0, 0, 0] : [0, 0])
        for step in 0...320 {
            let b = -3 + 8 * Double(step) / 320
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
