import Fitting
import Foundation
import Testing
import TestSupport
@testable import GrowthModels

/// The data-uncertainty Monte Carlo (issue 12, item 4).
///
/// The draws' distributions are checked against Tests/GrowthModelsTests/reference/
/// data_uncertainty_reference.py (scipy.stats on the CSV files read directly; its printed lines are
/// pasted below). The verdicts are checked without reference numbers: at noise scale 0 every draw
/// is the data as given, so every draw must give the verdicts of the full test (`HypothesisTest.run`
/// with its bootstrap, side rivals and intervals), read here from its verdict values.
@Suite struct DataUncertaintyTests {
    // MARK: Draws

    struct DistributionCase: Sendable, CustomStringConvertible {
        enum Kind: Sendable { case uniform, normal }
        var dataset: String
        var year: Double
        var scale: Double
        var kind: Kind
        /// (a, b) of the uniform, (mean, sd) of the normal, on ln y.
        var parameters: (Double, Double)
        var quantiles: [Double]
        var densities: [Double]
        var description: String { "\(dataset) \(year) scale \(scale)" }
    }

    static let probabilities = [0.05, 0.25, 0.5, 0.75, 0.95]
    /// scipy.stats.kstwo.ppf(0.999, 20000).
    static let ksCritical = 0.013776321982664198
    static let draws = 20_000

    static let cases: [DistributionCase] = [
        // hyde-3.2.1 1 CE, scale 1
        .init(dataset: "hyde-3.2.1", year: 1, scale: 1, kind: .uniform, parameters: (4.0609756273016195, 6.006882822261362),
              quantiles: [4.158270987049606, 4.547452426041556, 5.033929224781491, 5.520406023521426, 5.909587462513375],
              densities: Array(repeating: 0.513899122522484, count: 5)),
        // hyde-3.2.1 1 CE, scale 0.5
        .init(dataset: "hyde-3.2.1", year: 1, scale: 0.5, kind: .uniform, parameters: (4.754121730847986, 5.727075328327857),
              quantiles: [4.80276941072198, 4.997360130217954, 5.240598529587921, 5.4838369289578885, 5.678427648453863],
              densities: Array(repeating: 1.027798245044969, count: 5)),
        // uscb-summary 1 CE midpoint, scale 1
        .init(dataset: "uscb-summary", year: 1, scale: 1, kind: .uniform, parameters: (5.135798437050262, 5.991464547107982),
              quantiles: [5.178581742553148, 5.349714964564692, 5.563631492079121, 5.777548019593552, 5.948681241605096],
              densities: Array(repeating: 1.1686801525101236, count: 5)),
        // kremer-1993 5000 BCE, scale 1
        .init(dataset: "kremer-1993", year: -5000, scale: 1, kind: .normal, parameters: (1.6094379124341003, 0.875012498750125),
              quantiles: [0.1701704302370861, 1.0192509507336793, 1.6094379124341003, 2.1996248741345212, 3.048705394631114],
              densities: [0.1178676196313665, 0.36316803832862005, 0.4559275221454381, 0.36316803832862005, 0.11786761963136656]),
        // kremer-1993 1 CE, scale 2
        .init(dataset: "kremer-1993", year: 1, scale: 2, kind: .normal, parameters: (5.135798437050262, 1.5),
              quantiles: [2.668517996623053, 4.124063811756139, 5.135798437050262, 6.147533062344385, 7.60307887747747],
              densities: [0.06875709358358088, 0.21185104845607128, 0.2659615202676218, 0.21185104845607128, 0.06875709358358092]),
        // kremer-1993 1800, scale 1
        .init(dataset: "kremer-1993", year: 1800, scale: 1, kind: .normal, parameters: (6.802394763324311, 0.15),
              quantiles: [6.55566671928159, 6.701221300794899, 6.802394763324311, 6.903568225853723, 7.049122807367032],
              densities: [0.6875709358358106, 2.118510484560713, 2.659615202676218, 2.118510484560713, 0.6875709358358106]),
    ]

    /// 20,000 draws of one observation: their quantiles within 4.5 standard errors of the reference
    /// (the sampling error of a quantile, √(u(1−u)/n)/f(q)), and their Kolmogorov-Smirnov distance
    /// from the reference distribution below its 0.1% critical value.
    @Test(arguments: cases) func drawsFollowTheirDistribution(_ reference: DistributionCase) throws {
        let series = try DatasetCatalog.dataset(named: reference.dataset).load().series
        let index = try #require(series.years.firstIndex(of: reference.year))
        let model = DataUncertaintyModel(series: series, noiseScale: reference.scale)
        var values = series.values
        var logs: [Double] = []
        for draw in 0..<Self.draws {
            var generator = Xoshiro256StarStar(seed: 7, stream: UInt64(draw))
            model.draw(into: &values, using: &generator)
            logs.append(log(values[index]))
        }
        logs.sort()
        for (k, u) in Self.probabilities.enumerated() {
            let tolerance = 4.5 * (u * (1 - u) / Double(Self.draws)).squareRoot() / reference.densities[k]
            let q = typeSevenQuantile(sorted: logs, u)
            #expect(abs(q - reference.quantiles[k]) < tolerance, "\(reference) q\(u): \(q) vs \(reference.quantiles[k])")
        }
        let (a, b) = reference.parameters
        let cdf: (Double) -> Double = switch reference.kind {
        case .uniform: { x in min(max((x - a) / (b - a), 0), 1) }
        case .normal: { x in 0.5 * erfc(-(x - a) / (b * 2.0.squareRoot())) }
        }
        let n = Double(logs.count)
        let distance = logs.enumerated().map { i, x in max(Double(i + 1) / n - cdf(x), cdf(x) - Double(i) / n) }.max() ?? 1
        #expect(distance < Self.ksCritical, "\(reference): KS distance \(distance)")
        if reference.kind == .uniform {
            #expect(logs.first! >= a && logs.last! <= b)
        }
    }

    /// HYDE's lower bound of 0 at 10,000 BCE cannot be logged: that observation keeps its value.
    @Test func zeroLowerBoundKeepsTheValue() throws {
        let series = try DatasetCatalog.dataset(named: "hyde-3.2.1").load().series
        let model = DataUncertaintyModel(series: series, noiseScale: 1)
        #expect(model.fixedYears == [-10000])
        var values = series.values
        var generator = Xoshiro256StarStar(seed: 3, stream: 0)
        model.draw(into: &values, using: &generator)
        #expect(relativeDifference(values[0], series.values[0]) < 1e-15)
        #expect(values[1] != series.values[1])
    }

    // MARK: Verdicts

    static func quick(_ draws: Int, scale: Double = 1, threads: Int? = nil, seed: UInt64 = 5) -> DataUncertaintyOptions {
        DataUncertaintyOptions(draws: draws, noiseScale: scale, seed: seed, threads: threads)
    }

    @Test func sharesSumToOne() throws {
        let series = try DatasetCatalog.dataset(named: "kremer-1993").load().series
        let result = try DataUncertainty.run(dataset: "kremer-1993", series: series, test: HypothesisTestOptions(), options: Self.quick(24))
        #expect(result.questions.count == 7)
        for question in result.questions {
            #expect(question.shares.map(\.draws).reduce(0, +) == 24, "\(question.era.name) \(question.question)")
            #expect(abs(question.shares.map(\.share).reduce(0, +) - 1) < 1e-12)
            #expect(question.shares.map(\.verdict) == question.question.verdicts)
            for q in question.quantiles {
                if let q05 = q.q05, let q50 = q.q50, let q95 = q.q95 { #expect(q05 <= q50 && q50 <= q95) }
            }
        }
        #expect(result.splineObservations == 31 && result.bandObservations == 0 && result.fixedYears.isEmpty)
    }

    /// The same seed gives the same numbers on 1 and 2 threads (each draw has its own stream).
    @Test func identicalAcrossThreadCounts() throws {
        let series = try DatasetCatalog.dataset(named: "uscb-summary").load().series
        let one = try DataUncertainty.run(dataset: "uscb-summary", series: series, test: HypothesisTestOptions(), options: Self.quick(40, threads: 1))
        let two = try DataUncertainty.run(dataset: "uscb-summary", series: series, test: HypothesisTestOptions(), options: Self.quick(40, threads: 2))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        #expect(try encoder.encode(one) == encoder.encode(two))
        // The draws differ from one another: not every share sits on one verdict.
        #expect(one.questions.contains { $0.shares.filter { $0.draws > 0 }.count > 1 })
    }

    /// Noise scale 0: every draw is the data as given, so every draw gives the full test's verdicts
    /// (with its bootstrap, side rivals and profile intervals) and its numbers.
    @Test(arguments: ["kremer-1993", "hyde-3.2.1", "maddison-2010"]) func noiseScaleZeroGivesTheTestsVerdicts(_ name: String) throws {
        let series = try DatasetCatalog.dataset(named: name).load().series
        var options = HypothesisTestOptions()
        options.bootstrapReplicates = 19
        let test = try HypothesisTest.run(dataset: name, series: series, options: options)
        let result = try DataUncertainty.run(dataset: name, series: series, test: options, options: Self.quick(3, scale: 0))
        #expect(result.failedDraws == 0)
        for (index, era) in [Era.Role.preModern, .modern, .wholeWindow].enumerated() {
            let growth = test.verdicts.growth[index], level = test.verdicts.level[index]
            #expect(growth.era.role == era)
            let expectedGrowth: DrawnVerdict = growth.tooFewToGrade ? .tooFewToGrade
                : growth.proportionality.map { .reading($0.reading) } ?? .failed
            let expectedLevel: DrawnVerdict = level.tooFewToGrade ? .tooFewToGrade : level.preferred.map { .preferred($0) } ?? .failed
            let growthShares = try #require(result.questions.first { $0.era.role == era && $0.question == .proportionality })
            let levelShares = try #require(result.questions.first { $0.era.role == era && $0.question == .preferredLevelModel })
            #expect(growthShares.onData == expectedGrowth, "\(name) \(era)")
            #expect(growthShares.shares.first { $0.verdict == expectedGrowth }?.draws == 3, "\(name) \(era)")
            #expect(levelShares.onData == expectedLevel, "\(name) \(era)")
            #expect(levelShares.shares.first { $0.verdict == expectedLevel }?.draws == 3, "\(name) \(era)")
            if case .reading = expectedGrowth {
                let b = try #require(growthShares.quantiles.first { $0.statistic == .exponentB })
                let exponent = try #require(growth.proportionality?.exponent)
                #expect(relativeDifference(b.onData ?? .nan, exponent) < 1e-12)
                #expect(b.q05 == b.onData && b.q95 == b.onData && b.draws == 3)
                let margin = try #require(growthShares.quantiles.first { $0.statistic == .deltaBICAgainstConstantGrowth })
                #expect(abs((margin.q50 ?? .nan) - (growth.againstConstantGrowth?.deltaBIC ?? .nan)) < 1e-9)
            }
        }
        let phase = try #require(result.questions.first { $0.question == .stableVersusPhase })
        let expectedPhase: DrawnVerdict = test.verdicts.phase.map { .phase($0.preferred) } ?? .failed
        #expect(phase.onData == expectedPhase)
        #expect(phase.shares.first { $0.verdict == expectedPhase }?.draws == 3)
        let margin = try #require(phase.quantiles.first)
        #expect(abs((margin.q50 ?? .nan) - (test.stableVersusPhase?.deltaBIC ?? .nan)) < 1e-9)
    }

    @Test func refusesBadSettings() throws {
        let series = try DatasetCatalog.dataset(named: "kremer-1993").load().series
        for options in [Self.quick(0), Self.quick(DataUncertaintyOptions.maximumDraws + 1), Self.quick(5, scale: -1), Self.quick(5, scale: .nan)] {
            #expect(throws: AnalysisError.self) {
                try DataUncertainty.run(dataset: "kremer-1993", series: series, test: HypothesisTestOptions(), options: options)
            }
        }
    }
}
