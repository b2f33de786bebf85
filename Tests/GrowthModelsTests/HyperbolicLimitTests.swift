import Fitting
import Foundation
import GrowthModels
import Testing

/// One definition of the hyperbolic minimum: the bounded profile over t* (t_last + 10⁻⁶ S to
/// t_last + 10⁶ S). On this five-point series (issue 11's example) the profile falls all the way to
/// the far end, so the fit is "at the exponential limit", never "converged": least squares along
/// the never-attained t* → ∞ path used to stop at t* = 14950 and call it a minimum, with an RSS
/// above the exponential's, which no true minimum of the family can have.
///
/// Reference: the exponential's RSS, 0.026497875572980913, by numpy.linalg.lstsq of ln y on (1, t):
///     t = [1820, 1870, 1913, 1940, 1950], y as below.
@Suite struct HyperbolicLimitTests {
    static let years: [Double] = [1820, 1870, 1913, 1940, 1950]
    static let values = [639.118420210577, 1332.0981342594057, 3137.0874170382695, 5045.698038113757, 4980.4542526122505]
    static let exponentialRSS = 0.026497875572980913

    @Test func fiveObservationsReachTheExponentialLimit() throws {
        let series = try Series(
            name: "five", measure: .other, unit: "", years: Self.years, values: Self.values,
            provenance: Provenance(publication: "issue 11"))
        let sample = try ModelSample.level(series)
        let hyperbolic = try GrowthModelFitter.fit(.hyperbolic, to: sample)
        #expect(!hyperbolic.converged)
        #expect(hyperbolic.fit.status == .domainBoundary)
        #expect(hyperbolic.limit == .exponential)
        // At t* = t_last + 10⁶ S the hyperbola is the exponential to within 1e-6 in ln y.
        #expect(abs(hyperbolic.fit.rss - Self.exponentialRSS) <= 1e-6 * Self.exponentialRSS)
        let exponential = try GrowthModelFitter.fit(.exponential, to: sample)
        #expect(abs(exponential.fit.rss - Self.exponentialRSS) <= 1e-12)
        // compare and test leave it out of the ranking and say why.
        let comparison = HypothesisTest.compare(
            sample, era: Era(role: .wholeWindow, from: nil, before: nil, range: ""),
            bootstrap: LevelBootstrapSettings(replicates: 0, seed: 1), seedOffset: 0, models: [.exponential, .hyperbolic])
        #expect(comparison.comparison == nil)
        #expect(comparison.notes.contains { $0.contains("exponential_limit") })
    }

    /// Solver options away from the defaults hand the variable-projection minimum to GSL's
    /// trust-region solver with those options (`gdpfit fit --method dogleg`): the minimum is the
    /// same one (the default fit's, which GrowthModelReferenceTests checks against scipy), and GSL
    /// did run (its own iteration count, not the profile search's).
    @Test func solverOptionsRefineTheSameMinimum() throws {
        let sample = try ModelSample.level(
            try DatasetCatalog.dataset(named: "kremer-1993").load().series, window: YearWindow(from: -10000, to: 1950))
        var options = NonlinearLeastSquaresOptions.default
        options.method = .dogleg
        for id in [GrowthModelID.hyperbolic] {
            let byProjection = try GrowthModelFitter.fit(id, to: sample)
            let byGSL = try GrowthModelFitter.fit(id, to: sample, options: options)
            #expect(byProjection.converged && byGSL.converged)
            for (a, b) in zip(byProjection.fit.parameters, byGSL.fit.parameters) {
                #expect(abs(a - b) <= 1e-6 * max(abs(a), 1), "\(id): \(a) vs \(b)")
            }
            #expect(abs(byProjection.fit.rss - byGSL.fit.rss) <= 1e-10 * byProjection.fit.rss)
            #expect(byGSL.fit.iterations != byProjection.fit.iterations)
        }
    }
}
