import Foundation
import Fitting

/// The settings of the hyperbolic-growth test.
public struct HypothesisTestOptions: Codable, Equatable, Sendable {
    /// Years analysed (default 10,000 BCE to 1950).
    public var window: YearWindow = YearWindow(from: -10000, to: 1950)
    /// The first year of the modern era (default 1700).
    public var split: Double = 1700
    /// `gap` (default), `none`, `roodman` or `inverseVariance`; applies to both forms (see `ModelSample`).
    public var weighting: Weighting = .gap
    public var rateKind: GrowthRateKind = .continuous
    /// Replicates of the parametric bootstrap of exponential vs hyperbolic (0 skips it).
    public var bootstrapReplicates: Int = 999
    public var seed: UInt64 = 1
    /// Worker threads for the bootstrap; nil uses every core. Results do not depend on it.
    public var threads: Int? = nil
    /// Most breaks tried in the piecewise-exponential alternative.
    public var maxBreaks: Int = 3
    /// The fixed transitions of the pre-specified phase-transition path (`TransitionPathFit`).
    public var transitionYears: [Double] = TransitionPathFit.defaultBreakYears
    /// Whether to fit the rivals reported beside the verdict's (Hanson's exponential modes and
    /// discontinuous growth modes); the robustness table, which shows only the verdict's ΔBIC, skips them.
    public var fitsOtherRivals = true
    /// Computes only what the verdicts read (the data-uncertainty Monte Carlo's setting): no
    /// profile interval of B, no F tests, no Vuong tests and no fixed-transition path.
    public var verdictsOnly = false

    public init() {}

    /// `verdictsOnly` is how the Monte Carlo runs the test, not a setting of a test's result: it
    /// stays out of the JSON.
    enum CodingKeys: String, CodingKey {
        case window, split, weighting, rateKind, bootstrapReplicates, seed, threads, maxBreaks, transitionYears, fitsOtherRivals
    }

    /// The level bootstrap these options ask for.
    var levelBootstrap: LevelBootstrapSettings {
        LevelBootstrapSettings(replicates: bootstrapReplicates, seed: seed, threads: threads)
    }
}

/// The parametric bootstrap of exponential against hyperbolic that a level-form comparison runs in
/// each era: replicates (0 skips it), the seed of the first era (era i uses seed + i) and threads.
public struct LevelBootstrapSettings: Sendable {
    public var replicates: Int
    public var seed: UInt64
    public var threads: Int?

    public init(replicates: Int, seed: UInt64, threads: Int? = nil) {
        self.replicates = replicates
        self.seed = seed
        self.threads = threads
    }
}

/// The models of one form fitted to one era of one series, compared.
public struct FormComparison: Encodable, Sendable {
    public var era: Era
    public var form: ModelForm
    public var observations: Int
    /// Every model of the form, converged or not (a fit that did not converge says so).
    public var fits: [GrowthModelFit]
    /// Information-criterion comparison of the converged fits.
    public var comparison: ModelComparison?
    /// Nested tests (growth form): constant growth inside power growth (B = 0), proportional growth
    /// inside power growth (B = 1) and constant growth inside linear growth (b = 0), each by
    /// likelihood ratio and F.
    public var nestedTests: [TestResult]
    /// Growth form: B with its profile interval and the tests of B = 0 and B = 1, read as
    /// proportional, constant, rising less (or more) than proportionally, or indeterminate.
    public var proportionality: ProportionalityTest?
    /// Level form: the parametric bootstrap of exponential against hyperbolic.
    public var bootstrap: LikelihoodRatioBootstrapResult?
    /// Level form: Vuong's test of hyperbolic (model 1) against exponential (model 2), raw and
    /// BIC-corrected, the non-nested test docs/statistics.md names for this pair.
    public var vuongTests: [VuongTest] = []
    /// Why something could not be computed; empty when all went through.
    public var notes: [String]

    /// The fewest residual degrees of freedom n - p a model may have for its era to be graded: with
    /// fewer, a ΔBIC rests on one or two free residuals and its Kass-Raftery label would over-read it.
    public static let minimumResidualDegreesOfFreedom = 3

    /// Whether every model compared has at least `minimumResidualDegreesOfFreedom` residual degrees
    /// of freedom; when not, the era is "too few observations to grade".
    public var isGradable: Bool {
        let compared = fits.filter(\.converged)
        return !compared.isEmpty && compared.allSatisfy { $0.fit.degreesOfFreedom >= Self.minimumResidualDegreesOfFreedom }
    }

    /// Growth form: BIC(constant growth) minus the smallest BIC of the other converged laws, the
    /// margin that matters to the debate (positive: growth depends on the level); nil in the level
    /// form or when constant growth or every other law is missing.
    public var deltaBICAgainstConstantGrowth: Double? {
        guard form == .growth, let entries = comparison?.entries,
              let constant = entries.first(where: { $0.model == GrowthModelID.constantGrowth.rawValue }),
              let best = entries.filter({ $0.model != constant.model }).map(\.criteria.bic).min()
        else { return nil }
        return constant.criteria.bic - best
    }

    /// The model with the smallest BIC and its margin over the next best.
    public var preferred: (model: GrowthModelID, deltaBIC: Double?)? {
        guard let entries = comparison?.entries.sorted(by: { $0.deltaBIC < $1.deltaBIC }), let best = entries.first
        else { return nil }
        return (GrowthModelID(rawValue: best.model), entries.count > 1 ? entries[1].deltaBIC : nil)
    }

    /// Encoded with the era as its name and range (`era`, `era_range`), as every JSON output keys it.
    enum CodingKeys: String, CodingKey {
        case era, eraRange, form, observations, fits, comparison, nestedTests, proportionality, bootstrap, vuongTests, notes
    }

    public init(
        era: Era, form: ModelForm, observations: Int, fits: [GrowthModelFit] = [], comparison: ModelComparison? = nil,
        nestedTests: [TestResult] = [], bootstrap: LikelihoodRatioBootstrapResult? = nil, vuongTests: [VuongTest] = [],
        notes: [String] = []
    ) {
        self.era = era
        self.form = form
        self.observations = observations
        self.fits = fits
        self.comparison = comparison
        self.nestedTests = nestedTests
        self.bootstrap = bootstrap
        self.vuongTests = vuongTests
        self.notes = notes
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(era.name, forKey: .era)
        try container.encode(era.range, forKey: .eraRange)
        try container.encode(form, forKey: .form)
        try container.encode(observations, forKey: .observations)
        try container.encode(fits, forKey: .fits)
        try container.encodeIfPresent(comparison, forKey: .comparison)
        try container.encode(nestedTests, forKey: .nestedTests)
        try container.encodeIfPresent(proportionality, forKey: .proportionality)
        try container.encodeIfPresent(bootstrap, forKey: .bootstrap)
        try container.encode(vuongTests, forKey: .vuongTests)
        try container.encode(notes, forKey: .notes)
    }
}

/// Hyperbolic level growth against phase-transition paths over the whole window: the "Stable
/// Dynamics" against the "Phase Transition" reading.
///
/// The verdict's rival is the continuous piecewise-exponential path (`ContinuousGrowthPath`): the
/// level is continuous at each break, the break years are found exactly, and the number of breaks
/// is chosen by Zhang & Siegmund's (2007) modified BIC, which charges a searched break year as a
/// change-point location (`ModifiedBIC`). The hyperbola has no change point, so its mBIC is its
/// BIC, and ΔBIC = BIC(hyperbola) - mBIC(path). The other rivals are reported beside it: the path
/// with transitions fixed in advance (nothing searched, compared by BIC), Hanson's (2000) sums of
/// 2 and 3 exponential modes (smooth transitions, by BIC) and Hanson's discontinuous growth modes
/// (`GrowthModePath`, segments fitted separately, by BIC as `gdpfit breaks --discontinuous`).
public struct StableVersusPhase: Encodable, Sendable {
    /// The two readings of the long run this comparison decides between.
    public enum Reading: String, Encodable, Sendable {
        /// One hyperbolic law throughout ("stable dynamics").
        case stableDynamics = "stable_dynamics"
        /// Exponential modes with breaks between them ("phase transition").
        case phaseTransition = "phase_transition"
    }

    /// The phase-transition models set against the hyperbola.
    public enum RivalKind: String, Encodable, Sendable {
        /// Continuous path, break years searched exactly, break count by mBIC: the verdict's rival.
        case continuousPath = "continuous_path"
        /// Continuous path with the transitions fixed in advance (`TransitionPathFit`).
        case fixedTransitionPath = "fixed_transition_path"
        /// Hanson's sum of 2 or 3 exponential modes (`ExponentialModesFit`).
        case twoExponentialModes = "two_exponential_modes"
        case threeExponentialModes = "three_exponential_modes"
        /// Hanson's discontinuous growth modes (`GrowthModePath`), break count by BIC.
        case discontinuousGrowthModes = "discontinuous_growth_modes"
    }

    /// One rival: its parameter count, break years (none for the smooth modes), the criterion it is
    /// compared by and the hyperbola's margin.
    public struct Rival: Encodable, Sendable {
        public var kind: RivalKind
        /// K (mean parameters, break years and the error variance).
        public var parameterCount: Int
        public var breakYears: [Double]
        /// `mbic` for the searched continuous path, `bic` otherwise.
        public var criterionName: String
        public var criterion: Double
        /// BIC(hyperbola) minus the rival's criterion: positive favours the phase transition.
        public var deltaBIC: Double
    }

    /// The break count the modified BIC chooses with at most `cap` breaks, and the margin then.
    public struct CapSensitivity: Encodable, Sendable {
        public var cap: Int
        public var breakCount: Int
        public var breakYears: [Double]
        public var deltaBIC: Double
    }

    public var hyperbolicBIC: Double
    /// K of the free hyperbola (3 mean parameters and the variance).
    public var hyperbolicParameterCount: Int
    /// The verdict's rival: the continuous path chosen by mBIC.
    public var rival: Rival
    /// Every rival fitted, the verdict's first.
    public var rivals: [Rival]
    /// The continuous paths for each break count up to the cap.
    public var continuousPaths: ContinuousGrowthPaths
    /// How the chosen break count and ΔBIC move with the cap (`maxBreaks`), caps 0 to the cap.
    public var capSensitivity: [CapSensitivity]
    /// Hanson's discontinuous growth modes chosen by BIC (the best path).
    public var modes: GrowthModePath?
    /// The pre-specified, continuous two-transition path (fixed years, no search), when both
    /// years lie inside the window's observations.
    public var transitionPath: TransitionPathFit?
    /// Hanson's sums of exponential modes that could be fitted (2 and 3 modes).
    public var exponentialModes: [ExponentialModesFit]
    /// Rivals that could not be fitted, and why.
    public var notes: [String]

    /// BIC(hyperbolic) - mBIC(continuous path): positive favours the phase transition.
    public var deltaBIC: Double { rival.deltaBIC }
    /// BIC(hyperbolic) - BIC(transition path): positive favours the phase transition.
    public var deltaBICTransitionPath: Double? { rivals.first { $0.kind == .fixedTransitionPath }?.deltaBIC }
    public var preferred: Reading { deltaBIC > 0 ? .phaseTransition : .stableDynamics }

    enum CodingKeys: String, CodingKey {
        case hyperbolicBIC, hyperbolicParameterCount, rival, rivals, deltaBIC, preferred, capSensitivity, continuousPaths, modes,
             transitionPath, exponentialModes, notes
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(hyperbolicBIC, forKey: .hyperbolicBIC)
        try container.encode(hyperbolicParameterCount, forKey: .hyperbolicParameterCount)
        try container.encode(rival, forKey: .rival)
        try container.encode(deltaBIC, forKey: .deltaBIC)
        try container.encode(preferred, forKey: .preferred)
        try container.encode(rivals, forKey: .rivals)
        try container.encode(capSensitivity, forKey: .capSensitivity)
        try container.encode(continuousPaths, forKey: .continuousPaths)
        try container.encodeIfPresent(modes, forKey: .modes)
        try container.encodeIfPresent(transitionPath, forKey: .transitionPath)
        try container.encode(exponentialModes, forKey: .exponentialModes)
        try container.encode(notes, forKey: .notes)
    }
}

/// The hypothesis test for one series: everything `gdpfit test` shows for a dataset.
public struct HypothesisTestResult: Encodable, Sendable {
    public var dataset: String
    public var series: String
    public var options: HypothesisTestOptions
    public var growth: [FormComparison]
    public var level: [FormComparison]
    public var stableVersusPhase: StableVersusPhase?
    /// What the numbers say, as values for the command line to word.
    public var verdicts: HypothesisVerdicts

    /// The comparison of one form in the era of `role`.
    public func comparison(_ form: ModelForm, in role: Era.Role) -> FormComparison? {
        (form == .growth ? growth : level).first { $0.era.role == role }
    }

    /// Encoded without the verdict values: the command line writes the verdicts in words.
    enum CodingKeys: String, CodingKey {
        case dataset, series, options, growth, level, stableVersusPhase
    }
}

public enum HypothesisTest {
    /// The fewest observations in the window a series needs to be tested: with fewer, no era can
    /// hold the four-parameter comparisons with residual degrees of freedom to spare.
    public static let minimumObservations = 6

    /// The observations of `series` inside the test's window.
    public static func observations(of series: Series, in window: YearWindow) -> Int {
        series.years.lazy.filter(window.contains).count
    }

    /// Runs steps 1-4 of the test (growth form, level form, stable vs phase, verdicts) on a series.
    public static func run(
        dataset: String, series: Series, options: HypothesisTestOptions = HypothesisTestOptions()
    ) throws(AnalysisError) -> HypothesisTestResult {
        if case .column = options.weighting {
            throw .invalidRequest("the hypothesis test weights by gap, none, roodman or inverse-variance, not a column ('\(options.weighting)')")
        }
        let levelSample = try ModelSample.level(series, window: options.window, weighting: options.weighting)
        let growthSample = try ModelSample.growth(
            series, window: options.window, weighting: options.weighting, rateKind: options.rateKind)
        let eras = EraPartition.hypothesisTest(window: options.window, split: options.split)
        var growth: [FormComparison] = [], level: [FormComparison] = []
        for (index, era) in eras.enumerated() {
            growth.append(compare(
                growthSample.restricted(to: era, dataset: dataset), era: era, bootstrap: options.levelBootstrap,
                seedOffset: UInt64(index), models: testedModels[.growth], verdictsOnly: options.verdictsOnly))
            level.append(compare(
                levelSample.restricted(to: era, dataset: dataset), era: era, bootstrap: options.levelBootstrap,
                seedOffset: UInt64(index), models: testedModels[.level], verdictsOnly: options.verdictsOnly))
        }
        let stable = stableVersusPhase(
            levelSample, hyperbolic: level.last, maxBreaks: options.maxBreaks, transitionYears: options.transitionYears,
            otherRivals: options.fitsOtherRivals, fixedTransitionPath: !options.verdictsOnly)
        return HypothesisTestResult(
            dataset: dataset, series: series.name, options: options, growth: growth, level: level,
            stableVersusPhase: stable, verdicts: HypothesisVerdicts(growth: growth, level: level, stableVersusPhase: stable))
    }

    /// The models the test compares in each form: step 1, constant growth and proportional growth
    /// (the two restrictions of the power law, B = 0 and B = 1) against the laws in which growth
    /// rises with the level; step 2, exponential against the proportional hyperbola (k = 1: growth
    /// proportional to the level) and the free one (any k: curvature of ln y). power-growth-drift
    /// stays available to `compare` and `fit`, outside the test.
    public static let testedModels: [ModelForm: [GrowthModelID]] = [
        .growth: [.constantGrowth, .proportionalGrowth, .powerGrowth, .linearGrowth],
        .level: [.exponential, .proportionalHyperbolic, .hyperbolic],
    ]

    /// The nested tests of the growth form: each restricted law inside the law that reduces to it.
    static let nestedGrowthTests: [(restricted: GrowthModelID, unrestricted: GrowthModelID, hypothesis: String)] = [
        (.constantGrowth, .powerGrowth, "B = 0"), (.proportionalGrowth, .powerGrowth, "B = 1"),
        (.constantGrowth, .linearGrowth, "b = 0"),
    ]

    /// Fits the models of the sample's form (`models`, default all of them) and compares them.
    /// `verdictsOnly` leaves out what no verdict reads: the nested LR and F tests, the profile
    /// interval of B and Vuong's tests (`HypothesisTestOptions.verdictsOnly`).
    public static func compare(
        _ sample: ModelSample, era: Era, bootstrap: LevelBootstrapSettings, seedOffset: UInt64,
        models: [GrowthModelID]? = nil, verdictsOnly: Bool = false
    ) -> FormComparison {
        var result = FormComparison(era: era, form: sample.form, observations: sample.count)
        let chosen = models?.compactMap(GrowthModelCatalogue.model) ?? GrowthModelCatalogue.models(of: sample.form)
        for model in chosen {
            do {
                let fit = try GrowthModelFitter.fit(model, to: sample)
                result.fits.append(fit)
                if let limit = fit.limit {
                    result.notes.append("\(model.id) did not converge: \(fit.fit.status.rawValue) (\(limit.rawValue))")
                } else if !fit.converged {
                    result.notes.append("\(model.id) did not converge: \(fit.fit.status.rawValue)")
                }
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
        switch sample.form {
        case .growth:
            for (restricted, unrestricted, hypothesis) in verdictsOnly ? [] : nestedGrowthTests {
                guard let small = converged.converged(restricted), let large = converged.converged(unrestricted) else { continue }
                do {
                    var lr = try likelihoodRatioTest(restricted: small.fit, unrestricted: large.fit)
                    lr.name = "LR test of \(hypothesis) (\(restricted) in \(unrestricted))"
                    var f = try fTest(restricted: small.fit, unrestricted: large.fit)
                    f.name = "F test of \(hypothesis) (\(restricted) in \(unrestricted))"
                    result.nestedTests += [lr, f]
                } catch {
                    result.notes.append("test of \(hypothesis): \(error.description)")
                }
            }
            do {
                result.proportionality = try ProportionalityTest.of(converged, interval: !verdictsOnly)
            } catch {
                result.notes.append("proportionality: \(error.description)")
            }
        case .level:
            if !verdictsOnly, let exponential = converged.converged(.exponential), let hyperbolic = converged.converged(.hyperbolic) {
                var variance: VuongVarianceTest?
                do throws(FittingError) {
                    guard let jacobian1 = hyperbolic.solverJacobian(), let jacobian2 = exponential.solverJacobian() else {
                        throw FittingError.invalidArgument("no Jacobian at the fits")
                    }
                    variance = try VuongVarianceTest(hyperbolic.fit, jacobian1: jacobian1, exponential.fit, jacobian2: jacobian2)
                } catch {
                    result.notes.append("Vuong's variance test: \(error.description)")
                }
                for correction in [VuongTest.Correction.none, .bic] {
                    do {
                        let test = try VuongTest(hyperbolic.fit, exponential.fit, correction: correction)
                        result.vuongTests.append(variance.map(test.withVarianceTest) ?? test)
                    } catch {
                        result.notes.append("Vuong test (\(correction.rawValue)): \(error.description)")
                    }
                }
            }
            guard bootstrap.replicates > 0, let exponential = converged.converged(.exponential) else { break }
            do {
                result.bootstrap = try LevelBootstrap.exponentialAgainstHyperbolic(
                    exponential: exponential, replicates: bootstrap.replicates,
                    seed: bootstrap.seed &+ seedOffset, threads: bootstrap.threads)
            } catch {
                result.notes.append("bootstrap: \(error.description)")
            }
        }
        return result
    }

    static func stableVersusPhase(
        _ sample: ModelSample, hyperbolic: FormComparison?, maxBreaks: Int, transitionYears: [Double], otherRivals: Bool = true,
        fixedTransitionPath: Bool = true
    ) -> StableVersusPhase? {
        guard let hyperbolicFit = hyperbolic?.fits.converged(.hyperbolic),
              let paths = try? ContinuousGrowthPathSearch.search(sample, maxBreaks: maxBreaks)
        else { return nil }
        let hyperbolicBIC = hyperbolicFit.fit.bic
        typealias Rival = StableVersusPhase.Rival
        let best = paths.best
        let primary = Rival(
            kind: .continuousPath, parameterCount: best.criteria.k, breakYears: best.breakYears, criterionName: "mbic",
            criterion: best.modifiedBIC, deltaBIC: hyperbolicBIC - best.modifiedBIC)
        var rivals = [primary], notes: [String] = []
        var transitionPath: TransitionPathFit?
        do {
            transitionPath = fixedTransitionPath ? try TransitionPathFit.fit(sample, breakYears: transitionYears) : nil
            if fixedTransitionPath, transitionPath == nil {
                notes.append(
                    "the path with transitions fixed at " + transitionYears.map(YearText.format).joined(separator: " and ")
                        + " was not fitted: a transition lies outside the observations of the window, or too few observations")
            }
        } catch {
            notes.append("the fixed-transition path: \(error.description)")
        }
        if let path = transitionPath {
            rivals.append(Rival(
                kind: .fixedTransitionPath, parameterCount: path.fit.criteria.k, breakYears: path.breakYears,
                criterionName: "bic", criterion: path.fit.bic, deltaBIC: hyperbolicBIC - path.fit.bic))
        }
        var exponentialModes: [ExponentialModesFit] = []
        for count in otherRivals ? ExponentialModesFit.modeCounts : [] {
            let kind: StableVersusPhase.RivalKind = count == 2 ? .twoExponentialModes : .threeExponentialModes
            do {
                guard let fit = try ExponentialModesFit.fit(sample, modes: count, startPaths: paths.paths) else {
                    notes.append("\(count) exponential modes: too few observations")
                    continue
                }
                guard fit.fit.converged else {
                    notes.append("\(count) exponential modes did not converge: \(fit.fit.status.rawValue)")
                    continue
                }
                exponentialModes.append(fit)
                rivals.append(Rival(
                    kind: kind, parameterCount: fit.fit.criteria.k, breakYears: [], criterionName: "bic",
                    criterion: fit.fit.bic, deltaBIC: hyperbolicBIC - fit.fit.bic))
            } catch {
                notes.append("\(count) exponential modes: \(error.description)")
            }
        }
        var modes: GrowthModePath?
        do {
            if otherRivals { modes = try GrowthModeSearch.search(sample, maxBreaks: maxBreaks).best }
        } catch {
            notes.append("discontinuous growth modes: \(error.description)")
        }
        if let modes {
            rivals.append(Rival(
                kind: .discontinuousGrowthModes, parameterCount: modes.criteria.k, breakYears: modes.breakYears,
                criterionName: "bic", criterion: modes.criteria.bic, deltaBIC: hyperbolicBIC - modes.criteria.bic))
        }
        let sensitivity = (0...maxBreaks).compactMap { cap -> StableVersusPhase.CapSensitivity? in
            guard let path = paths.best(withAtMost: cap) else { return nil }
            return .init(cap: cap, breakCount: path.breakCount, breakYears: path.breakYears, deltaBIC: hyperbolicBIC - path.modifiedBIC)
        }
        return StableVersusPhase(
            hyperbolicBIC: hyperbolicBIC, hyperbolicParameterCount: hyperbolicFit.fit.criteria.k, rival: primary, rivals: rivals,
            continuousPaths: paths, capSensitivity: sensitivity, modes: modes, transitionPath: transitionPath,
            exponentialModes: exponentialModes, notes: notes)
    }
}
