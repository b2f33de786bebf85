import Foundation
import Fitting

/// How the data-uncertainty Monte Carlo redraws one observation, on ln y.
public enum ObservationUncertainty: Sendable, Equatable {
    /// ln y + ε, ε uniform between `lower` and `upper`: the source's band on ln y (relative to the
    /// observation's own ln y), widened or narrowed about it by the noise scale.
    case uniformOnLog(lower: Double, upper: Double)
    /// ln y + sd · N(0, 1): Roodman's spline at the observation's year times the noise scale.
    case normalOnLog(sd: Double)
    /// Kept at its value: its band's lower bound is 0, which has no logarithm, so no distribution
    /// on ln y between the bounds exists.
    case fixed
}

/// The distribution each observation of a series is redrawn from (issue 12, item 4).
///
/// - Where the series has a usable band (`UncertaintyBand.logBounds`: both bounds, the lower one
///   positive, of positive width), ln y is drawn uniformly between ln lower and ln upper: a source
///   that prints a range says nothing about where in it the truth lies, and the models work on
///   ln y. With noise scale s the interval is scaled about the observation's own ln y, c:
///   [c + s (ln l − c), c + s (ln u − c)], which is the band itself at s = 1 and the value itself
///   at s = 0 (for a midpoint series, c is the middle of the band and the scaling is symmetric).
/// - Where the band's lower bound is 0 (HYDE's 10,000 BCE), the observation keeps its value
///   (`fixed`), and `fixedYears` lists it so the command line can say so once.
/// - Elsewhere (no band, a band of zero width, a missing bound): ln y + s · sd(t) · N(0, 1) with
///   sd(t) Roodman's (2020) spline (`RoodmanUncertainty.relativeSD`). Roodman calls it the relative
///   standard deviation of y; it is used here as the standard deviation of ln y, as Roodman's own
///   weights 1/(1 + 2 sd²) treat it: for small errors sd(ln y) ≈ sd(y)/y (the delta method), and
///   drawing on ln y keeps every draw positive, which a normal error on y with sd 1.00 (before
///   10,000 BCE) would not. For sd = 1 the two readings differ: a lognormal with σ = 1 has a
///   relative standard deviation of √(e − 1) ≈ 1.31, so the earliest draws are, if anything, wider
///   than Roodman's figure read on y.
public struct DataUncertaintyModel: Sendable {
    public var years: [Double]
    /// Each observation's value as given.
    public var values: [Double]
    /// How each is redrawn, on ln y relative to its own: a draw is y · exp(ε), so that a spread of 0
    /// (noise scale 0) gives y itself, bit for bit.
    public var uncertainties: [ObservationUncertainty]
    public var noiseScale: Double

    /// - Precondition: `noiseScale` ≥ 0 and finite (the command line checks it).
    public init(series: Series, noiseScale: Double) {
        years = series.years
        values = series.values
        self.noiseScale = noiseScale
        uncertainties = series.years.indices.map { i in
            let c = log(series.values[i])
            if let band = series.band, let lower = series.extraColumns[band.lower]?[i], lower == 0 {
                return .fixed
            }
            if let bounds = UncertaintyBand.logBounds(of: series, at: i) {
                return .uniformOnLog(lower: noiseScale * (bounds.lower - c), upper: noiseScale * (bounds.upper - c))
            }
            return .normalOnLog(sd: noiseScale * RoodmanUncertainty.relativeSD(atYear: series.years[i], coding: series.yearCoding))
        }
    }

    /// The years kept at their value because their band's lower bound is 0.
    public var fixedYears: [Double] {
        years.indices.filter { uncertainties[$0] == .fixed }.map { years[$0] }
    }

    /// How many observations of `window` are drawn from the band, from the spline, and kept.
    public func counts(in window: YearWindow) -> (band: Int, spline: Int, fixed: Int) {
        var counts = (band: 0, spline: 0, fixed: 0)
        for (year, uncertainty) in zip(years, uncertainties) where window.contains(year) {
            switch uncertainty {
            case .uniformOnLog: counts.band += 1
            case .normalOnLog: counts.spline += 1
            case .fixed: counts.fixed += 1
            }
        }
        return counts
    }

    /// One redrawn set of values, written into `values` (one per observation, in order). Each
    /// observation takes one uniform or one normal deviate from `generator`, in year order.
    public func draw(into values: inout [Double], using generator: inout Xoshiro256StarStar) {
        var normal = StandardNormalSampler()
        for i in uncertainties.indices {
            switch uncertainties[i] {
            case let .uniformOnLog(lower, upper):
                values[i] = self.values[i] * exp(lower + (upper - lower) * generator.nextUniform())
            case let .normalOnLog(sd):
                values[i] = self.values[i] * exp(sd * normal.next(using: &generator))
            case .fixed:
                values[i] = self.values[i]
            }
        }
    }
}

/// One verdict the Monte Carlo counts: a question's answer on one draw.
public enum DrawnVerdict: Hashable, Sendable, Encodable, CustomStringConvertible {
    /// Growth form: how B sits against 0 and 1 (`ProportionalityTest.Reading`).
    case reading(ProportionalityTest.Reading)
    /// Level form: the model preferred by BIC.
    case preferred(GrowthModelID)
    /// Whole window: one hyperbola or a phase transition (`StableVersusPhase.Reading`).
    case phase(StableVersusPhase.Reading)
    /// A model compared has too few residual degrees of freedom (`FormComparison.isGradable`).
    case tooFewToGrade
    /// No verdict: a model the verdict needs did not converge, or the draw could not be tested.
    case failed

    /// The name every output keys it by: the reading's, model's or phase reading's own, or
    /// "too_few_to_grade", "failed".
    public var description: String {
        switch self {
        case let .reading(reading): reading.rawValue
        case let .preferred(model): model.rawValue
        case let .phase(reading): reading.rawValue
        case .tooFewToGrade: "too_few_to_grade"
        case .failed: "failed"
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// The questions the test answers in each era (growth and level form) and over the window.
public enum DataUncertaintyQuestion: String, Codable, Sendable, CaseIterable {
    /// Growth form: B's reading (proportional, constant, rising less than proportionally, …).
    case proportionality
    /// Level form: the model preferred by BIC (exponential or one of the hyperbolas).
    case preferredLevelModel = "preferred_level_model"
    /// Whole window: the hyperbola against the phase-transition rival.
    case stableVersusPhase = "stable_versus_phase"

    public var form: ModelForm {
        switch self {
        case .proportionality: .growth
        case .preferredLevelModel, .stableVersusPhase: .level
        }
    }

    /// Every verdict the question can give, in the order outputs list them.
    public var verdicts: [DrawnVerdict] {
        switch self {
        case .proportionality:
            ProportionalityTest.Reading.allCases.map(DrawnVerdict.reading) + [.tooFewToGrade, .failed]
        case .preferredLevelModel:
            (HypothesisTest.testedModels[.level] ?? []).map(DrawnVerdict.preferred) + [.tooFewToGrade, .failed]
        case .stableVersusPhase:
            [.phase(.stableDynamics), .phase(.phaseTransition), .failed]
        }
    }

    /// The numbers whose quantiles are reported with it.
    public var statistics: [DataUncertaintyStatistic] {
        switch self {
        case .proportionality: [.exponentB, .deltaBICAgainstConstantGrowth]
        case .preferredLevelModel: [.deltaBICExponentialMinusHyperbola, .hyperbolaImpliedB]
        case .stableVersusPhase: [.deltaBICHyperbolaMinusRival]
        }
    }
}

/// A number of the test whose distribution over the draws is reported.
public enum DataUncertaintyStatistic: String, Codable, Sendable, CaseIterable {
    /// Growth form: B of power growth g = s y^B.
    case exponentB = "exponent_b"
    /// Growth form: BIC(constant growth) − the smallest BIC of the other laws.
    case deltaBICAgainstConstantGrowth = "delta_bic_against_constant_growth"
    /// Level form: BIC(exponential) − the smaller BIC of the two hyperbolas (positive: a hyperbola
    /// fits better), as the influence analysis defines it (`EraVerdictPoint`).
    case deltaBICExponentialMinusHyperbola = "delta_bic_exponential_minus_hyperbola"
    /// Level form: B = 1/k of the free hyperbola.
    case hyperbolaImpliedB = "hyperbola_implied_b"
    /// Whole window: BIC(hyperbola) − mBIC(continuous path) (positive favours the phase transition).
    case deltaBICHyperbolaMinusRival = "delta_bic_hyperbola_minus_rival"
}

/// The verdicts and numbers of one draw, in a fixed layout of `DataUncertainty.rowWidth` numbers:
/// for each question its verdict (an index into `question.verdicts`) and then its statistics, the
/// growth- and level-form questions once per era, the phase question last. A row of NaN is a draw
/// that could not be tested at all (every verdict `failed`).
enum DrawRecordLayout {
    /// (era index or nil for the window-wide question, question) in row order.
    static func slots(eras: Int) -> [(era: Int?, question: DataUncertaintyQuestion)] {
        (0..<eras).flatMap { era in [(Optional(era), DataUncertaintyQuestion.proportionality), (era, .preferredLevelModel)] }
            + [(nil, .stableVersusPhase)]
    }

    static func width(eras: Int) -> Int {
        slots(eras: eras).reduce(0) { $0 + 1 + $1.question.statistics.count }
    }
}

/// One question in one era over the draws: the share of draws giving each verdict and the 5%,
/// 50% and 95% quantiles of its numbers.
public struct DataUncertaintyShares: Encodable, Sendable {
    public struct Share: Encodable, Sendable, Equatable {
        public var verdict: DrawnVerdict
        public var draws: Int
        /// draws / all draws: every draw counts, failed ones under `failed`, so the shares sum to 1.
        public var share: Double
    }

    public struct Quantiles: Encodable, Sendable, Equatable {
        public var statistic: DataUncertaintyStatistic
        /// The value on the data as given (nil where the test has no number).
        public var onData: Double?
        /// The draws with a number: those graded (a verdict other than too few to grade or failed).
        public var draws: Int
        /// Type-7 quantiles (numpy's default) over those draws; nil when there are none.
        public var q05: Double?
        public var q50: Double?
        public var q95: Double?
    }

    public var era: Era
    public var question: DataUncertaintyQuestion
    /// The verdict on the data as given (the test's own, by the same definition).
    public var onData: DrawnVerdict
    /// Every verdict the question can give, with its count (zero included).
    public var shares: [Share]
    public var quantiles: [Quantiles]

    enum CodingKeys: String, CodingKey { case era, eraRange, form, question, onData, shares, quantiles }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(era.name, forKey: .era)
        try container.encode(era.range, forKey: .eraRange)
        try container.encode(question.form, forKey: .form)
        try container.encode(question, forKey: .question)
        try container.encode(onData, forKey: .onData)
        try container.encode(shares, forKey: .shares)
        try container.encode(quantiles, forKey: .quantiles)
    }
}

/// The data-uncertainty Monte Carlo of one dataset.
public struct DataUncertaintyResult: Encodable, Sendable {
    public var dataset: String
    public var series: String
    public var draws: Int
    public var noiseScale: Double
    public var seed: UInt64
    /// Observations of the window drawn from their band, from Roodman's spline, and kept fixed.
    public var bandObservations: Int
    public var splineObservations: Int
    /// The years of the window kept at their value (their band's lower bound is 0).
    public var fixedYears: [Double]
    /// Draws that could not be tested at all (a drawn value overflowed, or the test refused the
    /// series); each counts under `failed` in every question.
    public var failedDraws: Int
    /// Per era the growth-form and level-form questions, then the whole window's phase question.
    public var questions: [DataUncertaintyShares]
}

/// The settings of the data-uncertainty Monte Carlo.
public struct DataUncertaintyOptions: Sendable {
    /// Draws per dataset, 1 to `maximumDraws`.
    public var draws: Int
    /// Multiplies the spread of every draw (the spline's sd, the band's width about the value); 0
    /// gives the data as given on every draw.
    public var noiseScale: Double = 1
    public var seed: UInt64 = 1
    /// Worker threads; nil uses every core. The numbers do not depend on it.
    public var threads: Int? = nil

    /// The most draws per dataset: 100,000 draws keep 10 numbers per draw and question at 8 bytes,
    /// about 20 MB per dataset.
    public static let maximumDraws = 100_000

    public init(draws: Int, noiseScale: Double = 1, seed: UInt64 = 1, threads: Int? = nil) {
        self.draws = draws
        self.noiseScale = noiseScale
        self.seed = seed
        self.threads = threads
    }
}

/// The data-uncertainty Monte Carlo (issue 12, item 4): every observation of a series redrawn
/// `draws` times within its uncertainty (`DataUncertaintyModel`), and every verdict of the
/// hypothesis test recomputed on each draw, without the parametric bootstrap (its p-value is not a
/// verdict) and without the side rivals, influence and robustness grid. Garfinkel's (2020) point is
/// that the pre-modern data are too poor to carry the verdicts; the share of draws that keep a
/// verdict says how much of it survives the data's own uncertainty.
///
/// Each draw is one work item on `ParallelReplicates`' threads, with its own random stream
/// `Xoshiro256StarStar(seed: seed ^ key(dataset), stream: draw)`, key the FNV-1a hash of the
/// dataset's name: a dataset's numbers depend only on the seed, its name and the draw index, so
/// they are the same on any number of threads and whichever other datasets are tested with it.
/// The verdicts are read from the test's own values (`HypothesisVerdicts`, `EraVerdictPoint`) by
/// `DataUncertainty.verdicts`, the same function that reads the test's verdict on the data.
public enum DataUncertainty {
    /// - Throws: `AnalysisError.invalidRequest` for a draw count or noise scale out of range, and
    ///   whatever the test throws on the data as given (the series cannot be tested at all).
    public static func run(
        dataset: String, series: Series, test testOptions: HypothesisTestOptions, options: DataUncertaintyOptions
    ) throws(AnalysisError) -> DataUncertaintyResult {
        guard (1...DataUncertaintyOptions.maximumDraws).contains(options.draws) else {
            throw .invalidRequest("the number of draws must be 1 to \(DataUncertaintyOptions.maximumDraws), got \(options.draws)")
        }
        guard options.noiseScale >= 0, options.noiseScale.isFinite else {
            throw .invalidRequest("the noise scale must be a finite number at least 0, got \(options.noiseScale)")
        }
        var lean = testOptions
        lean.bootstrapReplicates = 0
        lean.fitsOtherRivals = false
        lean.verdictsOnly = true
        let drawOptions = lean
        let eras = EraPartition.hypothesisTest(window: lean.window, split: lean.split)
        let width = DrawRecordLayout.width(eras: eras.count)
        var onData = [Double](repeating: .nan, count: width)
        let baseline = try HypothesisTest.run(dataset: dataset, series: series, options: lean)
        onData.withUnsafeMutableBufferPointer { record(baseline, into: $0) }

        let model = DataUncertaintyModel(series: series, noiseScale: options.noiseScale)
        let streamSeed = options.seed ^ nameKey(dataset)
        let threads: Int, rows: [Double]
        do {
            threads = try ParallelReplicates.threadCount(requested: options.threads, replicates: options.draws)
            rows = try ParallelReplicates.runRows(count: options.draws, width: width, threads: threads) {
                // Each worker has its own copies of what it reads in its loop (`threadLocalCopy`).
                let local = series.threadLocalCopy()
                let localModel = model
                var values = local.values
                return { index, row in
                    var generator = Xoshiro256StarStar(seed: streamSeed, stream: UInt64(index))
                    localModel.draw(into: &values, using: &generator)
                    guard let drawn = try? local.replacingValues(values),
                          let result = try? HypothesisTest.run(dataset: dataset, series: drawn, options: drawOptions)
                    else { return false }
                    record(result, into: row)
                    return true
                }
            }
        } catch {
            throw .invalidRequest(error.description)
        }
        let counts = model.counts(in: lean.window)
        var failed = 0
        for draw in 0..<options.draws where rows[draw * width].isNaN { failed += 1 }
        return DataUncertaintyResult(
            dataset: dataset, series: series.name, draws: options.draws, noiseScale: options.noiseScale, seed: options.seed,
            bandObservations: counts.band, splineObservations: counts.spline,
            fixedYears: model.fixedYears.filter(lean.window.contains), failedDraws: failed,
            questions: summarise(rows: rows, width: width, draws: options.draws, onData: onData, eras: eras))
    }

    /// The verdict of each question as the test gives it, read from its own verdict values: the
    /// growth form's B reading (`EraVerdict.proportionality`), the level form's preferred model,
    /// the whole window's reading; an era the test does not grade is `tooFewToGrade`, one without
    /// a comparison (or without the reading) `failed`.
    static func verdicts(_ result: HypothesisTestResult) -> [DrawnVerdict] {
        var verdicts: [DrawnVerdict] = []
        for (growth, level) in zip(result.verdicts.growth, result.verdicts.level) {
            verdicts.append(growthVerdict(growth))
            verdicts.append(levelVerdict(level))
        }
        verdicts.append(result.verdicts.phase.map { .phase($0.preferred) } ?? .failed)
        return verdicts
    }

    static func growthVerdict(_ verdict: EraVerdict) -> DrawnVerdict {
        guard verdict.preferred != nil else { return .failed }
        if verdict.tooFewToGrade { return .tooFewToGrade }
        return verdict.proportionality.map { .reading($0.reading) } ?? .failed
    }

    static func levelVerdict(_ verdict: EraVerdict) -> DrawnVerdict {
        guard let model = verdict.preferred else { return .failed }
        return verdict.tooFewToGrade ? .tooFewToGrade : .preferred(model)
    }

    /// Writes one result's verdicts and statistics into `row` (`DrawRecordLayout`). A statistic of
    /// a question that is not graded is NaN.
    static func record(_ result: HypothesisTestResult, into row: UnsafeMutableBufferPointer<Double>) {
        let eras = result.verdicts.growth.count
        let verdicts = verdicts(result)
        var position = 0
        for (slot, (era, question)) in DrawRecordLayout.slots(eras: eras).enumerated() {
            let verdict = verdicts[slot]
            row[position] = Double(question.verdicts.firstIndex(of: verdict) ?? question.verdicts.count - 1)
            position += 1
            let graded = verdict != .tooFewToGrade && verdict != .failed
            for statistic in question.statistics {
                row[position] = graded ? value(statistic, of: result, era: era) ?? .nan : .nan
                position += 1
            }
        }
    }

    private static func value(_ statistic: DataUncertaintyStatistic, of result: HypothesisTestResult, era: Int?) -> Double? {
        switch statistic {
        case .exponentB: era.flatMap { EraVerdictPoint(result.growth[$0]).exponent }
        case .deltaBICAgainstConstantGrowth: era.flatMap { EraVerdictPoint(result.growth[$0]).deltaBIC }
        case .deltaBICExponentialMinusHyperbola: era.flatMap { EraVerdictPoint(result.level[$0]).deltaBIC }
        case .hyperbolaImpliedB: era.flatMap { result.verdicts.level[$0].hyperbolaImpliedExponent?.value }
        case .deltaBICHyperbolaMinusRival: result.stableVersusPhase?.deltaBIC
        }
    }

    /// Shares and quantiles per question from the draws' rows.
    static func summarise(rows: [Double], width: Int, draws: Int, onData: [Double], eras: [Era]) -> [DataUncertaintyShares] {
        var summaries: [DataUncertaintyShares] = []
        var position = 0
        let wholeWindow = eras.first { $0.role == .wholeWindow } ?? eras[eras.count - 1]
        for (era, question) in DrawRecordLayout.slots(eras: eras.count) {
            let possible = question.verdicts
            var counts = [Int](repeating: 0, count: possible.count)
            for draw in 0..<draws {
                let code = rows[draw * width + position]
                counts[code.isNaN ? possible.count - 1 : Int(code)] += 1
            }
            let shares = zip(possible, counts).map { verdict, count in
                DataUncertaintyShares.Share(verdict: verdict, draws: count, share: Double(count) / Double(draws))
            }
            let dataVerdict = onData[position].isNaN ? DrawnVerdict.failed : possible[Int(onData[position])]
            position += 1
            var quantiles: [DataUncertaintyShares.Quantiles] = []
            for statistic in question.statistics {
                let values = (0..<draws).map { rows[$0 * width + position] }.filter { !$0.isNaN }.sorted()
                let q = { (u: Double) in values.isEmpty ? nil : typeSevenQuantile(sorted: values, u) }
                quantiles.append(.init(
                    statistic: statistic, onData: onData[position].isNaN ? nil : onData[position], draws: values.count,
                    q05: q(0.05), q50: q(0.5), q95: q(0.95)))
                position += 1
            }
            summaries.append(DataUncertaintyShares(
                era: era.map { eras[$0] } ?? wholeWindow, question: question, onData: dataVerdict, shares: shares,
                quantiles: quantiles))
        }
        return summaries
    }

    /// The 64-bit FNV-1a hash of a dataset's name (Fowler, Noll & Vo): fixed by its definition, so
    /// a dataset's random streams cannot change with the standard library's hashing (which Swift
    /// seeds per process).
    static func nameKey(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
