import Foundation
@testable import GrowthModels
import Testing

/// Above `HyperbolicStartGrid.cachedObservationLimit` observations the grid recomputes each grid
/// point's row instead of caching 201 · n doubles. Both ways must choose the same start, to the
/// bit: they perform the same floating-point operations in the same order.
@Suite struct HyperbolicStartGridTests {
    @Test func recomputedRowsGiveTheCachedStart() {
        let years = (0..<500).map { -10000 + 23.5 * Double($0) }
        let logLevels = years.map { 12 - 1.3 * log(2100 - $0) + 0.01 * sin($0) }
        let weights = years.indices.map { 1 + Double($0 % 7) }
        let model = HyperbolicLevelRegression(years: years)
        for w in [nil, weights] {
            let cached = HyperbolicStartGrid(model, weights: w)
            let recomputed = HyperbolicStartGrid(model, weights: w, cachingUpTo: 0)
            #expect(recomputed.centredWeightedRegressors.isEmpty)
            #expect(cached.centredWeightedRegressors.count == 201 * years.count)
            #expect(cached.start(logLevels: logLevels) == recomputed.start(logLevels: logLevels))
        }
    }
}
