import Foundation
import Fitting

/// What a model's reported parameters imply: a name, a description with its unit, the value as a
/// function of the parameters and its exact gradient (written out from the formula beside it).
struct DerivedDefinition: Sendable {
    let name: String
    let description: String
    let value: @Sendable ([Double]) -> Double
    let gradient: @Sendable ([Double]) -> [Double]
}

/// The derived quantities of each built-in model, with delta-method standard errors from the fit's
/// covariance (and, through `definitions`, per bootstrap replicate).
enum DerivedQuantities {
    static func of(_ kind: GrowthModelKind, fit: FitResult, sample: ModelSample) -> [DerivedQuantity] {
        let θ = fit.parameters
        guard θ.allSatisfy(\.isFinite) else { return [] }
        return definitions(kind, sample: sample).map { definition in
            let se = (try? DeltaMethod.standardError(gradient: definition.gradient(θ), covariance: fit.covariance)) ?? .nan
            return DerivedQuantity(name: definition.name, value: definition.value(θ), standardError: se,
                                   description: definition.description)
        }
    }

    static func definitions(_ kind: GrowthModelKind, sample: ModelSample) -> [DerivedDefinition] {
        let ln2 = log(2.0)
        switch kind {
        case .exponential:
            // r, and the doubling time T₂ = ln 2 / r, ∂T₂/∂r = -ln 2 / r².
            return [
                DerivedDefinition(name: "growth_rate", description: "continuous growth rate per year",
                                  value: { $0[1] }, gradient: { _ in [0, 1] }),
                DerivedDefinition(name: "doubling_time", description: "years for y to double, ln 2 / r",
                                  value: { ln2 / $0[1] }, gradient: { [0, -ln2 / ($0[1] * $0[1])] }),
            ]
        case .hyperbolic:
            // y = C (t* - t)^(-k): growth rate g(t) = k / (t* - t); at the last year T,
            // ∂g/∂k = 1/(t*-T), ∂g/∂t* = -k/(t*-T)². Years to singularity t* - T. Growth rises as
            // y^(1/k) (docs/statistics.md), so the implied growth-law exponent is B = 1/k, ∂B/∂k = -1/k².
            let last = sample.lastYear ?? 0
            return [
                DerivedDefinition(name: "singularity_year", description: "t*, the year y would become infinite",
                                  value: { $0[2] }, gradient: { _ in [0, 0, 1] }),
                DerivedDefinition(name: "years_to_singularity", description: "t* minus the last year of the sample",
                                  value: { $0[2] - last }, gradient: { _ in [0, 0, 1] }),
                DerivedDefinition(
                    name: "growth_rate_at_end", description: "implied growth rate per year at the last year, k / (t* - t)",
                    value: { $0[1] / ($0[2] - last) },
                    gradient: { θ in let gap = θ[2] - last; return [0, 1 / gap, -θ[1] / (gap * gap)] }),
                DerivedDefinition(name: "implied_B", description: "growth proportional to y^B with B = 1/k",
                                  value: { 1 / $0[1] }, gradient: { [0, -1 / ($0[1] * $0[1]), 0] }),
            ]
        case .constantGrowth:
            return [DerivedDefinition(name: "doubling_time", description: "years to double at rate c, ln 2 / c",
                                      value: { ln2 / $0[0] }, gradient: { [-ln2 / ($0[0] * $0[0])] })]
        case .linearGrowth:
            // Growth at the level Y that ends the sample (as for the power laws below): a + b Y.
            let level = lastLevel(sample)
            return [DerivedDefinition(
                name: "growth_rate_at_end", description: "fitted growth rate per year at the last level of the sample",
                value: { $0[0] + $0[1] * level }, gradient: { _ in [1, level] })]
        case .powerGrowth, .powerGrowthDrift:
            // g(Y) = s Y^B (+ d) at the level Y that ends the sample; for B > 0 and no drift the
            // growth law dy/dt = s y^(1+B) explodes after T = 1/(B s Y^B) = 1/(B g) years, with
            // ∂T/∂s = -T/s, ∂T/∂B = -T (1/B + ln Y).
            let logLevel = log(lastLevel(sample))
            let drift = kind == .powerGrowthDrift
            var rows = [DerivedDefinition(
                name: "growth_rate_at_end", description: "fitted growth rate per year at the last level of the sample",
                value: { θ in θ[0] * exp(θ[1] * logLevel) + (drift ? θ[2] : 0) },
                gradient: { θ in
                    let power = exp(θ[1] * logLevel)
                    return drift ? [power, θ[0] * power * logLevel, 1] : [power, θ[0] * power * logLevel]
                })]
            if !drift {
                rows.append(DerivedDefinition(
                    name: "years_to_singularity",
                    description: "years from the last level until the growth law diverges, 1/(B s Y^B)",
                    value: { θ in 1 / (θ[1] * θ[0] * exp(θ[1] * logLevel)) },
                    gradient: { θ in
                        let years = 1 / (θ[1] * θ[0] * exp(θ[1] * logLevel))
                        return [-years / θ[0], -years * (1 / θ[1] + logLevel)]
                    }))
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
