import Foundation

/// A Monte Carlo p-value p = (1 + #{T* ≥ T}) / (B + 1) from B successful replicates, with the
/// bound it cannot go below (docs/statistics.md, "Monte Carlo p-values").
public struct MonteCarloPValue: Sendable, Equatable {
    public var value: Double
    /// B, the replicates whose refits succeeded.
    public var replicates: Int
    /// 1/(B + 1): the smallest p-value B replicates can give.
    public var floor: Double { 1 / Double(replicates + 1) }
    /// Whether no replicate reached the observed statistic (p is then only bounded, p ≤ floor).
    public var isAtFloor: Bool { value * Double(replicates + 1) <= 1 + 1e-9 }
    /// √(p(1 - p)/B), the Monte Carlo standard error of p.
    public var monteCarloStandardError: Double { (value * (1 - value) / Double(max(replicates, 1))).squareRoot() }

    public init(value: Double, replicates: Int) {
        self.value = value
        self.replicates = replicates
    }
}

/// A parametric bootstrap likelihood-ratio test, with the statistic, its reference distribution's
/// size and the failures. The simulated statistics are kept but not encoded.
public struct LikelihoodRatioBootstrapResult: Codable, Sendable {
    /// The test's name, for reports.
    public var test: String
    /// Observed LR = n ln(RSS₀/RSS₁).
    public var statistic: Double
    /// (1 + #{LR* ≥ LR}) / (1 + B_ok); nil when no replicate succeeded.
    public var pValue: Double?
    public var replicatesRequested: Int
    public var succeeded: Int
    /// Replicates where either refit threw, did not converge or gave non-finite or zero RSS.
    public var failed: Int
    public var seed: UInt64
    /// LR*_b by replicate index; nil for a failed replicate. Not encoded (empty after decoding).
    public var replicateStatistics: [Double?] = []

    /// The p-value with its floor and Monte Carlo error (nil when no replicate succeeded).
    public var monteCarloPValue: MonteCarloPValue? { pValue.map { MonteCarloPValue(value: $0, replicates: succeeded) } }
    /// 1/(1 + B_ok): the smallest p-value B_ok replicates can give.
    public var pValueFloor: Double? { monteCarloPValue?.floor }
    /// No replicate reached the observed statistic: p is then only bounded, p ≤ 1/(1 + B_ok), and
    /// more replicates are the only way to a smaller one (docs/statistics.md, "Monte Carlo p-values").
    public var pValueAtFloor: Bool? { monteCarloPValue?.isAtFloor }
    /// √(p(1 - p)/B_ok), the Monte Carlo standard error of p.
    public var monteCarloStandardError: Double? { monteCarloPValue?.monteCarloStandardError }

    enum CodingKeys: String, CodingKey {
        case test, statistic, pValue, replicatesRequested, succeeded, failed, seed
        case pValueFloor, pValueAtFloor, monteCarloStandardError
    }

    public init(
        test: String, statistic: Double, pValue: Double?, replicatesRequested: Int, succeeded: Int, failed: Int,
        seed: UInt64, replicateStatistics: [Double?] = []
    ) {
        self.test = test
        self.statistic = statistic
        self.pValue = pValue
        self.replicatesRequested = replicatesRequested
        self.succeeded = succeeded
        self.failed = failed
        self.seed = seed
        self.replicateStatistics = replicateStatistics
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            test: try container.decode(String.self, forKey: .test), statistic: try container.decode(Double.self, forKey: .statistic),
            pValue: try container.decodeIfPresent(Double.self, forKey: .pValue),
            replicatesRequested: try container.decode(Int.self, forKey: .replicatesRequested),
            succeeded: try container.decode(Int.self, forKey: .succeeded), failed: try container.decode(Int.self, forKey: .failed),
            seed: try container.decode(UInt64.self, forKey: .seed))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(test, forKey: .test)
        try container.encode(statistic, forKey: .statistic)
        try container.encodeIfPresent(pValue, forKey: .pValue)
        try container.encode(replicatesRequested, forKey: .replicatesRequested)
        try container.encode(succeeded, forKey: .succeeded)
        try container.encode(failed, forKey: .failed)
        try container.encode(seed, forKey: .seed)
        try container.encodeIfPresent(pValueFloor, forKey: .pValueFloor)
        try container.encodeIfPresent(pValueAtFloor, forKey: .pValueAtFloor)
        try container.encodeIfPresent(monteCarloStandardError, forKey: .monteCarloStandardError)
    }
}

/// Tests that need a simulated reference distribution instead of an asymptotic one.
public enum ParametricBootstrapTest {
    /// Parametric bootstrap of the Gaussian likelihood-ratio statistic LR = n ln(RSS₀/RSS₁) of a null
    /// model (0) against an alternative (1), for pairs where the chi-square reference is invalid,
    /// e.g. a null that is only a limit of the alternative (exponential vs hyperbolic growth).
    ///
    /// B responses are simulated from the fitted null, y*_i = f⁰_i + s₀ z_i / √w_i with
    /// s₀² = RSS₀/(n - p₀) (the `parametric` bootstrap scheme, seeded per replicate), both models are
    /// refitted to each, and LR*_b = n ln(RSS₀*/RSS₁*). The p-value is (1 + #{LR* ≥ LR}) / (1 + B_ok)
    /// (Davison & Hinkley 1997, eq. 4.11): it counts the observed statistic as one of the draws, so
    /// it is never 0 and the test is exact at level α when (B_ok + 1)α is an integer. A replicate
    /// counts only if both refits succeed; failures are reported, never silently dropped. LR* can
    /// be negative when the alternative's refit stops at a worse optimum than the null's: it is kept
    /// as computed (the alternative's solver is part of the statistic).
    ///
    /// - Parameters:
    ///   - null: the null fit (its estimate gives p₀; its residuals give RSS₀ = Σ w r²).
    ///   - alternativeRSS: RSS₁ of the alternative fitted to the observed data.
    ///   - refitNull, refitAlternative: one refit closure per model per worker thread.
    public static func likelihoodRatio(
        null: BootstrapInput, alternativeRSS: Double, replicates: Int, seed: UInt64, threads: Int? = nil,
        refitNull: RefitFactory, refitAlternative: RefitFactory
    ) throws(FittingError) -> LikelihoodRatioBootstrapResult {
        guard replicates >= 1 else { throw .invalidArgument("the bootstrap test needs at least 1 replicate, got \(replicates)") }
        guard replicates <= Bootstrap.maximumReplicates else {
            throw .invalidArgument("the bootstrap test runs at most \(Bootstrap.maximumReplicates) replicates, got \(replicates)")
        }
        let n = null.observationCount, p0 = null.parameterCount
        var nullRSS = 0.0
        for i in 0..<n { nullRSS += (null.weights?[i] ?? 1) * null.residuals[i] * null.residuals[i] }
        guard nullRSS > 0, alternativeRSS > 0, alternativeRSS.isFinite else {
            throw .invalidArgument("likelihood ratio needs positive, finite RSS (null \(nullRSS), alternative \(alternativeRSS))")
        }
        let observed = Double(n) * Foundation.log(nullRSS / alternativeRSS)
        let resampler = try BootstrapResampler(input: null, scheme: .parametric, seed: seed, blockLength: nil)
        let threadCount = try ParallelReplicates.threadCount(requested: threads, replicates: replicates)

        let statistics = try ParallelReplicates.run(count: replicates, threads: threadCount) {
            let fitNull = try refitNull(), fitAlternative = try refitAlternative()
            var response = [Double](repeating: 0, count: n)
            return { (index: Int) -> Double? in
                resampler.fill(&response, replicate: index)
                guard let r0 = try? fitNull(response), r0.isUsable(parameterCount: p0),
                      let r1 = try? fitAlternative(response), r1.converged, r1.rss.isFinite,
                      r1.parameters.allSatisfy(\.isFinite), r0.rss > 0, r1.rss > 0
                else { return nil }
                return Double(n) * Foundation.log(r0.rss / r1.rss)
            }
        }
        let successful = statistics.compactMap { $0 }
        let exceed = successful.lazy.filter { $0 >= observed }.count
        return LikelihoodRatioBootstrapResult(
            test: "parametric bootstrap likelihood ratio", statistic: observed,
            pValue: successful.isEmpty ? nil : Double(1 + exceed) / Double(1 + successful.count),
            replicatesRequested: replicates, succeeded: successful.count, failed: replicates - successful.count,
            seed: seed, replicateStatistics: statistics)
    }
}
