import Foundation

/// The outcome of a hypothesis test: its name, the statistic, the degrees of freedom of the
/// reference distribution, and the p-value. Never a p-value alone (docs/statistics.md).
public struct TestResult: Codable, Equatable, Sendable {
    /// e.g. "likelihood-ratio", "F", "Vuong (AIC-corrected)".
    public var name: String
    public var statistic: Double
    /// One entry for chi-square (q), two for F (q, n - p_u), none for a standard normal reference.
    public var degreesOfFreedom: [Int]
    public var pValue: Double

    public init(name: String, statistic: Double, degreesOfFreedom: [Int], pValue: Double) {
        self.name = name
        self.statistic = statistic
        self.degreesOfFreedom = degreesOfFreedom
        self.pValue = pValue
    }
}

/// Likelihood-ratio test of a restricted least-squares model nested in an unrestricted one, with
/// q = p_u - p_r restrictions: LR = n ln(RSS_r / RSS_u), referred to χ²(q) (the Gaussian profile
/// likelihood at σ² = RSS/n; Wilks 1938). Valid only when the restricted model is an interior
/// special case of the unrestricted one (not for a limit such as exponential inside hyperbolic
/// growth: see docs/statistics.md, and use a parametric bootstrap or Vuong's test there).
///
/// Checked here: the same observations and weights, p_r < p_u, and RSS_r ≥ RSS_u. A restricted
/// RSS clearly below the unrestricted one (relative 1e-10) means the unrestricted fit stopped
/// short of its optimum or the models are not nested, and is an error; a difference within that
/// rounding gives LR = 0. Nesting itself cannot be checked from two results: the caller vouches.
public func likelihoodRatioTest(restricted: FitResult, unrestricted: FitResult) throws(FittingError) -> TestResult {
    let q = try nestedRestrictions(restricted, unrestricted)
    let statistic = Double(restricted.n) * log(max(restricted.rss, unrestricted.rss) / unrestricted.rss)
    return TestResult(
        name: "likelihood-ratio", statistic: statistic, degreesOfFreedom: [q],
        pValue: ChiSquaredDistribution(degreesOfFreedom: Double(q)).survival(statistic))
}

/// F test of a restricted least-squares model nested in an unrestricted one:
/// F = ((RSS_r - RSS_u)/q) / (RSS_u/(n - p_u)), referred to F(q, n - p_u). Exact for linear models
/// with Gaussian errors, approximate for nonlinear ones. Preconditions as `likelihoodRatioTest`.
public func fTest(restricted: FitResult, unrestricted: FitResult) throws(FittingError) -> TestResult {
    let q = try nestedRestrictions(restricted, unrestricted)
    let residualDF = unrestricted.degreesOfFreedom
    let statistic = (max(restricted.rss - unrestricted.rss, 0) / Double(q)) / (unrestricted.rss / Double(residualDF))
    return TestResult(
        name: "F", statistic: statistic, degreesOfFreedom: [q, residualDF],
        pValue: FDistribution(numeratorDegreesOfFreedom: Double(q), denominatorDegreesOfFreedom: Double(residualDF))
            .survival(statistic))
}

/// q = p_u - p_r after checking what two results can show about nesting.
private func nestedRestrictions(_ restricted: FitResult, _ unrestricted: FitResult) throws(FittingError) -> Int {
    try requireSameObservations([restricted, unrestricted])
    guard restricted.weights == unrestricted.weights else {
        throw .invalidArgument("nested tests need the same weights in both fits")
    }
    let q = unrestricted.p - restricted.p
    guard q > 0 else {
        throw .invalidArgument(
            "'\(restricted.model)' (\(restricted.p) parameters) is not nested in '\(unrestricted.model)' "
                + "(\(unrestricted.p) parameters): the restricted model must have fewer")
    }
    guard unrestricted.degreesOfFreedom > 0 else {
        throw .tooFewObservations(observations: unrestricted.n, parameters: unrestricted.p)
    }
    guard restricted.rss.isFinite, unrestricted.rss.isFinite, unrestricted.rss > 0 else {
        throw .invalidArgument("nested tests need finite RSS and a positive unrestricted RSS")
    }
    guard restricted.rss >= unrestricted.rss * (1 - 1e-10) else {
        throw .invalidArgument(
            "the restricted RSS (\(restricted.rss)) is below the unrestricted RSS (\(unrestricted.rss)): "
                + "the unrestricted fit is not at its optimum, or the models are not nested")
    }
    return q
}

/// Vuong's (1989) test of two non-nested models of the same observations.
public struct VuongTest: Codable, Equatable, Sendable {
    /// The penalty c subtracted from Σ l_i.
    public enum Correction: String, Codable, Sendable, CaseIterable {
        /// c = 0.
        case none
        /// c = K₁ - K₂ (Akaike's penalty).
        case aic
        /// c = (K₁ - K₂) ln(n) / 2 (Schwarz's penalty).
        case bic
    }

    /// statistic z, no degrees of freedom (standard normal reference), two-sided p-value.
    public var test: TestResult
    public var correction: Correction
    /// The model the sign of z favours (model 1 when z > 0, model 2 when z < 0); nil when z = 0.
    /// Whether the preference is significant is the p-value's business.
    public var favouredModel: String?
    /// Step 1 of Vuong's procedure, the test of ω² = 0 (`VuongVarianceTest`), when the caller gave
    /// the Jacobians it needs (`withVarianceTest`).
    public var varianceTest: VuongVarianceTest?
    /// True when the variance test does not reject ω² = 0: the models are indistinguishable on these
    /// data and z is not to be read; nil without a variance test.
    public var indistinguishable: Bool?

    /// This test with Vuong's variance pre-test attached.
    public func withVarianceTest(_ variance: VuongVarianceTest) -> VuongTest {
        var copy = self
        copy.varianceTest = variance
        copy.indistinguishable = !variance.distinguishable
        return copy
    }

    /// Pointwise log-likelihood ratios l_i = ln f₁(y_i) - ln f₂(y_i), each f_m Gaussian at model m's
    /// maximum-likelihood variance σ_m² = RSS_m/n:
    ///
    ///     ln f_m(y_i) = -½ ln(2π σ_m² / w_i) - w_i r_{m,i}² / (2 σ_m²)
    ///
    /// (weights w_i mean Var(y_i) = σ²/w_i, all 1 when unweighted; summed over i this is exactly the
    /// lnL of `InformationCriteria`, so Σ l_i = lnL₁ - lnL₂). Then
    ///
    ///     z = (Σ l_i - c) / (√n · ω),   ω² = (1/n) Σ l_i² - ((1/n) Σ l_i)²
    ///
    /// (ω with divisor n, as Vuong 1989 eq. 4.2), referred to N(0, 1); p = 2 P(Z > |z|).
    /// K counts the error variance in both models, so K₁ - K₂ = p₁ - p₂.
    ///
    /// Throws when the fits are not of the same observations, or when every l_i is equal (ω = 0,
    /// e.g. identical fits), where the statistic does not exist.
    public init(_ model1: FitResult, _ model2: FitResult, correction: Correction = .none) throws(FittingError) {
        try requireSameObservations([model1, model2])
        let n = Double(model1.n)
        func pointwise(_ fit: FitResult) -> [Double] {
            let variance = fit.rss / n
            return fit.residuals.indices.map { i in
                let w = fit.weights?[i] ?? 1
                return -0.5 * log(2 * Double.pi * variance / w) - w * fit.residuals[i] * fit.residuals[i] / (2 * variance)
            }
        }
        let l = zip(pointwise(model1), pointwise(model2)).map(-)
        let mean = l.reduce(0, +) / n
        let omega = (l.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
        guard omega > 0, omega.isFinite else {
            throw .invalidArgument("Vuong's test is undefined: the pointwise log-likelihood ratios of "
                + "'\(model1.model)' and '\(model2.model)' do not vary (identical or exact fits?)")
        }
        let parameterDifference = Double(model1.criteria.k - model2.criteria.k)
        let c: Double
        switch correction {
        case .none: c = 0
        case .aic: c = parameterDifference
        case .bic: c = parameterDifference * log(n) / 2
        }
        let z = (mean * n - c) / (n.squareRoot() * omega)
        let name = switch correction {
        case .none: "Vuong"
        case .aic: "Vuong (AIC-corrected)"
        case .bic: "Vuong (BIC-corrected)"
        }
        test = TestResult(
            name: name, statistic: z, degreesOfFreedom: [],
            pValue: 2 * StandardNormalDistribution().survival(abs(z)))
        self.correction = correction
        favouredModel = z > 0 ? model1.model : z < 0 ? model2.model : nil
    }
}
