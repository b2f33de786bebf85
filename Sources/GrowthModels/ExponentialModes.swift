import Foundation
import Fitting

/// Hanson's (2000) smooth reading of growth modes: the level is a sum of exponential modes,
///
///     y = Σ_{j=1}^{M} a_j exp(r_j t),   a_j > 0,
///
/// each mode overtaking the one before as its faster growth tells, so transitions are smooth rather
/// than breaks. Fitted like the other level models, by least squares on ln y, with GSL's
/// Levenberg-Marquardt from several starts: ln y = ln Σ exp(α_j + ρ_j s) with s = (t - t_c)/S (the
/// window's midpoint and half-span, so the rates are of order one for the solver) and α_j = ln a_j +
/// r_j t_c (a_j > 0 by construction). Not separable on ln y (a_j is linear in y, not in ln y), so
/// every parameter is iterated. K = 2M + 1.
public struct ExponentialModesFit: Encodable, Sendable {
    /// The number of modes M.
    public var modes: Int
    /// Growth rate per year of each mode, increasing.
    public var rates: [Double]
    /// ln a_j + r_j t_c: each mode's log-level at `centreYear`, in the rates' order.
    public var logLevelsAtCentre: [Double]
    public var centreYear: Double
    /// The fit in the solver's parametrisation (α₁, ρ₁, α₂, ρ₂, ...).
    public var fit: FitResult

    /// The mode counts the hypothesis test fits.
    public static let modeCounts = [2, 3]

    /// Fits M modes to a level sample; `startPaths` are continuous paths whose phases seed the starts
    /// (the path with M - 1 breaks gives one mode per phase). Nil when the sample is too small.
    static func fit(_ sample: ModelSample, modes: Int, startPaths: [ContinuousGrowthPath]) throws(AnalysisError) -> ExponentialModesFit? {
        guard sample.form == .level, modes >= 1, sample.count > 2 * modes + 1,
              let first = sample.years.first, let last = sample.years.last, last > first
        else { return nil }
        let centre = (first + last) / 2, scale = (last - first) / 2
        let model = ExponentialModesRegression(s: sample.years.map { ($0 - centre) / scale }, modes: modes)
        let starts = Self.starts(modes: modes, paths: startPaths, sample: sample, centre: centre, scale: scale)
        let result: FitResult
        do {
            result = try fitMultistart(model, response: sample.response, weights: sample.weights, starts: starts)
        } catch {
            throw .fitting(context: "\(modes) exponential modes on \(sample.label)", error: error)
        }
        let order = (0..<modes).sorted { result.parameters[2 * $0 + 1] < result.parameters[2 * $1 + 1] }
        return ExponentialModesFit(
            modes: modes, rates: order.map { result.parameters[2 * $0 + 1] / scale },
            logLevelsAtCentre: order.map { result.parameters[2 * $0] }, centreYear: centre, fit: result)
    }

    /// Deterministic starts: each phase of a path with M - 1 breaks (and, for other paths, the M
    /// fastest-to-slowest phases that exist) becomes a mode with its line's level at the centre and
    /// its rate; each base start is also shifted ±1 in level and halved or doubled in rate, mode by
    /// mode, so that a mode the data barely use still gets a start where it matters.
    static func starts(modes: Int, paths: [ContinuousGrowthPath], sample: ModelSample, centre: Double, scale: Double) -> [[Double]] {
        var bases: [[Double]] = []
        for path in paths {
            // Line of phase j: intercept_j + rate_j t, with intercept_j = a - Σ_{l<j} c_l b_l.
            var intercepts = [path.intercept]
            for j in path.breakYears.indices {
                let change = path.phaseGrowthRates[j + 1] - path.phaseGrowthRates[j]
                intercepts.append(intercepts[j] - change * path.breakYears[j])
            }
            var levels: [Double] = [], rates: [Double] = []
            for (intercept, rate) in zip(intercepts, path.phaseGrowthRates) {
                levels.append(intercept + rate * centre)
                rates.append(rate * scale)
            }
            while levels.count < modes {
                let level: Double = levels[levels.count - 1] - 2
                let rate: Double = rates[rates.count - 1] * 2 + 0.5
                levels.append(level)
                rates.append(rate)
            }
            let kept = (levels.count - modes)..<levels.count
            var base: [Double] = []
            for j in kept { base += [levels[j], rates[j]] }
            bases.append(base)
        }
        if bases.isEmpty {
            let line = StartValues.straightLine(x: sample.years, y: sample.response, weights: sample.weights)
            var base: [Double] = []
            for j in 0..<modes {
                let level: Double = line.intercept + line.slope * centre - Double(j)
                let rate: Double = line.slope * scale * Double(j + 1)
                base += [level, rate]
            }
            bases.append(base)
        }
        var starts = bases
        for base in bases {
            for j in 0..<modes {
                for (dα, ρFactor) in [(1.0, 1.0), (-1.0, 1.0), (0.0, 0.5), (0.0, 2.0)] {
                    var start = base
                    start[2 * j] += dα
                    start[2 * j + 1] *= ρFactor
                    starts.append(start)
                }
            }
        }
        return starts
    }
}

/// ln y = ln Σ_j exp(α_j + ρ_j s_i), evaluated by log-sum-exp (no overflow when a mode's level is
/// far above the others), with ∂/∂α_j = w_ij and ∂/∂ρ_j = s_i w_ij, w_ij the mode's share of y_i.
struct ExponentialModesRegression: RegressionModel {
    let s: [Double]
    let modes: Int

    var parameterNames: [String] { (1...modes).flatMap { ["alpha\($0)", "rho\($0)"] } }
    var observationCount: Int { s.count }
    var hasAnalyticJacobian: Bool { true }
    var scratchCount: Int { modes }
    var modelDescription: String { "ln y = ln Σ exp(alpha_j + rho_j s), \(modes) modes" }

    func evaluate(
        _ θ: UnsafeBufferPointer<Double>, values: UnsafeMutableBufferPointer<Double>,
        jacobian: UnsafeMutableBufferPointer<Double>?, scratch: UnsafeMutableBufferPointer<Double>
    ) {
        let p = 2 * modes
        for i in s.indices {
            var largest = -Double.infinity
            for j in 0..<modes {
                scratch[j] = θ[2 * j] + θ[2 * j + 1] * s[i]
                largest = max(largest, scratch[j])
            }
            var sum = 0.0
            for j in 0..<modes {
                scratch[j] = exp(scratch[j] - largest)
                sum += scratch[j]
            }
            values[i] = largest + log(sum)
            if let jacobian {
                for j in 0..<modes {
                    let share = scratch[j] / sum
                    jacobian[i * p + 2 * j] = share
                    jacobian[i * p + 2 * j + 1] = s[i] * share
                }
            }
        }
    }
}
