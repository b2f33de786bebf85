import Fitting
import Foundation
@testable import GrowthModels
import Testing
import TestSupport

/// Every expected number here is printed by `reference/stochastic_loglik.py` (mpmath at 40 digits,
/// cross-checked there against scipy.special.ive and scipy.stats.ncx2).
@Suite struct StochasticLikelihoodTests {
    /// (label, y0, y1, t, B, s, d, sigma, ln p) — stochastic_loglik.py, "transitions".
    static let transitions: [(String, Double, Double, Double, Double, Double, Double, Double, Double)] = [
        ("typical, absorbing (nu = -3)", 100, 120, 50, 0.5, 0.0005, -0.001, 0.02, -4.9949190134010452),
        ("typical, not absorbing (nu = 1.9)", 100, 120, 50, 0.5, 1e-05, 0.001, 0.02, -5.0843970127265691),
        ("decade gap, fast growth", 5000, 7000, 10, 0.5, 0.0003, 0.005, 0.01, -8.6195286457645112),
        ("large order (|nu| ~ 344)", 100, 130, 20, 0.01, 0.002, 0.001, 0.03, -4.9694573878874564),
        ("very large order (|nu| ~ 1e4)", 50, 52, 5, 0.0001, 0.001, 0.002, 0.02, -1.9220150020906003),
        ("order ~ 1e6 (B = 1e-6)", 50, 52, 5, 1e-06, 0.001, 0.002, 0.02, -1.9219004524639176),
        ("tiny Y (1e-150), X = 1e75", 1e-150, 1.2e-150, 10, 0.5, 1e+72, 0.0, 6.3e+35, 343.34081443403168),
        ("huge Y (1e200), X = 1e-280", 1e+200, 1.3e+200, 10, 1.4, 1e-283, 0.001, 2e-142, -465.35316919693563),
        ("short gap (0.01 years)", 1000, 1000.2, 0.01, 0.6, 0.001, 0.0, 0.05, -4.6010158141872564),
        ("long gap (5000 years)", 1, 2, 5000, 0.3, 0.0001, 0.0, 0.01, -1.5765016684476492),
        ("negative B (collapse boundary)", 100, 110, 10, -0.5, 0.05, 0.02, 0.05, -7.3879719420547837),
        ("negative B, small Y", 0.01, 0.012, 30, -1.2, 1e-05, 0.01, 0.003, 4.6367396440026629),
        ("beta t = 100 (expm1 overflow branch)", 10, 1e+40, 2000, 1.0, 0.001, 0.05, 0.01, -2029.1407028139673),
        ("beta t = -60", 10, 9, 2000, 1.0, 0.001, -0.03, 0.02, -66.729666886515285),
        ("small Bessel argument (ascending series)", 1, 3, 200, 0.8, 0.01, 0.0, 0.5, -9.330588841479017),
        ("nu just below 0", 100, 120, 50, 0.5, 0.00021, 0.001, 0.02, -4.9945313098543493),
        ("nu just above 0", 100, 120, 50, 0.5, 0.00019, 0.001, 0.02, -5.001147387694047),
        ("B = 0 (lognormal)", 100, 120, 50, 0.0, 0.001, 0.002, 0.02, -3.7951966275092439),
        ("unlikely observation (far tail)", 100, 300, 10, 0.5, 0.0005, 0.0, 0.01, -46.06468057845989),
    ]

    @Test func transitionDensityMatchesMpmath() {
        for (label, y0, y1, t, b, s, d, sigma, expected) in Self.transitions {
            let θ = StochasticHyperbolicParameters(b: b, s: s, d: d, sigma: sigma)
            let value = StochasticHyperbolicModel.logTransitionDensity(from: y0, to: y1, over: t, parameters: θ)
            #expect(relativeDifference(value, expected) < 1e-9, "\(label): \(value) vs \(expected)")
        }
    }

    /// stochastic_loglik.py, "series": weighted and unweighted ln L of one Roodman-like series.
    static let years: [Double] = [
        -10000, -5000, -1000, 1, 1000, 1500, 1700, 1820, 1900, 1950, 1960, 1970, 1980, 1990, 2000, 2019,
    ]
    static let values: [Double] = [
        1.6, 4.0, 22, 105, 120, 250, 370, 700, 1900, 5300, 7700, 12000, 17000, 24000, 33000, 70000,
    ]
    static let weights: [Double] = (0..<16).map { 1 / (1 + 2 * pow(0.2 + 0.05 * Double($0), 2)) }
    static let series: [(Double, Double, Double, Double, Double, Double)] = [
        (0.5, 0.0003, -0.001, 0.02, -78.369681859452065, -136.85322758204212),
        (0.3, 0.001, 0.0, 0.05, -73.564249682695392, -131.83631973040632),
        (1.2, 1e-06, 0.0001, 0.001, -90.62866393888294, -153.8786545954898),
        (0.05, 0.001, 0.0001, 0.03, -80.70585644086499, -151.78390923211536),
        (-0.2, 0.001, 0.002, 0.02, -542.30233012344548, -1127.7790630565169),
    ]

    @Test func seriesLogLikelihoodMatchesMpmath() throws {
        for (b, s, d, sigma, weighted, unweighted) in Self.series {
            let θ = StochasticHyperbolicParameters(b: b, s: s, d: d, sigma: sigma)
            let w = try StochasticHyperbolicModel.logLikelihood(
                years: Self.years, values: Self.values, weights: Self.weights, parameters: θ)
            let u = try StochasticHyperbolicModel.logLikelihood(years: Self.years, values: Self.values, parameters: θ)
            #expect(relativeDifference(w, weighted) < 1e-9, "B = \(b): \(w) vs \(weighted)")
            #expect(relativeDifference(u, unweighted) < 1e-9, "B = \(b): \(u) vs \(unweighted)")
        }
    }

    /// The dual-number gradient against central differences of the (independently checked) value.
    @Test func gradientMatchesDifferences() throws {
        for (b, s, d, sigma, _, _) in Self.series {
            let point = [b, s, d, sigma]
            let analytic = try StochasticHyperbolicModel.logLikelihoodWithGradient(
                years: Self.years, values: Self.values, weights: Self.weights,
                parameters: StochasticHyperbolicParameters(b: b, s: s, d: d, sigma: sigma)).gradient
            let numeric = try DeltaMethod.centralDifferenceGradient(
                of: { p in
                    (try? StochasticHyperbolicModel.logLikelihood(
                        years: Self.years, values: Self.values, weights: Self.weights,
                        parameters: StochasticHyperbolicParameters(b: p[0], s: p[1], d: p[2], sigma: p[3]))) ?? .nan
                }, at: point)
            for j in 0..<4 {
                // Differences carry ~1e-7 relative error; the scale guards components near zero.
                let scale = max(abs(numeric[j]), abs(analytic[j]), 1e-3 / max(abs(point[j]), 1e-12))
                #expect(abs(analytic[j] - numeric[j]) / scale < 1e-5, "B = \(b), component \(j): \(analytic[j]) vs \(numeric[j])")
            }
        }
    }

    /// stochastic_loglik.py, "(nu, z, ln(e^-z I_nu(z)))": every region of ModifiedBessel and its borders.
    static let bessel: [(Double, Double, Double)] = [
        (0, 0.001, -0.00099975000001562502), (0, 0.5, -0.4384502808145187), (0, 30, -2.6152985668280642),
        (0.5, 2, -1.283997570310532), (1, 1e-300, -691.46867507877365), (3.3, 5.0, -2.8584839223665968),
        (3.3, 7.0, -2.6951621392607411), (10, 10000.0, -5.5290964681779951), (19.9, 14.2, -14.933052452110308),
        (19.9, 15, -14.389755522383789), (20, 14.2, -15.048816794320465), (20, 15, -14.501035287462087),
        (20, 1000000.0, -7.8268936872867407), (35, 1e-08, -761.12015297161797), (60, 25, -59.573221901689205),
        (60, 24, -61.215958555460041), (150, 5000.0, -7.4275663694747462), (1000, 50, -2742.6281723677036),
        (1000, 100000.0, -11.6753833492877), (10000.0, 400, -29521.755370548072),
        (1000000.0, 1000.0, -6601910.0362362591), (1000000.0, 1000000000000.0, -15.23444909116903),
        (2.5e-07, 3.0, -1.4146923799659913),
    ]

    @Test func scaledBesselMatchesMpmath() {
        for (ν, z, expected) in Self.bessel {
            let value = ModifiedBessel.logScaledI(order: ν, argument: z)
            // Error relative to max(1, |value|) (ln values near zero have no relative scale). 5e-13
            // leaves room for GSL's Inu_scaled in region 3 (1.2e-13 seen at ν = 10, z = 10⁴).
            #expect(abs(value - expected) / max(1, abs(expected)) < 5e-13, "ν = \(ν), z = \(z): \(value) vs \(expected)")
        }
    }

    /// stochastic_loglik.py, "survival by quadrature": the closed-form P(|ν|, x₀/2τ) against the
    /// integral of the density.
    @Test func survivalMatchesIntegratedDensity() {
        let cases: [(Double, Double, Double, Double, Double, Double)] = [
            (-0.001, -0.002, 0.0004, 0.05, 100.0, 0.0615354427047164),
            (0.0001, 0.001, 0.001, 0.5, 50.0, 0.999999998410877),
            (-0.01, 0.0, 0.01, 2.0, 30.0, 0.999832821619994),
            (0.0, -0.01, 0.001, 0.05, 200.0, 0.685420245240189),
        ]
        for (α, β, γ2, x0, t, expected) in cases {
            let p = FellerDiffusion(alpha: α, beta: β, gammaSquared: γ2).survivalProbability(logX0: log(x0), time: t)
            #expect(abs(p - expected) < 1e-12, "α = \(α), β = \(β): \(p) vs \(expected)")
        }
    }

    /// stochastic_loglik.py, "cdf by quadrature": the Poisson mixture of gamma CDFs against the
    /// integral of the density; below + above + absorbed must be 1.
    @Test func transitionCDFMatchesIntegratedDensity() {
        let cases: [(Double, Double, Double, Double, Double, Double, Double)] = [
            (-0.001, -0.002, 0.0004, 1.0, 0.9, 100.0, 0.178262593934182),
            (0.0003, 0.001, 0.0001, 0.5, 0.52, 5.0, 0.907592203066268),
            (-0.01, 0.0, 0.01, 2.0, 0.1, 30.0, 0.000870774070506656),
            (0.02, 0.01, 0.001, 1.0, 2.0, 20.0, 0.99999992055948),
        ]
        for (α, β, γ2, x0, x1, t, expected) in cases {
            let cdf = FellerDiffusion(alpha: α, beta: β, gammaSquared: γ2)
                .transitionCDF(logX0: log(x0), logX1: log(x1), time: t)
            #expect(abs(cdf.below - expected) < 1e-12, "x₁ = \(x1): \(cdf.below) vs \(expected)")
            // Each GSL incomplete gamma carries ~1e-14 relative error; tens of terms are summed.
            #expect(abs(cdf.below + cdf.above + cdf.absorbed - 1) < 1e-12)
        }
    }
}
