import Foundation
import Testing
import TestSupport
@testable import GrowthModels

/// Leave-one-out influence (issue 12, item 2) against an independent computation:
/// Tests/GrowthModelsTests/reference/influence_reference.py (numpy lstsq and a grid of 20,001 values
/// of t* refined by scipy's bounded Brent for both hyperbolas), whose printed lines are pasted below:
/// kremer-1993's level form before 1700 (window 10,000 BCE to 1950, split 1700, unweighted).
@Suite struct InfluenceTests {
    /// all: hyperbolic 22.303223760939666
    static let all = (GrowthModelID.hyperbolic, 22.303223760939666)
    static let leftOut: [(Double, String, Double)] = [
        (-10000, "hyperbolic", 0.6076599799048843),
        (-5000, "hyperbolic", 22.663563793742462),
        (-4000, "hyperbolic", 21.96652319688737),
        (-3000, "hyperbolic", 19.94255586866566),
        (-2000, "hyperbolic", 19.81790740587453),
        (-1000, "hyperbolic", 20.17064837762379),
        (-500, "hyperbolic", 21.775465432923994),
        (-200, "hyperbolic", 23.37950336158707),
        (1, "hyperbolic", 23.031227178257776),
        (200, "hyperbolic", 22.54297528840513),
        (400, "hyperbolic", 21.512862439960713),
        (600, "hyperbolic", 21.17437700303141),
        (800, "hyperbolic", 21.16466502866262),
        (1000, "hyperbolic", 21.17022282549689),
        (1100, "hyperbolic", 21.016078962598613),
        (1200, "hyperbolic", 20.915372094677448),
        (1300, "hyperbolic", 21.058444541470916),
        (1400, "hyperbolic", 21.688114395057127),
        (1500, "hyperbolic", 21.155052776327636),
        (1600, "hyperbolic", 20.35714299290531),
        (1650, "hyperbolic", 20.54144652857065),
    ]

    @Test func levelPreModernLeaveOneOut() throws {
        let series = try DatasetCatalog.dataset(named: "kremer-1993").load().series
        var options = HypothesisTestOptions()
        options.weighting = .none
        let influence = try DatasetInfluence(dataset: "kremer-1993", series: series, options: options)
        let era = try #require(influence.eras.first { $0.form == .level && $0.era.role == .preModern })
        #expect(era.verdict.preferred == Self.all.0)
        #expect(relativeDifference(era.verdict.deltaBIC ?? .nan, Self.all.1) < 1e-6, "\(era.verdict)")
        #expect(era.leftOut.map(\.year) == Self.leftOut.map(\.0))
        for (computed, (year, preferred, delta)) in zip(era.leftOut, Self.leftOut) {
            #expect(computed.verdict.preferred?.rawValue == preferred, "\(year)")
            // ΔBIC near 0.6 is the difference of two BICs near 30: an absolute tolerance as well.
            #expect(abs((computed.verdict.deltaBIC ?? .nan) - delta) < 1e-5, "\(year): \(computed.verdict.deltaBIC ?? .nan) vs \(delta)")
            #expect(!computed.flipsVerdict)
        }
        // 10,000 BCE carries almost the whole margin: 22.3 with it, 0.6 without.
        #expect(era.flips.isEmpty)
    }

    /// The growth form also tries the first observation after an era (the end of its last interval):
    /// kremer-1993's pre-modern growth era is tried without 1700 as well.
    @Test func growthEraIncludesTheEndOfItsLastInterval() throws {
        let series = try DatasetCatalog.dataset(named: "kremer-1993").load().series
        var options = HypothesisTestOptions()
        options.weighting = .none
        let influence = try DatasetInfluence(dataset: "kremer-1993", series: series, options: options)
        let growth = try #require(influence.eras.first { $0.form == .growth && $0.era.role == .preModern })
        #expect(growth.leftOut.map(\.year) == Self.leftOut.map(\.0) + [1700])
        // A flip is exactly a gradable verdict that differs from the full sample's.
        for era in influence.eras {
            for left in era.leftOut {
                let differs = left.verdict.verdictKey != nil && era.verdict.verdictKey != nil && left.verdict.verdictKey != era.verdict.verdictKey
                #expect(left.flipsVerdict == differs)
            }
        }
    }
}
