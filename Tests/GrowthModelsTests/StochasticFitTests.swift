import Fitting
import Foundation
@testable import GrowthModels
import Testing
import TestSupport

@Suite struct StochasticFitTests {
    /// Roodman's main specification: roodman-2020 [main] with his uncertainty weights, rescaled to
    /// mean 1. Checked: a converged fit at a proper maximum (positive-definite information) with
    /// finite standard errors and a take-off distribution consistent with its own survival function.
    @Test func roodmanMainSpecificationFits() throws {
        let series = try DatasetCatalog.dataset(named: "roodman-2020").load(sample: "main").series
        let weights = StochasticHyperbolicModel.rescaledWeights(series.years.map { RoodmanUncertainty.weight(atYear: $0) })
        let fit = try StochasticHyperbolicModel.fit(years: series.years, values: series.values, weights: weights)
        let e = fit.estimates
        print("roodman-2020[main] stochastic fit:", zip(e.parameterNames, zip(e.parameters, e.standardErrors)).map { "\($0.0)=\($0.1.0) (se \($0.1.1))" },
              "lnL", e.logLikelihood, "status", e.status, "iterations", e.iterations, "takeoff", fit.takeoff,
              "KS", fit.diagnostics.kolmogorovSmirnov, "LB", fit.diagnostics.ljungBox)
        #expect(e.converged)
        #expect(e.informationPositiveDefinite)
        #expect(e.standardErrors.allSatisfy { $0.isFinite && $0 > 0 })
        if let median = fit.takeoff.medianYear {
            let survival = fit.parameters.feller.survivalProbability(
                logX0: -fit.parameters.b * log(fit.lastValue), time: median - fit.lastYear)
            #expect(abs(survival - 0.5) < 1e-9)
        }
    }
}

@Suite struct StochasticDiagnosticsAndSimulationTests {
    static let u: [Double] = [
        0.12, 0.55, 0.91, 0.33, 0.47, 0.08, 0.76, 0.64, 0.29, 0.98, 0.51, 0.43, 0.19, 0.86,
        0.71, 0.37, 0.02, 0.59, 0.81, 0.25, 0.66, 0.14, 0.95, 0.40, 0.53,
    ]

    /// reference/stochastic_diagnostics.py: scipy kstest (exact p) and statsmodels acorr_ljungbox.
    /// Stephens's asymptotic p-value is within 0.02 of the exact one at n = 25.
    @Test func testsMatchScipyAndStatsmodels() {
        let ks = StochasticDiagnostics.kolmogorovSmirnovUniform(Self.u)
        #expect(abs(ks.statistic - 0.05999999999999994) < 1e-12)
        #expect(abs(ks.pValue - 0.9999324884088667) < 0.02)
        let skewed = StochasticDiagnostics.kolmogorovSmirnovUniform(Self.u.map { $0 * $0 * $0 })
        #expect(abs(skewed.statistic - 0.43462100000000004) < 1e-12)
        #expect(abs(skewed.pValue - 8.222725736830352e-05) < 0.02)
        let normal = StandardNormalDistribution()
        let lb = StochasticDiagnostics.ljungBox(Self.u.map { normal.quantile($0) }, lags: 5)
        #expect(abs(lb.statistic - 6.651031128371671) < 1e-10)
        #expect(abs(lb.pValue - 0.2479136805186917) < 1e-10)
    }

    /// Exact simulation against the transition CDF (itself checked by quadrature in
    /// StochasticLikelihoodTests): the PIT of 4000 seeded draws must look uniform. Seeded, so the
    /// outcome is fixed; a wrong sampler gives p-values of order 1e-10 or below at this size.
    @Test func simulatedTransitionsMatchTheirCDF() {
        for feller in [
            FellerDiffusion(alpha: -0.001, beta: -0.002, gammaSquared: 4e-4),  // absorbing
            FellerDiffusion(alpha: 0.02, beta: 0.01, gammaSquared: 1e-3),  // ν = 39
        ] {
            var generator = Xoshiro256StarStar(seed: 42)
            var normal = StandardNormalSampler()
            let logX0 = log(0.3), t = 40.0
            let absorbed = 1 - feller.survivalProbability(logX0: logX0, time: t)
            let pit = (0..<4000).map { _ -> Double in
                let draw = feller.sampleLog(logX0: logX0, time: t, generator: &generator, normal: &normal)
                // Absorbed draws spread uniformly over [0, P(X = 0)) (randomised PIT of the atom).
                if draw == -.infinity { return generator.nextUniform() * absorbed }
                return absorbed + feller.transitionCDF(logX0: logX0, logX1: draw, time: t).below
            }
            #expect(StochasticDiagnostics.kolmogorovSmirnovUniform(pit).pValue > 0.001)
        }
    }

    /// Recovery from simulated data: 8 series of 40 observations from known parameters (exact
    /// simulation, seeded), each fitted; the 95% Wald interval must cover each true parameter in at
    /// least 6 of 8 (P(Binomial(8, 0.95) ≤ 5) ≈ 6e-3, so a correct estimator fails this rarely,
    /// while a badly biased one or standard errors too small by half fail it). Series that take
    /// off inside the window, or whose fit does not converge, are skipped and counted. Set
    /// STOCHASTIC_COVERAGE_REPLICATIONS for a larger study; the coverage is printed.
    @Test func estimatorRecoversParametersWithNominalCoverage() throws {
        let truth = StochasticHyperbolicParameters(b: 0.5, s: 2e-3, d: 5e-4, sigma: 0.02)
        let years = (0..<40).map { Double($0) * 10 }
        let replications = ProcessInfo.processInfo.environment["STOCHASTIC_COVERAGE_REPLICATIONS"].flatMap { Int($0) } ?? 8
        var covered = [0, 0, 0, 0], fitted = 0
        var replicate: UInt64 = 0
        while fitted < replications {
            replicate += 1
            let path = StochasticHyperbolicModel.simulatePaths(
                from: years[0], value: 1, parameters: truth, years: Array(years.dropFirst()), count: 1,
                seed: 2026 + replicate)[0]
            guard path.allSatisfy(\.isFinite) else { continue }  // took off inside the window
            let fit = try StochasticHyperbolicModel.fit(years: years, values: [1] + path)
            guard fit.estimates.converged else { continue }
            fitted += 1
            let trueValues = [truth.b, truth.s, truth.d, truth.sigma]
            for j in 0..<4 where abs(fit.estimates.parameters[j] - trueValues[j]) <= 1.96 * fit.estimates.standardErrors[j] {
                covered[j] += 1
            }
        }
        print("stochastic coverage of 95% intervals (B, s, d, sigma) over \(fitted) fits:",
              covered.map { Double($0) / Double(fitted) }, "replicates drawn:", replicate,
              "skipped (took off or not converged):", Int(replicate) - fitted)
        #expect(covered.allSatisfy { Double($0) >= 0.7 * Double(fitted) })
    }
}

@Suite struct MedianTakeoffYearIntervalTests {
    /// Properties that hold whatever the draws: on Roodman's main specification (B well above 0,
    /// take-off near certain at the estimate) the percentile interval brackets the median at the
    /// estimate, the same seed gives the same interval and another seed another one, and too few
    /// draws give none.
    @Test func intervalBracketsTheEstimateAndIsReproducible() throws {
        let series = try DatasetCatalog.dataset(named: "roodman-2020").load(sample: "main").series
        let weights = StochasticHyperbolicModel.rescaledWeights(series.years.map { RoodmanUncertainty.weight(atYear: $0) })
        let fit = try StochasticHyperbolicModel.fit(years: series.years, values: series.values, weights: weights)
        let median = try #require(fit.takeoff.medianYear)
        let interval = try #require(StochasticHyperbolicModel.medianTakeoffYearInterval(fit, draws: 2000, seed: 7))
        let lower = try #require(interval.lower), upper = try #require(interval.upper)
        #expect(lower < median && median < upper)
        #expect(lower >= fit.lastYear)
        #expect(interval == StochasticHyperbolicModel.medianTakeoffYearInterval(fit, draws: 2000, seed: 7))
        #expect(interval != StochasticHyperbolicModel.medianTakeoffYearInterval(fit, draws: 2000, seed: 8))
        #expect(StochasticHyperbolicModel.medianTakeoffYearInterval(fit, draws: 1) == nil)
    }
}
