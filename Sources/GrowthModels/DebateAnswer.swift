import Foundation
import Fitting

/// The hypothesis test's answer to the debate's question for one series, as values: is growth
/// proportional to the level within the pre-modern era, across eras (the whole window), or
/// neither; which reading of the long run the data prefer, by how much; and what to be wary of.
public struct DebateAnswer: Encodable, Sendable {
    /// What weakens the answer.
    public enum Caveat: String, Encodable, Sendable {
        /// The pre-modern growth era has too few observations to grade (`FormComparison.isGradable`).
        case preModernTooFewToGrade = "pre_modern_too_few_to_grade"
        /// A level-form bootstrap p-value sits at its floor 1/(B+1): only bounded.
        case bootstrapPValueAtFloor = "bootstrap_p_value_at_floor"
        /// The pre-modern era has no proportionality test (a law did not converge, or too few data).
        case preModernUntested = "pre_modern_untested"
    }

    public var dataset: String
    public var measure: Measure
    /// How B sits against 0 and 1 before the split year (nil: not graded or not tested).
    public var preModern: ProportionalityTest.Reading?
    public var preModernExponent: Double?
    /// ... and over the whole window, across eras.
    public var acrossEras: ProportionalityTest.Reading?
    public var acrossErasExponent: Double?
    /// Stable dynamics (one hyperbola) or a phase transition, judged against the fair rival: the
    /// continuous path with exactly found break years, their number chosen by the modified BIC.
    public var longRun: StableVersusPhase.Reading?
    /// |ΔBIC| behind `longRun`, and the rival it was judged against.
    public var longRunMargin: Double?
    public var longRunRival: StableVersusPhase.RivalKind?
    /// The rival's break count, and whether the verdict changes with the cap on breaks (some cap from
    /// 1 up gives the other reading).
    public var longRunBreakCount: Int?
    public var longRunDependsOnCap: Bool = false
    public var caveats: [Caveat]

    init(_ result: HypothesisTestResult, measure: Measure) {
        dataset = result.dataset
        self.measure = measure
        let preModern = result.comparison(.growth, in: .preModern)
        let whole = result.comparison(.growth, in: .wholeWindow)
        var caveats: [Caveat] = []
        if let preModern, !preModern.isGradable, preModern.proportionality != nil {
            caveats.append(.preModernTooFewToGrade)
        } else if let test = preModern?.proportionality {
            self.preModern = test.reading
            preModernExponent = test.exponent
        } else {
            caveats.append(.preModernUntested)
        }
        if let test = whole?.proportionality, whole?.isGradable == true {
            acrossEras = test.reading
            acrossErasExponent = test.exponent
        }
        if let stable = result.stableVersusPhase {
            longRun = stable.preferred
            longRunMargin = abs(stable.deltaBIC)
            longRunRival = stable.rival.kind
            longRunBreakCount = stable.rival.breakYears.count
            longRunDependsOnCap = stable.capSensitivity.contains { $0.cap >= 1 && ($0.deltaBIC > 0) != (stable.deltaBIC > 0) }
        }
        if result.level.contains(where: { $0.bootstrap?.pValueAtFloor == true }) { caveats.append(.bootstrapPValueAtFloor) }
        self.caveats = caveats
    }
}

extension HypothesisTest {
    /// The debate's answer for each result, in order (`measures` by dataset name).
    public static func answers(_ results: [HypothesisTestResult], measures: [String: Measure]) -> [DebateAnswer] {
        results.map { DebateAnswer($0, measure: measures[$0.dataset] ?? .other) }
    }
}
