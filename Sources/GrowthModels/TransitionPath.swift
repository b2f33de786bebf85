import Foundation
import Fitting

/// The phase-transition reading with its transitions fixed in advance rather than searched for: a
/// continuous piecewise-exponential path with breaks at a Neolithic and an Industrial year (by
/// default 3000 BCE and 1760),
///
///     ln y = a + r t + c₁ (t - b₁)₊ + c₂ (t - b₂)₊,
///
/// so the level is continuous at each break and a break costs one slope change, not a new level
/// and a searched year. Linear in (a, r, c₁, c₂): solved directly by QR. K = 5 (four mean
/// parameters and the error variance), the same count as the free hyperbola plus one, and no
/// search to charge for, so BIC compares the two fairly (docs/statistics.md, "Tests").
public struct TransitionPathFit: Encodable, Sendable {
    /// The fixed break years.
    public var breakYears: [Double]
    /// Growth rate per year in each phase: r, r + c₁, r + c₁ + c₂.
    public var phaseGrowthRates: [Double]
    public var fit: FitResult

    /// The default transitions: the Neolithic and the Industrial Revolution.
    public static let defaultBreakYears: [Double] = [-3000, 1760]

    /// Fits the path to a level sample; nil when a break year does not lie strictly inside the
    /// sample's years (its hinge would have no data on one side) or the sample is too small.
    static func fit(_ sample: ModelSample, breakYears: [Double]) throws(AnalysisError) -> TransitionPathFit? {
        let breaks = breakYears.sorted()
        guard sample.form == .level, let first = sample.years.first, let last = sample.years.last,
              breaks.allSatisfy({ $0 > first && $0 < last }), sample.count > breaks.count + 3
        else { return nil }
        var columns: [[Double]] = [.ones(sample.count), sample.years]
        for b in breaks { columns.append(sample.years.map { max($0 - b, 0) }) }
        let names = ["a", "r"] + breaks.indices.map { "c\($0 + 1)" }
        let result: FitResult
        do {
            result = try fitLinear(
                design: DesignMatrix(columns: columns), response: sample.response, weights: sample.weights,
                parameterNames: names, model: "transition path")
        } catch {
            throw .fitting(context: "the transition path on \(sample.label)", error: error)
        }
        var rates: [Double] = [result.parameters[1]]
        for j in breaks.indices { rates.append(rates[j] + result.parameters[2 + j]) }
        return TransitionPathFit(breakYears: breaks, phaseGrowthRates: rates, fit: result)
    }
}
