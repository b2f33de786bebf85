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
