import Foundation
import GrowthModels
import Testing
import TestSupport

/// B of g = s y^B per era, its 95% profile-likelihood interval, and the LR tests of B = 0 and B = 1,
/// against an independent numpy/scipy computation (reference/proportionality_reference.py: RSS(B)
/// profiled in closed form, B-hat by minimize_scalar, interval ends by brentq, p-values by
/// scipy.stats.chi2.sf). Tolerances: B and the statistics relative 1e-6, p-values relative 1e-5,
/// interval ends 1e-6 in B (both sides solve to about 1e-10).
@Suite struct ProportionalityTests {
    struct Reference: CustomTestStringConvertible, Sendable {
        let dataset: String, era: Era.Role, n: Int, exponent: Double, lower: Double?, upper: Double?
        let lrZero: Double, pZero: Double, lrOne: Double, pOne: Double
        var testDescription: String { "\(dataset) \(era)" }
    }

    static let references: [Reference] = [
    // BEGIN proportionality (proportionality_reference.py)
    Reference(dataset: "kremer-1993", era: .preModern, n: 21, exponent: 0.30729084749248653, lower: 0.11317336654934318, upper: 0.5602653450402708,
              lrZero: 7.867921917843427, pZero: 0.005031944825345928, lrOne: 10.00612921365814, pOne: 0.0015602009733981304),
    Reference(dataset: "hyde-3.2.1", era: .preModern, n: 27, exponent: 0.19008091874117772, lower: 0.040206045052336666, upper: 0.34732834613208347,
              lrZero: 5.819752424014966, pZero: 0.015847175399167992, lrOne: 25.0630112826871, pOne: 5.548707391280816e-07),
    Reference(dataset: "delong-1998", era: .preModern, n: 32, exponent: 0.3645556868656171, lower: 0.14317061883939664, upper: 0.7561773132389294,
              lrZero: 8.979015361627072, pZero: 0.0027309777296129693, lrOne: 5.9669940740173635, pOne: 0.014576107191944692),
    Reference(dataset: "roodman-2020", era: .preModern, n: 23, exponent: 0.32788963435516855, lower: 0.13435122451856332, upper: 0.5987412074375237,
              lrZero: 8.780792233549427, pZero: 0.0030441895798702006, lrOne: 9.229010200298193, pOne: 0.0023821038532088894),
    Reference(dataset: "kremer-1993", era: .modern, n: 9, exponent: 0.8674516747158526, lower: 0.4683419587838045, upper: 1.3019281422266835,
              lrZero: 11.126463374261574, pZero: 0.0008510470570186206, lrOne: 0.4754161356767853, pOne: 0.4905059882882753),
    Reference(dataset: "kremer-1993", era: .wholeWindow, n: 30, exponent: 1.0493404068160226, lower: 0.7006153811515985, upper: 1.4508600591504586,
              lrZero: 31.107099206826046, pZero: 2.4417671789772668e-08, lrOne: 0.07838044458208814, pOne: 0.7795042980522439),
    // END proportionality
    ]

    @Test(arguments: references)
    func proportionalityAgreesWithReference(_ reference: Reference) throws {
        var options = HypothesisTestOptions()
        options.bootstrapReplicates = 0
        let series = try DatasetCatalog.dataset(named: reference.dataset).load().series
        let result = try HypothesisTest.run(dataset: reference.dataset, series: series, options: options)
        let comparison = try #require(result.comparison(.growth, in: reference.era))
        #expect(comparison.observations == reference.n)
        let test = try #require(comparison.proportionality)
        #expect(relativeDifference(test.exponent, reference.exponent) < 1e-6, "B \(test.exponent)")
        #expect(abs((test.lower ?? .nan) - (reference.lower ?? .nan)) < 1e-6, "lower \(String(describing: test.lower))")
        #expect(abs((test.upper ?? .nan) - (reference.upper ?? .nan)) < 1e-6, "upper \(String(describing: test.upper))")
        #expect(relativeDifference(test.constantGrowthTest.statistic, reference.lrZero) < 1e-6)
        #expect(relativeDifference(test.constantGrowthTest.pValue, reference.pZero) < 1e-5)
        #expect(relativeDifference(test.proportionalGrowthTest.statistic, reference.lrOne) < 1e-6)
        #expect(relativeDifference(test.proportionalGrowthTest.pValue, reference.pOne) < 1e-5)
        // The reading follows from the two p-values and B at 5%, the same rule the reference implies.
        let expected: ProportionalityTest.Reading = switch (reference.pZero < 0.05, reference.pOne < 0.05) {
        case (true, false): .proportional
        case (false, true): .constant
        case (false, false): .indeterminate
        case (true, true): reference.exponent > 1 ? .risingMoreThanProportionally
            : reference.exponent > 0 ? .risingLessThanProportionally : .falling
        }
        #expect(test.reading == expected)
        // "B = 1 not rejected" and "1 inside the 95% interval" are the same statement.
        if let lower = test.lower, let upper = test.upper {
            #expect((lower...upper).contains(1) == (test.proportionalGrowthTest.pValue >= 0.05))
        }
    }
}

/// The debate's answer per dataset is read off the checked pieces: kremer-1993's pre-modern and
/// whole-window proportionality readings (ProportionalityTests' references: B = 0.307 rejects both
/// 0 and 1; B = 1.05 rejects 0, not 1) and the fixed-transition path's BIC margin (TransitionPathTests).
@Suite struct DebateAnswerTests {
    @Test func kremerAnswerFollowsItsTests() throws {
        var options = HypothesisTestOptions()
        options.bootstrapReplicates = 0
        let series = try DatasetCatalog.dataset(named: "kremer-1993").load().series
        let result = try HypothesisTest.run(dataset: "kremer-1993", series: series, options: options)
        let answer = try #require(HypothesisTest.answers([result], measures: ["kremer-1993": .population]).first)
        #expect(answer.measure == .population)
        #expect(answer.preModern == .risingLessThanProportionally)
        #expect(answer.acrossEras == .proportional)
        let stable = try #require(result.stableVersusPhase)
        let delta = stable.deltaBIC
        #expect(answer.longRunRival == .continuousPath)
        #expect(answer.longRunBreakCount == stable.rival.breakYears.count)
        #expect(answer.longRun == (delta > 0 ? .phaseTransition : .stableDynamics))
        #expect(answer.longRunMargin == abs(delta))
        #expect(answer.caveats.isEmpty)
    }
}

/// The robustness table's growth cells carry the same proportionality reading and B as the test's
/// eras: kremer-1993 with gap weights split at 1700 gives the reference B before 1700
/// (proportionality_reference.py: 0.30729084749248653, both B = 0 and B = 1 rejected).
@Suite struct RobustnessProportionalityTests {
    @Test func robustnessCellCarriesTheReading() throws {
        var options = HypothesisTestOptions()
        options.bootstrapReplicates = 0
        let series = try DatasetCatalog.dataset(named: "kremer-1993").load().series
        let rows = RobustnessTable.run(series: [("kremer-1993", series)], splits: [1700], weightings: [.gap], options: options)
        let cell = try #require(rows.first?.growthPreModern)
        #expect(cell.proportionality == .risingLessThanProportionally)
        #expect(relativeDifference(cell.exponent ?? .nan, 0.30729084749248653) < 1e-6)
        #expect((cell.deltaBICAgainstConstantGrowth ?? 0) > 0)
    }
}
