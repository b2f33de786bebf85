import Fitting
import Foundation

/// Why a group of a panel has no result: the group's status in a report, never an abort.
public struct GroupFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: String, Sendable, Codable {
        /// The group has no observations (every value empty or NA), or none in the window.
        case noData = "no_data"
        /// Fewer observations than the model or the analysis needs.
        case tooFewObservations = "too_few_observations"
        /// The group's rows are not a series (a repeated year, a value that is not positive).
        case invalidData = "invalid_data"
        /// The fit or the analysis failed (a linear-algebra failure, a model undefined at its start).
        case failed
    }

    public var reason: Reason
    /// The library's one-line message.
    public var message: String

    public var description: String { message }

    public init(reason: Reason, message: String) {
        self.reason = reason
        self.message = message
    }

    init(_ error: SeriesError) {
        switch error {
        case .noObservations: self.init(reason: .noData, message: error.description)
        default: self.init(reason: .invalidData, message: error.description)
        }
    }

    init(_ error: AnalysisError) {
        switch error {
        case .tooFewObservations, .fitting(_, .tooFewObservations): self.init(reason: .tooFewObservations, message: error.description)
        case let .data(inner): self.init(inner)
        default: self.init(reason: .failed, message: error.description)
        }
    }
}

/// What one group of a panel gave: a value, or why it has none.
public struct GroupOutcome<Value: Sendable>: Sendable {
    /// The group's key (its value in the group column).
    public var group: String
    public var result: Result<Value, GroupFailure>

    public init(group: String, result: Result<Value, GroupFailure>) {
        self.group = group
        self.result = result
    }

    public var value: Value? { try? result.get() }
}

/// The same analysis on every group of a panel, the groups spread over worker threads.
///
/// The workers are `ParallelReplicates`' (the bootstrap's): each claims the next groups from a
/// shared counter and stores each group's outcome at the group's index, and a group's analysis
/// reads nothing but the group's own series. So the outcomes, and their order (the file's), are the
/// same on any number of threads, to the bit. Analyses that bootstrap inside a group (compare's
/// level-form test) are given one thread each here: the groups already keep the cores busy, and a
/// seeded bootstrap gives the same numbers on any number of threads anyway.
public enum PanelAnalysis {
    /// `analyse` applied to every group's series; a group without a series, or whose analysis
    /// throws, gets a `GroupFailure` with the library's message. `threads`: nil uses every core.
    public static func map<Value: Sendable>(
        _ panel: LoadedPanel, threads: Int? = nil, _ analyse: @escaping @Sendable (Series) throws(AnalysisError) -> Value
    ) throws(AnalysisError) -> [GroupOutcome<Value>] {
        let groups = panel.groups
        let outcomes: [GroupOutcome<Value>?]
        do throws(FittingError) {
            let workers = try ParallelReplicates.threadCount(requested: threads, replicates: groups.count)
            outcomes = try ParallelReplicates.run(count: groups.count, threads: workers) {
                { index in
                    let group = groups[index]
                    switch group.series {
                    case let .failure(error):
                        return GroupOutcome(group: group.key, result: .failure(GroupFailure(error)))
                    case let .success(series):
                        do throws(AnalysisError) {
                            return GroupOutcome(group: group.key, result: .success(try analyse(series)))
                        } catch {
                            return GroupOutcome(group: group.key, result: .failure(GroupFailure(error)))
                        }
                    }
                }
            }
        } catch {
            throw .invalidRequest(error.description)
        }
        return outcomes.enumerated().map { index, outcome in
            outcome ?? GroupOutcome(group: groups[index].key, result: .failure(GroupFailure(reason: .failed, message: "not analysed")))
        }
    }

    /// One built-in model fitted to every group over `window`, in the model's form.
    public static func fits(
        _ panel: LoadedPanel, model: any GrowthModel, window: YearWindow, weighting: Weighting,
        rateKind: GrowthRateKind = .continuous, options: NonlinearLeastSquaresOptions = .default, threads: Int? = nil
    ) throws(AnalysisError) -> [GroupOutcome<GrowthModelFit>] {
        try map(panel, threads: threads) { (series) throws(AnalysisError) in
            let sample = try sample(series, form: model.form, window: window, weighting: weighting, rateKind: rateKind)
            return try GrowthModelFitter.fit(model, to: sample, options: options)
        }
    }

    /// A formula fitted to every group's series (`GrowthModelFitter.fit(formula:start:to:options:)`).
    public static func fits(
        _ panel: LoadedPanel, formula: String, start: [(name: String, value: Double)], form: ModelForm, window: YearWindow,
        weighting: Weighting, rateKind: GrowthRateKind = .continuous, options: NonlinearLeastSquaresOptions = .default,
        threads: Int? = nil
    ) throws(AnalysisError) -> [GroupOutcome<GrowthModelFit>] {
        let names = start.map(\.name), values = start.map(\.value)
        return try map(panel, threads: threads) { (series) throws(AnalysisError) in
            let sample = try sample(series, form: form, window: window, weighting: weighting, rateKind: rateKind)
            return try GrowthModelFitter.fit(
                formula: formula, start: Array(zip(names, values)).map { (name: $0, value: $1) }, to: sample, options: options)
        }
    }

    /// `EraComparison.run` on every group (the dataset named as the group's series). A group too short
    /// for every model of the form in every era is `tooFewObservations`, as `compare` on one series
    /// is a data error then.
    public static func comparisons(
        _ panel: LoadedPanel, form: ModelForm, window: YearWindow, splits: [Double], weighting: Weighting,
        rateKind: GrowthRateKind = .continuous, bootstrapReplicates: Int = 0, seed: UInt64 = 1, threads: Int? = nil
    ) throws(AnalysisError) -> [GroupOutcome<[FormComparison]>] {
        try map(panel, threads: threads) { (series) throws(AnalysisError) in
            let comparisons = try EraComparison.run(
                dataset: series.name, series: series, form: form, window: window, splits: splits, weighting: weighting,
                rateKind: rateKind, bootstrapReplicates: bootstrapReplicates, seed: seed, threads: 1)
            guard comparisons.contains(where: { !$0.fits.isEmpty }) else {
                let fewest = GrowthModelCatalogue.models(of: form).map { $0.parameterNames.count + 1 }.min() ?? 2
                throw .tooFewObservations(
                    sample: series.name, model: "any \(form.rawValue)-form model",
                    observations: comparisons.map(\.observations).max() ?? 0, needed: fewest)
            }
            return comparisons
        }
    }

    /// `GrowthModeSearch.search` on every group's level sample.
    public static func growthModes(
        _ panel: LoadedPanel, window: YearWindow, weighting: Weighting, maxBreaks: Int, threads: Int? = nil
    ) throws(AnalysisError) -> [GroupOutcome<GrowthModes>] {
        try map(panel, threads: threads) { (series) throws(AnalysisError) in
            try GrowthModeSearch.search(ModelSample.level(series, window: window, weighting: weighting), maxBreaks: maxBreaks)
        }
    }

    private static func sample(
        _ series: Series, form: ModelForm, window: YearWindow, weighting: Weighting, rateKind: GrowthRateKind
    ) throws(AnalysisError) -> ModelSample {
        switch form {
        case .level: try ModelSample.level(series, window: window, weighting: weighting)
        case .growth: try ModelSample.growth(series, window: window, weighting: weighting, rateKind: rateKind)
        }
    }
}
