import Fitting
import Foundation
@testable import GrowthModels
import Testing

/// The Feller transition where the Poisson mixture is too long to sum term by term (λ = x₀/(2τ)
/// above `FellerDiffusion.exactMixtureLimit`, a near-noiseless series), where it cannot be summed at
/// all, and take-off quantiles at extreme orders |ν| (issue 14: traps, minutes-long loops and a
/// reversed interval). Reference numbers: Tests/GrowthModelsTests/reference/stochastic_extremes.py
/// (scipy's noncentral χ², Boost, independent of GSL and of the mixture code).
struct StochasticExtremeTests {
    /// α = 0.5, β = 0, γ² = 1 (δ = 2, ν = 0), x₀ = 1: (t, x₁, P(X_t ≤ x₁)) from stochastic_extremes.py;
    /// λ = 2e5 is summed term by term, 5e7 and 2e8 stepped.
    static let noncentralChiSquareCases: [(Double, Double, Double)] = [
        (1e-05, 0.9936804446796633, 0.022622047450517154),  // λ = 2e5
        (1e-05, 1.000005, 0.50031539100679),
        (1e-05, 1.0047484164902527, 0.9330648950370601),
        (4e-08, 0.9996000200000001, 0.022742033168274285),  // λ = 5e7
        (4e-08, 1.00000002, 0.5000199471144966),
        (4e-08, 1.00030002, 0.9331847042308141),
        (1e-08, 0.999800005, 0.022746082591933347),  // λ = 2e8
        (1e-08, 1.000000005, 0.5000099735568937),
        (1e-08, 1.000150005, 0.9331887513942814),
    ]

    @Test func steppedMixtureMatchesNoncentralChiSquare() {
        let feller = FellerDiffusion(alpha: 0.5, beta: 0, gammaSquared: 1)
        for (t, x1, expected) in Self.noncentralChiSquareCases {
            let cdf = feller.transitionCDF(logX0: 0, logX1: log(x1), time: t)
            // GSL's P at shapes near λ carries ~1e-9 (an mpmath sum of every term at λ = 2e5 agrees
            // with scipy to 1e-15; the same sum with GSL's P is 4e-9 off); the step adds about as
            // much again. 1e-7 is far below what a PIT quantile needs.
            #expect(abs(cdf.below - expected) < 1e-7, "t = \(t), x₁ = \(x1): \(cdf.below) vs \(expected)")
            #expect(abs(cdf.below + cdf.above + cdf.absorbed - 1) < 1e-9)
        }
    }

    /// λ = 5e11 (scipy gives no reference there): the parts still sum to 1 and the CDF rises
    /// through 1/2 near the mean, in a few milliseconds instead of ~10⁷ terms.
    @Test func steppedMixtureAtLambdaFiveHundredBillion() {
        let feller = FellerDiffusion(alpha: 0.5, beta: 0, gammaSquared: 1)
        let t = 4e-12, sd = t.squareRoot()
        let points = [-2.0, 0, 2].map { z in feller.transitionCDF(logX0: 0, logX1: log(1 + 0.5 * t + z * sd), time: t) }
        for cdf in points { #expect(abs(cdf.below + cdf.above + cdf.absorbed - 1) < 1e-9) }
        #expect(points[0].below < 0.05 && abs(points[1].below - 0.5) < 0.01 && points[2].below > 0.95, "\(points)")
    }

    /// A mixture that cannot be summed (λ = +∞ or NaN) gives NaN parts, not a trap.
    @Test func unsummableMixtureIsNaN() {
        let feller = FellerDiffusion(alpha: 0.5, beta: 0, gammaSquared: 1)
        for logX0 in [1e308, .nan, 800] {
            let cdf = feller.transitionCDF(logX0: logX0, logX1: 0, time: 1)
            #expect(cdf.below.isNaN && cdf.above.isNaN, "ln x₀ = \(logX0): \(cdf)")
        }
        var generator = Xoshiro256StarStar(seed: 1, stream: 0)
        var normal = StandardNormalSampler()
        #expect(feller.sampleLog(logX0: 1e308, time: 1, generator: &generator, normal: &normal).isNaN)
    }

    /// Draws at λ = 5e7 (PTRS Poisson draws and gammas of shape near λ): the sample mean of X_t
    /// agrees with the exact mean x₀ + αt (β = 0) within 4 standard errors, sd ≈ γ√(x₀t).
    @Test func steppedSamplingHasTheExactMean() {
        let feller = FellerDiffusion(alpha: 0.5, beta: 0, gammaSquared: 1)
        let t = 4e-8, count = 2000
        var sum = 0.0
        for k in 0..<count {
            var generator = Xoshiro256StarStar(seed: 7, stream: UInt64(k))
            var normal = StandardNormalSampler()
            sum += exp(feller.sampleLog(logX0: 0, time: t, generator: &generator, normal: &normal))
        }
        let mean = sum / Double(count), standardError = t.squareRoot() / Double(count).squareRoot()
        #expect(abs(mean - (1 + 0.5 * t)) < 4 * standardError, "mean \(mean)")
    }

    /// Take-off quantiles at orders |ν| = 10⁷ and 10⁻⁴, where GSL's gamma inverse is wrong: the
    /// 2.5% point comes before the median and the median before the 97.5% point (it printed a
    /// lower end of 2030 above an upper end of 2010).
    @Test(arguments: [-1e7, -1e-4])
    func absorptionTimeQuantilesAreOrdered(index ν: Double) {
        let γ2 = 1e-6
        let feller = FellerDiffusion(alpha: (ν + 1) * γ2 / 2, beta: 0.01, gammaSquared: γ2)
        let times = [0.025, 0.5, 0.975].map { feller.absorptionTimeQuantile($0, logX0: 0) }
        let finite = times.compactMap { $0 }
        #expect(finite.count == 3, "\(times)")
        #expect(finite == finite.sorted(), "ν = \(ν): \(times)")
    }

    /// The noiseless hyperbola of issue 14 (y = 200000/(2030 - t), 30 years from 10,000 BCE to
    /// 1950): its diagnostics at a near-noiseless σ ran for minutes in the mixture sums; they are
    /// now every quantile in [0, 1] or counted as unresolved.
    @Test func diagnosticsOfANoiselessHyperbolaFinish() throws {
        let years = (0..<30).map { -10000 + 11950 * Double($0) / 29 }
        let values = years.map { 200000 / (2030 - $0) }
        let θ = StochasticHyperbolicParameters(b: 1, s: 1 / 200000, d: 0, sigma: 1e-7)
        let diagnostics = try StochasticDiagnostics(years: years, values: values, parameters: θ)
        #expect(diagnostics.quantiles.count == 29)
        #expect(diagnostics.quantiles.filter(\.isNaN).count == diagnostics.unresolvedQuantiles)
        #expect(diagnostics.quantiles.allSatisfy { $0.isNaN || (0...1).contains($0) })
    }
}
