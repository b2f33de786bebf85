import Foundation
import Fitting

/// What each model's parameters imply, with delta-method standard errors from the fit's covariance
/// (each gradient below is exact, written out from the formula beside it).
enum DerivedQuantities {
    static func of(_ kind: GrowthModelKind, fit: FitResult, sample: ModelSample) -> [DerivedQuantity] {
        let θ = fit.parameters
        guard θ.allSatisfy(\.isFinite) else { return [] }
        func quantity(_ name: String, _ value: Double, _ gradient: [Double], _ description: String) -> DerivedQuantity {
            let se = (try? DeltaMethod.standardError(gradient: gradient, covariance: fit.covariance)) ?? .nan
            return DerivedQuantity(name: name, value: value, standardError: se, description: description)
        }
        let ln2 = log(2.0)
        switch kind {
        case .exponential:
            // r, and the doubling time T₂ = ln 2 / r, ∂T₂/∂r = -ln 2 / r².
            let r = θ[1]
            return [
                quantity("growth_rate", r, [0, 1], "continuous growth rate per year"),
                quantity("doubling_time", ln2 / r, [0, -ln2 / (r * r)], "years for y to double, ln 2 / r"),
            ]
        case .hyperbolic:
            // y = C (t* - t)^(-k): growth rate g(t) = k / (t* - t); at the last year T,
            // ∂g/∂k = 1/(t*-T), ∂g/∂t* = -k/(t*-T)². Years to singularity t* - T. Growth rises as
            // y^(1/k) (statistics.md), so the implied growth-law exponent is B = 1/k, ∂B/∂k = -1/k².
            let k = θ[1], tStar = θ[2]
            let last = sample.lastYear ?? tStar
            let gap = tStar - last
            return [
                quantity("singularity_year", tStar, [0, 0, 1], "t*, the year y would become infinite"),
                quantity("years_to_singularity", gap, [0, 0, 1], "t* minus the last year of the sample"),
                quantity("growth_rate_at_end", k / gap, [0, 1 / gap, -k / (gap * gap)],
                         "implied growth rate per year at the last year, k / (t* - t)"),
                quantity("implied_B", 1 / k, [0, -1 / (k * k), 0], "growth proportional to y^B with B = 1/k"),
            ]
        case .constantGrowth:
            let c = θ[0]
            return [quantity("doubling_time", ln2 / c, [-ln2 / (c * c)], "years to double at rate c, ln 2 / c")]
        case .linearGrowth:
            // Growth at the level Y that ends the sample (as for the power laws below): a + b Y.
            let last = lastLevel(sample)
            return [quantity("growth_rate_at_end", θ[0] + θ[1] * last, [1, last],
                             "fitted growth rate per year at the last level of the sample")]
        case .powerGrowth, .powerGrowthDrift:
            // g(Y) = s Y^B (+ d) at the level Y that ends the sample; for B > 0 and no drift the
            // growth law dy/dt = s y^(1+B) explodes after 1/(B s Y^B) = 1/(B g) years.
            let s = θ[0], b = θ[1]
            let last = sample.form == .growth ? lastLevel(sample) : 0
            let power = exp(b * log(last))
            let drift = kind == .powerGrowthDrift ? θ[2] : 0
            let g = s * power + drift
            var rows = [quantity(
                "growth_rate_at_end", g,
                kind == .powerGrowthDrift ? [power, s * power * log(last), 1] : [power, s * power * log(last)],
                "fitted growth rate per year at the last level of the sample")]
            if kind == .powerGrowth {
                // T = 1/(B s Y^B): ∂T/∂s = -T/s, ∂T/∂B = -T (1/B + ln Y).
                let years = 1 / (b * s * power)
                rows.append(quantity("years_to_singularity", years, [-years / s, -years * (1 / b + log(last))],
                                     "years from the last level until the growth law diverges, 1/(B s Y^B)"))
            }
            return rows
        }
    }

    /// The level at the end of a growth sample: the start level of the last interval grown by it.
    private static func lastLevel(_ sample: ModelSample) -> Double {
        guard let y = sample.levels.last, let g = sample.response.last, let t0 = sample.years.last,
              let t1 = sample.endYears?.last else { return .nan }
        switch sample.rateKind ?? .continuous {
        case .continuous: return y * exp(g * (t1 - t0))
        case .discrete: return y * pow(1 + g, t1 - t0)
        }
    }
}
