import Fitting
import Foundation
import Testing
import TestSupport

/// Expected values are closed forms (Casella & Berger 2002, examples 7.2.5 and 7.2.7, and the
/// observed information of each likelihood): no reference script is needed.
@Suite struct MaximumLikelihoodTests {
    static let data: [Double] = [0.8, 1.9, 0.3, 2.7, 1.1, 0.6, 1.4, 3.2, 0.9, 0.2]

    /// Exponential sample, ℓ(λ) = n ln λ - λ Σx, defined only for λ > 0: λ̂ = n/Σx, SE = λ̂/√n.
    /// The start (λ = 20) is far above λ̂ ≈ 0.76 and the gradient is strongly negative, so BFGS's
    /// first trial step lands at negative λ, where ℓ is undefined; it must be rejected, not accepted.
    @Test func exponentialRateWithInadmissibleRegion() throws {
        let n = Double(Self.data.count), total = Self.data.reduce(0, +)
        let result = try maximizeLikelihood(
            { θ in
                let λ = θ[0]
                guard λ > 0 else { return (.nan, [.nan]) }
                return (n * log(λ) - λ * total, [n / λ - total])
            }, start: [20], parameterNames: ["rate"], observations: Self.data.count, model: "exponential",
            options: { var o = MaximumLikelihoodOptions(); o.initialStepFraction = 100; return o }())
        let rate = n / total
        #expect(result.converged)
        #expect(relativeDifference(result.parameters[0], rate) < 1e-7)
        #expect(relativeDifference(result.standardErrors[0], rate / n.squareRoot()) < 1e-6)
        #expect(relativeDifference(result.logLikelihood, n * log(rate) - n) < 1e-12)
        #expect(result.k == 1)
        #expect(relativeDifference(result.aic, -2 * result.logLikelihood + 2) < 1e-15)
        #expect(relativeDifference(result.bic, -2 * result.logLikelihood + log(n)) < 1e-15)
    }

    /// Normal sample in (μ, ln σ): μ̂ = x̄, σ̂² = Σ(x - x̄)²/n; SE(μ̂) = σ̂/√n, SE(ln σ̂) = 1/√(2n),
    /// and reported σ by the delta method, SE(σ̂) = σ̂/√(2n).
    @Test func normalMeanAndScale() throws {
        let x = Self.data, n = Double(x.count)
        let mean = x.reduce(0, +) / n
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        let result = try maximizeLikelihood(
            { θ in
                let μ = θ[0], σ2 = exp(2 * θ[1])
                let ss = x.reduce(0) { $0 + ($1 - μ) * ($1 - μ) }
                let ℓ = -n / 2 * log(2 * Double.pi) - n * θ[1] - ss / (2 * σ2)
                return (ℓ, [x.reduce(0) { $0 + ($1 - μ) } / σ2, -n + ss / σ2])
            }, start: [0, 0], parameterNames: ["mu", "log_sigma"], observations: x.count, model: "normal")
        #expect(result.converged)
        #expect(relativeDifference(result.parameters[0], mean) < 1e-8)
        #expect(relativeDifference(exp(result.parameters[1]), variance.squareRoot()) < 1e-8)
        #expect(relativeDifference(result.standardErrors[0], (variance / n).squareRoot()) < 1e-6)
        #expect(relativeDifference(result.standardErrors[1], 1 / (2 * n).squareRoot()) < 1e-6)
        let reported = try result.reparametrised(
            names: ["mu", "sigma"], transform: { [$0[0], exp($0[1])] }, jacobian: { [1, 0, 0, exp($0[1])] })
        #expect(relativeDifference(reported.standardErrors[1], (variance / (2 * n)).squareRoot()) < 1e-6)
    }

    @Test func undefinedStartIsATypedError() {
        #expect(throws: FittingError.self) {
            try maximizeLikelihood(
                { _ in (.nan, [0]) }, start: [1], parameterNames: ["a"], observations: 3, model: "broken")
        }
    }
}
