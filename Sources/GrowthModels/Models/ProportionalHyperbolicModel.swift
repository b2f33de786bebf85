import Foundation
import Fitting

extension GrowthModelID {
    public static let proportionalHyperbolic = GrowthModelID(rawValue: "proportional-hyperbolic")
}

/// ln y = ln C - ln(t* - t): the hyperbola with k = 1, y = C / (t* - t), whose growth rate
/// g = 1/(t* - t) = y/C is proportional to the level: Kremer's (1993) hypothesis in the level form.
/// Beside the free hyperbola (any k, growth proportional to y^(1/k)) it separates "growth rises in
/// proportion to the level" from mere curvature of ln y.
///
/// Fitted as a general nonlinear model on θ = (ln C, τ) with t* = t_last + exp(τ) (the free
/// hyperbola's reparametrisation: t* stays above every observation), from a profiled grid start:
/// at fixed τ, ln C is the weighted mean of ln y_i + ln(t* - t_i). As t* → ∞ the model tends to a
/// constant level, not to the exponential, so it has no limit to report.
public struct ProportionalHyperbolicModel: GrowthModel {
    public init() {}
    public var id: GrowthModelID { .proportionalHyperbolic }
    public var form: ModelForm { .level }
    public var parameterNames: [String] { ["ln_C", "t_star"] }
    public var formula: String { "ln y = ln_C - ln(t_star - t)" }

    /// The reported parameters, read by name rather than by position.
    public struct Parameters: Sendable {
        public var lnC: Double
        /// t*, the year the fitted level becomes infinite.
        public var singularityYear: Double
        public init(_ θ: [Double]) { (lnC, singularityYear) = (θ[0], θ[1]) }
    }

    public func estimator(for sample: ModelSample) -> GrowthModelEstimator {
        .nonlinear(Regression(years: sample.years))
    }

    /// Growth rate 1/(t* - T) at the last year T (∂/∂t* = -1/(t* - T)²), and t* - T.
    public func derivedQuantities(for sample: ModelSample) -> [DerivedDefinition] {
        let last = sample.lastYear ?? 0
        return [
            DerivedDefinition(name: "singularity_year", description: "t*, the year y would become infinite",
                              value: { $0[1] }, gradient: { _ in [0, 1] }),
            DerivedDefinition(name: "years_to_singularity", description: "t* minus the last year of the sample",
                              value: { $0[1] - last }, gradient: { _ in [0, 1] }),
            DerivedDefinition(
                name: "growth_rate_at_end", description: "implied growth rate per year at the last year, 1 / (t* - t)",
                value: { 1 / ($0[1] - last) },
                gradient: { θ in let gap = θ[1] - last; return [0, -1 / (gap * gap)] }),
        ]
    }

    public func curve(_ parameters: [Double], at t: Double) -> Double {
        let θ = Parameters(parameters)
        return θ.lnC - log(θ.singularityYear - t)
    }

    public func singularityYear(_ parameters: [Double]) -> Double? { Parameters(parameters).singularityYear }

    /// The model as the solver sees it: θ = (ln C, τ), f_i = ln C - ln(d_i + exp τ) with
    /// d_i = t_last - t_i ≥ 0 (no cancellation near t_last); ∂f/∂ln C = 1, ∂f/∂τ = -exp τ/(d_i + exp τ).
    struct Regression: GrowthRegression {
        var yearsBeforeLast: [Double]
        let lastYear: Double

        init(years: [Double]) {
            lastYear = years.max() ?? 0
            yearsBeforeLast = years.map { [lastYear] in lastYear - $0 }
        }

        private static let names = ["ln_C", "tau"]
        var parameterNames: [String] { Self.names }
        var observationCount: Int { yearsBeforeLast.count }
        var hasAnalyticJacobian: Bool { true }
        var modelDescription: String { "ln y = ln_C - ln(t_star - t), t_star = t_last + exp(tau)" }

        func evaluate(
            _ θ: UnsafeBufferPointer<Double>, values: UnsafeMutableBufferPointer<Double>,
            jacobian: UnsafeMutableBufferPointer<Double>?, scratch: UnsafeMutableBufferPointer<Double>
        ) {
            let lnC = θ[0], offset = exp(θ[1])
            for i in yearsBeforeLast.indices {
                let distance = yearsBeforeLast[i] + offset
                values[i] = lnC - log(distance)
                if let jacobian {
                    jacobian[2 * i] = 1
                    jacobian[2 * i + 1] = -offset / distance
                }
            }
        }

        /// τ on the free hyperbola's grid (`HyperbolicStartGrid.offsetGrid`), ln C in closed form at each.
        func start(response: [Double], weights: [Double]?) -> (parameters: [Double], initialStep: Double?) {
            let span = max(yearsBeforeLast.max() ?? 1, 1)
            var best: (rss: Double, θ: [Double]) = (.infinity, [response.first ?? 0, log(span)])
            for τ in HyperbolicStartGrid.offsetGrid(span: span) {
                let offset = exp(τ)
                var sw = 0.0, sz = 0.0
                for i in response.indices {
                    let w = weights?[i] ?? 1
                    sw += w
                    sz += w * (response[i] + log(yearsBeforeLast[i] + offset))
                }
                let lnC = sz / sw
                var rss = 0.0
                for i in response.indices {
                    let r = response[i] - lnC + log(yearsBeforeLast[i] + offset)
                    rss += (weights?[i] ?? 1) * r * r
                }
                if rss.isFinite, rss < best.rss { best = (rss, [lnC, τ]) }
            }
            return (best.θ, nil)
        }

        func reported(_ θ: [Double]) -> (values: [Double], jacobian: [Double]) {
            let offset = exp(θ[1])
            return ([θ[0], lastYear + offset], [1, 0, 0, offset])
        }

        func solverParameters(reported: [Double]) -> [Double] { [reported[0], log(reported[1] - lastYear)] }

        /// ln C is its own solver parameter; t* = t_last + exp(τ) increases with τ.
        func reportedValue(ofSolverParameter j: Int, _ v: Double) -> Double? { j == 1 ? lastYear + exp(v) : v }

        func threadLocalCopy() -> Self {
            var copy = self
            copy.yearsBeforeLast = yearsBeforeLast.threadLocalCopy()
            return copy
        }
    }
}
