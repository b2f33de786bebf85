import Foundation
import Fitting

/// The settings of the hyperbolic-growth test.
public struct HypothesisTestOptions: Codable, Equatable, Sendable {
    /// Years analysed (default 10,000 BCE to 1950).
    public var window: YearWindow = YearWindow(from: -10000, to: 1950)
    /// The first year of the modern era (default 1700).
    public var split: Double = 1700
    /// `gap` (default) or `none`; applies to both forms (see `ModelSample`).
    public var weighting: String = "gap"
    public var rateKind: GrowthRateKind = .continuous
    /// Replicates of the parametric bootstrap of exponential vs hyperbolic (0 skips it).
    public var bootstrapReplicates: Int = 199
    public var seed: UInt64 = 1
    /// Worker threads for the bootstrap; nil uses every core. Results do not depend on it.
    public var threads: Int? = nil
    /// Most breaks tried in the piecewise-exponential alternative.
    public var maxBreaks: Int = 3

    public init() {}
}

/// The models of one form fitted to one era of one series, compared.
public struct FormComparison: Codable, Sendable {
    /// "pre-modern", "modern" or "whole window".
    public var era: String
    /// e.g. "before 1700", "1700 to 1950".
    public var eraRange: String
    public var form: ModelForm
    public var observations: Int
    /// Every model of the form, converged or not (a fit that did not converge says so).
    public var fits: [GrowthModelFit]
    /// Information-criterion comparison of the converged fits.
    public var comparison: ModelComparison?
    /// Nested tests (growth form): constant growth inside power growth (B = 0) and inside linear
    /// growth (b = 0), each by likelihood ratio and F.
    public var nestedTests: [TestResult]
    /// Level form: the parametric bootstrap of exponential against hyperbolic.
    public var bootstrap: LikelihoodRatioBootstrapResult?
    /// Level form: Vuong's test of hyperbolic (model 1) against exponential (model 2), raw and
    /// BIC-corrected, the non-nested test docs/statistics.md names for this pair.
    public var vuongTests: [VuongTest] = []
    /// Why nothing (or something) could not be computed; nil when all went through.
    public var notes: [String]

    /// The model with the smallest BIC and its margin over the next best.
    public var preferred: (model: String, deltaBIC: Double?)? {
        guard let entries = comparison?.entries.sorted(by: { $0.deltaBIC < $1.deltaBIC }), let best = entries.first
        else { return nil }
        return (best.model, entries.count > 1 ? entries[1].deltaBIC : nil)
    }
}

/// Hyperbolic level growth against the best piecewise-exponential path ("growth modes"), by BIC,
/// over the whole window: the "Stable Dynamics" against the "Phase Transition" reading.
public struct StableVersusPhase: Codable, Sendable {
    public var hyperbolicBIC: Double
    public var modes: GrowthModePath
    /// BIC(hyperbolic) - BIC(growth modes): positive favours the phase transition.
    public var deltaBIC: Double
    public var preferred: String { deltaBIC > 0 ? "phase transition" : "stable dynamics (hyperbolic)" }
}

/// The hypothesis test for one series: everything `gdpfit test` shows for a dataset.
public struct HypothesisTestResult: Codable, Sendable {
    public var dataset: String
    public var series: String
    public var options: HypothesisTestOptions
    public var growth: [FormComparison]
    public var level: [FormComparison]
    public var stableVersusPhase: StableVersusPhase?
    /// Plain-words verdicts with the numbers behind them, one per line.
    public var verdicts: [String]
}

public enum HypothesisTest {
    /// Runs steps 1-4 of the test (growth form, level form, stable vs phase, verdicts) on a series.
    public static func run(
        dataset: String, series: Series, options: HypothesisTestOptions = HypothesisTestOptions()
    ) throws(AnalysisError) -> HypothesisTestResult {
        let weighting = Weighting(options.weighting)
        guard weighting == .gap || weighting == .none else {
            throw .invalidRequest("the hypothesis test weights by 'gap' or 'none', not '\(options.weighting)'")
        }
        let levelSample = try ModelSample.level(series, window: options.window, weighting: weighting)
        let growthSample = try ModelSample.growth(
            series, window: options.window, weighting: weighting, rateKind: options.rateKind)
        let split = options.split
        let splitText = YearText.format(split)
        let windowEnd = options.window.to.map(YearText.format) ?? "end"
        let eras: [(name: String, range: String, keep: (Double) -> Bool)] = [
            ("pre-modern", "before \(splitText)", { $0 < split }),
            ("modern", "\(splitText) to \(windowEnd)", { $0 >= split }),
            ("whole window", options.window.description, { _ in true }),
        ]
        var growth: [FormComparison] = [], level: [FormComparison] = []
        for (index, era) in eras.enumerated() {
            let label = "\(dataset) \(era.name) (\(era.range))"
            growth.append(compare(
                growthSample.restricted(label: label, where: era.keep), era: era.name, range: era.range, options: options,
                seedOffset: UInt64(index), models: testedModels[.growth]))
            level.append(compare(
                levelSample.restricted(label: label, where: era.keep), era: era.name, range: era.range, options: options,
                seedOffset: UInt64(index), models: testedModels[.level]))
        }
        let stable = stableVersusPhase(levelSample, hyperbolic: level.last, maxBreaks: options.maxBreaks)
        var result = HypothesisTestResult(
            dataset: dataset, series: series.name, options: options, growth: growth, level: level,
            stableVersusPhase: stable, verdicts: [])
        result.verdicts = Verdicts.of(result)
        return result
    }

    /// The models the test compares in each form: the step 1 (constant growth against the
    /// two laws in which growth rises with the level) and step 2 (exponential against hyperbolic).
    /// power-growth-drift stays available to `compare` and `fit`, outside the test.
    public static let testedModels: [ModelForm: [GrowthModelKind]] = [
        .growth: [.constantGrowth, .powerGrowth, .linearGrowth],
        .level: [.exponential, .hyperbolic],
    ]

    /// Fits the models of the sample's form (`models`, default all of them) and compares them.
    public static func compare(
        _ sample: ModelSample, era: String, range: String, options: HypothesisTestOptions, seedOffset: UInt64,
        models: [GrowthModelKind]? = nil
    ) -> FormComparison {
        var result = FormComparison(
            era: era, eraRange: range, form: sample.form, observations: sample.count, fits: [], comparison: nil,
            nestedTests: [], bootstrap: nil, notes: [])
        for kind in models ?? GrowthModelKind.models(of: sample.form) {
            do {
                let fit = try GrowthModelFitter.fit(kind, to: sample)
                result.fits.append(fit)
                if !fit.converged { result.notes.append("\(kind.rawValue) did not converge: \(fit.fit.status.rawValue)") }
            } catch {
                result.notes.append(error.description)
            }
        }
        let converged = result.fits.filter(\.converged)
        if converged.count >= 2 {
            do {
                result.comparison = try ModelComparison(converged.map(\.fit))
            } catch {
                result.notes.append("comparison: \(error.description)")
            }
        }
        func fit(_ kind: GrowthModelKind) -> GrowthModelFit? { converged.first { $0.model == kind.rawValue } }
        switch sample.form {
        case .growth:
            guard let constant = fit(.constantGrowth) else { break }
            for (alternative, hypothesis) in [(GrowthModelKind.powerGrowth, "B = 0"), (.linearGrowth, "b = 0")] {
                guard let unrestricted = fit(alternative) else { continue }
                do {
                    var lr = try likelihoodRatioTest(restricted: constant.fit, unrestricted: unrestricted.fit)
                    lr.name = "LR test of \(hypothesis) (constant-growth in \(alternative.rawValue))"
                    var f = try fTest(restricted: constant.fit, unrestricted: unrestricted.fit)
                    f.name = "F test of \(hypothesis) (constant-growth in \(alternative.rawValue))"
                    result.nestedTests += [lr, f]
                } catch {
                    result.notes.append("test of \(hypothesis): \(error.description)")
                }
            }
        case .level:
            if let exponential = fit(.exponential), let hyperbolic = fit(.hyperbolic) {
                for correction in [VuongTest.Correction.none, .bic] {
                    do {
                        result.vuongTests.append(try VuongTest(hyperbolic.fit, exponential.fit, correction: correction))
                    } catch {
                        result.notes.append("Vuong test (\(correction.rawValue)): \(error.description)")
                    }
                }
            }
            guard options.bootstrapReplicates > 0, let exponential = fit(.exponential) else { break }
            do {
                result.bootstrap = try LevelBootstrap.exponentialAgainstHyperbolic(
                    exponential: exponential, replicates: options.bootstrapReplicates,
                    seed: options.seed &+ seedOffset, threads: options.threads)
            } catch {
                result.notes.append("bootstrap: \(error.description)")
            }
        }
        return result
    }

    static func stableVersusPhase(_ sample: ModelSample, hyperbolic: FormComparison?, maxBreaks: Int) -> StableVersusPhase? {
        guard let hyperbolicFit = hyperbolic?.fits.first(where: { $0.model == GrowthModelKind.hyperbolic.rawValue }),
              hyperbolicFit.converged,
              let modes = try? GrowthModeSearch.search(sample, maxBreaks: maxBreaks)
        else { return nil }
        return StableVersusPhase(
            hyperbolicBIC: hyperbolicFit.fit.bic, modes: modes.best, deltaBIC: hyperbolicFit.fit.bic - modes.best.criteria.bic)
    }
}
