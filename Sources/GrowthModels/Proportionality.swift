import Foundation
import Fitting

/// Kremer's (1993) hypothesis tested where it is stated: is the growth rate proportional to the
/// level, g = s y^B with B = 1, or constant, B = 0? B of the power law, its profile-likelihood
/// interval, and likelihood-ratio tests of both restrictions, each against the power law in which
/// it is nested (constant growth g = c at B = 0, proportional growth g = s y at B = 1).
///
/// The interval is {B : n ln(RSS(B)/RSS_min) ≤ χ²₁(level)} with RSS(B) minimised over s
/// (docs/statistics.md, "Proportional growth"), and the LR statistics are n ln(RSS_r/RSS_u) on the
/// same deviance scale, so "B = 1 is not rejected at 5%" holds exactly when 1 lies in the 95%
/// interval (up to the interval's root-finding tolerance). The F tests of the same restrictions sit
/// with the other nested tests (`FormComparison.nestedTests`).
public struct ProportionalityTest: Encodable, Equatable, Sendable {
    /// How B sits against 0 and 1 at the test's level.
    public enum Reading: String, Codable, Equatable, Sendable, CaseIterable {
        /// B = 1 not rejected, B = 0 rejected: growth proportional to the level (Kremer 1993).
        case proportional
        /// B = 0 not rejected, B = 1 rejected: constant growth within the era.
        case constant
        /// Both rejected with 0 < B < 1: growth rises with the level, less than proportionally.
        case risingLessThanProportionally = "rising_less_than_proportionally"
        /// Both rejected with B > 1: growth rises faster than the level.
        case risingMoreThanProportionally = "rising_more_than_proportionally"
        /// Both rejected with B < 0: growth falls as the level rises.
        case falling
        /// Neither rejected: the data cannot tell constant from proportional growth.
        case indeterminate
    }

    /// B of g = s y^B.
    public var exponent: Double
    /// Its delta-method standard error.
    public var standardError: Double
    /// The profile-likelihood interval of B at `confidenceLevel`; nil ends are open (the profile
    /// never rose far enough on that side).
    public var lower: Double?
    public var upper: Double?
    public var confidenceLevel: Double
    /// LR test of B = 0 (constant growth nested in power growth).
    public var constantGrowthTest: TestResult
    /// LR test of B = 1 (proportional growth nested in power growth).
    public var proportionalGrowthTest: TestResult
    /// The level at which the two tests reject (1 - confidenceLevel).
    public var significanceLevel: Double { 1 - confidenceLevel }
    public var reading: Reading

    /// - Returns: nil unless power growth, constant growth and proportional growth all converged.
    /// - Throws: when the tests or the profile cannot be computed.
    /// - Parameter interval: whether to compute the profile interval (the reading does not use it;
    ///   without it `lower` and `upper` are nil).
    static func of(
        _ fits: [GrowthModelFit], confidenceLevel: Double = 0.95, interval computesInterval: Bool = true
    ) throws(AnalysisError) -> ProportionalityTest? {
        guard let power = fits.converged(.powerGrowth), let constant = fits.converged(.constantGrowth),
              let proportional = fits.converged(.proportionalGrowth)
        else { return nil }
        let b = PowerGrowthModel.Parameters(power.fit.parameters).B
        let interval = computesInterval
            ? try GrowthModelUncertainty.profile(power, confidenceLevel: confidenceLevel).first { $0.parameter == "B" } : nil
        let zero: TestResult, one: TestResult
        do {
            zero = try likelihoodRatioTest(restricted: constant.fit, unrestricted: power.fit)
            one = try likelihoodRatioTest(restricted: proportional.fit, unrestricted: power.fit)
        } catch {
            throw .fitting(context: "tests of B = 0 and B = 1 on \(power.sample.label)", error: error)
        }
        let α = 1 - confidenceLevel
        let reading: Reading = switch (zero.pValue < α, one.pValue < α) {
        case (true, false): .proportional
        case (false, true): .constant
        case (false, false): .indeterminate
        case (true, true): b > 1 ? .risingMoreThanProportionally : b > 0 ? .risingLessThanProportionally : .falling
        }
        var result = ProportionalityTest(
            exponent: b, standardError: power.fit.standardErrors[1], lower: interval?.lower, upper: interval?.upper,
            confidenceLevel: confidenceLevel, constantGrowthTest: zero, proportionalGrowthTest: one, reading: reading)
        result.constantGrowthTest.name = "LR test of B = 0 (constant-growth in power-growth)"
        result.proportionalGrowthTest.name = "LR test of B = 1 (proportional-growth in power-growth)"
        return result
    }
}
