import Foundation

/// How bootstrap responses y* are generated from a fit (f_i fitted values, r_i = y_i - f_i
/// residuals, w_i weights, n observations, p parameters).
///
/// Weighted fits assume Var y_i = σ²/w_i, so residuals are first put on a common scale,
/// e_i = √w_i r_i, and resampled values are divided by √w_i again.
public enum BootstrapScheme: String, Codable, Sendable, CaseIterable {
    /// y*_i = f_i + ẽ_J / √w_i with J uniform on 1…n (model-based resampling, Davison & Hinkley
    /// 1997 Alg. 6.1 and §6.2.3): ẽ_i = (e_i - ē) √(n/(n-p)) are centred and rescaled, so their
    /// variance is RSS/(n-p) = s² rather than the smaller RSS/n of fitted residuals.
    case residual
    /// y*_i = f_i + s z_i / √w_i, z_i ~ N(0, 1), s² = RSS/(n - p): simulation from the fitted
    /// Gaussian model (Davison & Hinkley 1997 §2.2, Efron & Tibshirani 1993 §6.5).
    case parametric
    /// As `residual`, but the ẽ_i, in observation order, are resampled in overlapping blocks of
    /// length L (Künsch 1989, Ann. Stat. 17(3)): ⌈n/L⌉ block starts uniform on 1…n-L+1, blocks
    /// laid end to end and cut to n. Keeps serial correlation shorter than L. Default
    /// L = ⌈n^(1/3)⌉, the order of the mean-squared-error-optimal block length for variance and
    /// distribution estimation (Hall, Horowitz & Jing 1995, Biometrika 82(3)); for strongly
    /// correlated residuals a longer block is better.
    case movingBlock = "moving-block"
}

/// What the bootstrap needs from the original fit.
public struct BootstrapInput: Sendable {
    public var parameterNames: [String]
    /// θ̂, the estimate being assessed.
    public var estimate: [Double]
    /// f_i, fitted values at θ̂.
    public var fitted: [Double]
    /// r_i = y_i - f_i, unweighted.
    public var residuals: [Double]
    /// w_i, or nil for an unweighted fit.
    public var weights: [Double]?
    /// p, the number of parameters the model estimated: the degrees of freedom n - p of s² and of
    /// the residuals' rescaling. Equal to `estimate.count` unless the estimate also carries derived
    /// quantities (functions of the parameters, which cost no degree of freedom).
    public var modelParameterCount: Int

    public var observationCount: Int { fitted.count }
    /// How many quantities each replicate reports and the summaries cover.
    public var parameterCount: Int { estimate.count }

    /// - Parameter modelParameterCount: p when `estimate` holds more than the model's parameters
    ///   (its first p entries are the parameters, the rest derived quantities); nil means all of it.
    public init(
        parameterNames: [String], estimate: [Double], fitted: [Double], residuals: [Double], weights: [Double]? = nil,
        modelParameterCount: Int? = nil
    ) throws(FittingError) {
        let n = fitted.count, p = modelParameterCount ?? estimate.count
        guard (1...max(estimate.count, 1)).contains(p) else {
            throw .invalidArgument("model parameter count \(p) must be between 1 and the \(estimate.count) quantities")
        }
        guard parameterNames.count == estimate.count else {
            throw .dimensionMismatch("\(parameterNames.count) names for \(estimate.count) quantities")
        }
        guard residuals.count == n else { throw .dimensionMismatch("\(residuals.count) residuals for \(n) fitted values") }
        if let weights, weights.count != n { throw .dimensionMismatch("\(weights.count) weights for \(n) observations") }
        guard n > p else { throw .tooFewObservations(observations: n, parameters: p) }
        if let i = estimate.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteData(what: "parameter estimate", index: i) }
        if let i = fitted.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteData(what: "fitted value", index: i) }
        if let i = residuals.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteData(what: "residual", index: i) }
        if let weights {
            if let i = weights.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteData(what: "weight", index: i) }
            if let i = weights.firstIndex(where: { $0 <= 0 }) { throw .nonPositiveWeight(index: i, value: weights[i]) }
        }
        self.parameterNames = parameterNames
        self.estimate = estimate
        self.fitted = fitted
        self.residuals = residuals
        self.weights = weights
        self.modelParameterCount = p
    }

    public init(fit: FitResult) throws(FittingError) {
        try self.init(
            parameterNames: fit.parameterNames, estimate: fit.parameters, fitted: fit.fitted,
            residuals: fit.residuals, weights: fit.weights)
    }
}

public struct BootstrapOptions: Sendable {
    public var scheme: BootstrapScheme
    /// B, the number of replicates requested (at least 2).
    public var replicates: Int
    /// Replicate b draws from `Xoshiro256StarStar(seed: seed, stream: b)`.
    public var seed: UInt64
    /// Two-sided confidence level, in (0, 1).
    public var confidenceLevel: Double
    /// Interval types to compute; `.bca` also needs an acceleration source passed to `Bootstrap.run`.
    public var intervals: [BootstrapIntervalType]
    /// L for the moving-block scheme; nil means ⌈n^(1/3)⌉. Ignored by the other schemes.
    public var blockLength: Int?
    /// Worker threads; nil means every active core. Does not change the numbers.
    public var threads: Int?

    public init(
        scheme: BootstrapScheme = .residual, replicates: Int = 1000, seed: UInt64,
        confidenceLevel: Double = 0.95, intervals: [BootstrapIntervalType] = [.percentile, .basic],
        blockLength: Int? = nil, threads: Int? = nil
    ) {
        self.scheme = scheme
        self.replicates = replicates
        self.seed = seed
        self.confidenceLevel = confidenceLevel
        self.intervals = intervals
        self.blockLength = blockLength
        self.threads = threads
    }
}

/// Where BCa's acceleration comes from.
public enum BootstrapAcceleration {
    /// The jackknife: the closure refits with observation i (0-based) left out, for i in 0..<n.
    /// Failed leave-one-out refits are left out of the sums and counted.
    case jackknife(leaveOneOut: (Int) throws -> Refit)
    /// Empirical influence values, one row of p values per observation (e.g. from
    /// `leastSquaresInfluence`); no refits needed.
    case influence([[Double]])

    /// Empirical influence of least-squares estimates, l_i = (JᵀWJ)⁻¹ J_iᵀ w_i r_i up to a positive
    /// factor per parameter (the exact influence is n(JᵀWJ)⁻¹J_iᵀw_i r_i; the acceleration does not
    /// depend on the factor). Davison & Hinkley 1997 §6.2 derive it for linear regression; for a
    /// nonlinear model it is the same expression at the solution's Jacobian.
    /// - Parameters:
    ///   - jacobian: ∂f_i/∂θ_j at θ̂, row-major n × p (e.g. `model.jacobian(at:)`).
    ///   - covariance: the fit's covariance, s²(JᵀWJ)⁻¹ (its scale s² does not matter).
    public static func leastSquaresInfluence(
        jacobian: [Double], residuals: [Double], weights: [Double]?, covariance: SquareMatrix
    ) throws(FittingError) -> [[Double]] {
        let n = residuals.count, p = covariance.dimension
        guard jacobian.count == n * p else { throw .dimensionMismatch("Jacobian has \(jacobian.count) entries, expected \(n) × \(p)") }
        if let weights, weights.count != n { throw .dimensionMismatch("\(weights.count) weights for \(n) residuals") }
        return (0..<n).map { i in
            let scale = (weights?[i] ?? 1) * residuals[i]
            return (0..<p).map { j in (0..<p).reduce(0.0) { $0 + covariance[j, $1] * jacobian[i * p + $1] } * scale }
        }
    }
}

/// The bootstrap summary of one parameter.
public struct BootstrapParameterSummary: Codable, Equatable, Sendable {
    public var name: String
    /// θ̂ from the original fit.
    public var estimate: Double
    /// Mean of the successful replicates, and bias = mean - θ̂; nil without successful replicates.
    public var mean: Double?
    public var bias: Double?
    /// Standard deviation of the successful replicates (divisor B_ok - 1); nil with fewer than 2.
    public var standardError: Double?
    /// BCa's acceleration a, where BCa was requested and a is defined.
    public var acceleration: Double?
    public var intervals: [BootstrapInterval]
}

/// A bootstrap run: what was done, how many refits failed, and the per-parameter summaries.
/// The replicate estimates are kept (`replicateParameters`) but not encoded: they are B × p numbers.
public struct BootstrapResult: Codable, Sendable {
    public var scheme: BootstrapScheme
    /// L, for the moving-block scheme.
    public var blockLength: Int?
    public var replicatesRequested: Int
    public var succeeded: Int
    /// Refits that threw, did not converge, or returned non-finite values; excluded from everything.
    public var failed: Int
    public var seed: UInt64
    public var confidenceLevel: Double
    public var intervalTypes: [BootstrapIntervalType]
    /// Leave-one-out refits that failed, when BCa used the jackknife.
    public var jackknifeFailures: Int?
    public var parameters: [BootstrapParameterSummary]
    /// θ*_b, replicate after replicate in one flat array (B × p, row-major): 8 bytes per replicate
    /// and quantity, no array per replicate. A failed refit's row is NaN (a usable refit is finite
    /// throughout). Not encoded (empty after decoding).
    public var replicateValues: [Double] = []

    /// θ*_b by replicate index b; nil for a failed refit. Built from `replicateValues` on each
    /// access (empty after decoding).
    public var replicateParameters: [[Double]?] {
        let p = parameters.count
        guard p > 0 else { return [] }
        return stride(from: 0, to: replicateValues.count, by: p).map { start in
            replicateValues[start].isNaN ? nil : Array(replicateValues[start..<(start + p)])
        }
    }

    enum CodingKeys: String, CodingKey {
        case scheme, blockLength, replicatesRequested, succeeded, failed, seed, confidenceLevel, intervalTypes
        case jackknifeFailures, parameters
    }
}

/// Makes bootstrap responses, replicate by replicate, each from its own random stream.
struct BootstrapResampler: Sendable {
    let scheme: BootstrapScheme
    let seed: UInt64
    private(set) var fitted: [Double]
    /// 1/√w_i (all 1 when unweighted).
    private(set) var inverseRootWeights: [Double]
    /// ẽ_i (residual and moving-block schemes).
    private(set) var scaledResiduals: [Double]
    /// s = √(RSS/(n - p)) (parametric scheme).
    let residualStandardDeviation: Double
    let blockLength: Int

    init(input: BootstrapInput, scheme: BootstrapScheme, seed: UInt64, blockLength: Int?) throws(FittingError) {
        let n = input.observationCount, p = input.modelParameterCount
        let rootWeights = input.weights.map { $0.map { $0.squareRoot() } } ?? Array(repeating: 1, count: n)
        let standardised = zip(input.residuals, rootWeights).map { $0 * $1 }
        let mean = standardised.reduce(0, +) / Double(n)
        let rescale = (Double(n) / Double(n - p)).squareRoot()
        let length = blockLength ?? Int(Foundation.cbrt(Double(n)).rounded(.up))
        guard (1...n).contains(length) else { throw .invalidArgument("block length must be in 1…\(n), got \(length)") }
        self.scheme = scheme
        self.seed = seed
        self.fitted = input.fitted
        self.inverseRootWeights = rootWeights.map { 1 / $0 }
        self.scaledResiduals = standardised.map { ($0 - mean) * rescale }
        self.residualStandardDeviation = (standardised.reduce(0) { $0 + $1 * $1 } / Double(n - p)).squareRoot()
        self.blockLength = length
    }

    /// The same resampler with arrays of its own, for one worker thread (`Array.threadLocalCopy`).
    func threadLocalCopy() -> BootstrapResampler {
        var copy = self
        copy.fitted = fitted.threadLocalCopy()
        copy.inverseRootWeights = inverseRootWeights.threadLocalCopy()
        copy.scaledResiduals = scaledResiduals.threadLocalCopy()
        return copy
    }

    /// Writes y* for replicate `index` into `response` (count n). Depends only on (seed, index).
    func fill(_ response: inout [Double], replicate index: Int) {
        var generator = Xoshiro256StarStar(seed: seed, stream: UInt64(index))
        let n = fitted.count
        switch scheme {
        case .residual:
            for i in 0..<n {
                response[i] = fitted[i] + scaledResiduals[generator.nextIndex(below: n)] * inverseRootWeights[i]
            }
        case .parametric:
            var normal = StandardNormalSampler()
            for i in 0..<n {
                response[i] = fitted[i] + residualStandardDeviation * normal.next(using: &generator) * inverseRootWeights[i]
            }
        case .movingBlock:
            var i = 0
            while i < n {
                let start = generator.nextIndex(below: n - blockLength + 1)
                for offset in 0..<min(blockLength, n - i) {
                    response[i] = fitted[i] + scaledResiduals[start + offset] * inverseRootWeights[i]
                    i += 1
                }
            }
        }
    }
}

public enum Bootstrap {
    /// The most replicates a bootstrap (or a bootstrap test) runs: 1,000,000.
    ///
    /// Why a maximum rather than a bounded-memory quantile method: percentile, basic and BCa
    /// intervals need exact quantiles of each quantity's replicates, i.e. all of them, sorted; a
    /// streaming estimator (P², t-digest) would make the intervals approximate and no longer the
    /// numbers numpy computes from the same replicates. The exact method costs 8 bytes per replicate
    /// and quantity, kept in one flat array (`replicateValues`), plus one sorted copy of one quantity
    /// at a time per summarising thread. At 10^6 replicates the Monte Carlo error of a 2.5% quantile,
    /// √(q(1-q)/B) / f(x_q), is about 0.0003 standard deviations for a normal statistic: far below
    /// any sampling uncertainty the interval reports, so more replicates would buy nothing while a
    /// mistyped 10^9 would take gigabytes (issue 14).
    public static let maximumReplicates = 1_000_000

    /// Runs the bootstrap: B responses y*_b from the fit (see `BootstrapScheme`), each refitted by a
    /// closure from `refitFactory` (one per worker thread), then the bootstrap standard error and
    /// the requested intervals per parameter from the successful refits.
    ///
    /// Replicate b depends only on (seed, b) and results are stored by b, so a seed gives the same
    /// numbers, bit for bit, whatever the thread count. A refit that throws, does not converge or
    /// returns non-finite values is a failure: counted in `failed`, left out of every summary.
    ///
    /// - Parameter acceleration: required when `options.intervals` contains `.bca`.
    public static func run(
        _ input: BootstrapInput, options: BootstrapOptions, acceleration: BootstrapAcceleration? = nil,
        refitFactory: RefitFactory
    ) throws(FittingError) -> BootstrapResult {
        guard options.replicates >= 2 else { throw .invalidArgument("bootstrap needs at least 2 replicates, got \(options.replicates)") }
        guard options.replicates <= maximumReplicates else {
            throw .invalidArgument("bootstrap runs at most \(maximumReplicates) replicates, got \(options.replicates)")
        }
        guard options.confidenceLevel > 0, options.confidenceLevel < 1 else {
            throw .invalidArgument("confidence level must be between 0 and 1, got \(options.confidenceLevel)")
        }
        if options.intervals.contains(.bca), acceleration == nil {
            throw .invalidArgument("BCa intervals need an acceleration (jackknife or influence values)")
        }
        let resampler = try BootstrapResampler(
            input: input, scheme: options.scheme, seed: options.seed, blockLength: options.blockLength)
        let p = input.parameterCount, n = input.observationCount
        let threads = try ParallelReplicates.threadCount(requested: options.threads, replicates: options.replicates)

        // One flat B × p array, a failed replicate's row NaN (a usable refit is finite throughout).
        let rows = try ParallelReplicates.runRows(count: options.replicates, width: p, threads: threads) {
            let refit = try refitFactory()
            let resampler = resampler.threadLocalCopy()
            var response = [Double](repeating: 0, count: n)
            return { (index: Int, row: UnsafeMutableBufferPointer<Double>) -> Bool in
                resampler.fill(&response, replicate: index)
                guard let result = try? refit(response), result.isUsable(parameterCount: p) else { return false }
                for j in 0..<p { row[j] = result.parameters[j] }
                return true
            }
        }

        let (accelerations, jackknifeFailures) = try accelerationValues(
            acceleration, input: input, wanted: options.intervals.contains(.bca))
        let succeeded = p == 0 ? options.replicates : stride(from: 0, to: rows.count, by: p).lazy.filter { !rows[$0].isNaN }.count
        // Each parameter's summary sorts all its replicate values: with refits of ~10 µs that is a
        // tenth of the work, so the parameters are summarised on the worker threads too, each
        // taking its parameter's column out of the flat array only while it summarises it.
        let summaries = try ParallelReplicates.run(count: p, threads: min(threads, max(p, 1))) {
            { j in
                var column: [Double] = []
                column.reserveCapacity(succeeded)
                for b in 0..<options.replicates where !rows[b * p].isNaN { column.append(rows[b * p + j]) }
                return summary(
                    name: input.parameterNames[j], estimate: input.estimate[j], replicates: column,
                    options: options, acceleration: accelerations?[j])
            }
        }.compactMap { $0 }
        return BootstrapResult(
            scheme: options.scheme, blockLength: options.scheme == .movingBlock ? resampler.blockLength : nil,
            replicatesRequested: options.replicates, succeeded: succeeded,
            failed: options.replicates - succeeded, seed: options.seed,
            confidenceLevel: options.confidenceLevel, intervalTypes: options.intervals,
            jackknifeFailures: jackknifeFailures, parameters: summaries, replicateValues: rows)
    }

    /// Per-parameter accelerations (nil entries where undefined), and the jackknife failure count.
    static func accelerationValues(
        _ source: BootstrapAcceleration?, input: BootstrapInput, wanted: Bool
    ) throws(FittingError) -> ([Double?]?, Int?) {
        guard wanted, let source else { return (nil, nil) }
        let p = input.parameterCount, n = input.observationCount
        switch source {
        case let .influence(rows):
            guard rows.count == n, rows.allSatisfy({ $0.count == p }) else {
                throw .dimensionMismatch("influence values must be \(n) rows of \(p)")
            }
            return ((0..<p).map { j in BootstrapIntervals.acceleration(influence: rows.map { $0[j] }) }, nil)
        case let .jackknife(leaveOneOut):
            let estimates = (0..<n).compactMap { i -> [Double]? in
                guard let refit = try? leaveOneOut(i), refit.isUsable(parameterCount: p) else { return nil }
                return refit.parameters
            }
            let values = (0..<p).map { j -> Double? in
                estimates.count >= 2
                    ? BootstrapIntervals.acceleration(influence: BootstrapIntervals.jackknifeDeviations(estimates.map { $0[j] }))
                    : nil
            }
            return (values, n - estimates.count)
        }
    }

    static func summary(
        name: String, estimate: Double, replicates: [Double], options: BootstrapOptions, acceleration: Double?
    ) -> BootstrapParameterSummary {
        let count = Double(replicates.count)
        let mean = replicates.isEmpty ? nil : replicates.reduce(0, +) / count
        let standardError = mean.flatMap { m in
            replicates.count >= 2 ? (replicates.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (count - 1)).squareRoot() : nil
        }
        return BootstrapParameterSummary(
            name: name, estimate: estimate, mean: mean, bias: mean.map { $0 - estimate }, standardError: standardError,
            acceleration: acceleration,
            intervals: BootstrapIntervals.intervals(
                replicates: replicates, estimate: estimate, confidenceLevel: options.confidenceLevel,
                types: options.intervals, acceleration: acceleration))
    }
}
