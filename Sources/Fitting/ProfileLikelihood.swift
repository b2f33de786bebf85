import Foundation

/// A model with one parameter held at a fixed value, exposing the others: the model a profile
/// likelihood refits. Generic over the base model, so it evaluates at the base model's speed.
///
/// `evaluate` assembles the full θ in the scratch buffer (no allocation), calls the base model, and
/// when a Jacobian is requested drops the fixed parameter's column from the base model's n × p
/// Jacobian (also assembled in scratch). Scratch layout: [θ (p) | base Jacobian (n·p, only with an
/// analytic Jacobian) | the base model's own scratch].
public struct FixedParameterModel<Base: RegressionModel>: RegressionModel {
    public let base: Base
    /// Index of the fixed parameter in the base model's θ.
    public let fixedIndex: Int
    public var fixedValue: Double
    public let parameterNames: [String]

    public init(_ base: Base, fixing index: Int, at value: Double) throws(FittingError) {
        guard base.parameterNames.indices.contains(index) else {
            throw .invalidArgument("no parameter number \(index + 1) to fix (the model has \(base.parameterCount))")
        }
        guard base.parameterCount >= 2 else {
            throw .invalidArgument("fixing the only parameter of a model leaves nothing to fit")
        }
        guard value.isFinite else { throw .invalidArgument("cannot fix \(base.parameterNames[index]) at \(value)") }
        self.base = base
        self.fixedIndex = index
        self.fixedValue = value
        var names = base.parameterNames
        names.remove(at: index)
        self.parameterNames = names
    }

    public init(_ base: Base, fixing name: String, at value: Double) throws(FittingError) {
        guard let index = base.parameterNames.firstIndex(of: name) else {
            throw .startValues("'\(name)' is not a parameter of the model (\(base.parameterNames.joined(separator: ", ")))")
        }
        try self.init(base, fixing: index, at: value)
    }

    public var observationCount: Int { base.observationCount }
    public var hasAnalyticJacobian: Bool { base.hasAnalyticJacobian }
    public var modelDescription: String { "\(base.modelDescription) with \(base.parameterNames[fixedIndex]) = \(fixedValue)" }

    public var scratchCount: Int {
        let p = base.parameterCount
        return p + (base.hasAnalyticJacobian ? base.observationCount * p : 0) + base.scratchCount
    }

    /// The base model's θ: `free` with the fixed value inserted at `fixedIndex`.
    public func fullParameters(_ free: [Double]) -> [Double] {
        var full = free
        full.insert(fixedValue, at: fixedIndex)
        return full
    }

    public func evaluate(
        _ parameters: UnsafeBufferPointer<Double>,
        values: UnsafeMutableBufferPointer<Double>,
        jacobian: UnsafeMutableBufferPointer<Double>?,
        scratch: UnsafeMutableBufferPointer<Double>
    ) {
        let p = base.parameterCount, n = base.observationCount
        let full = UnsafeMutableBufferPointer(rebasing: scratch[0..<p])
        for j in 0..<p { full[j] = j < fixedIndex ? parameters[j] : j == fixedIndex ? fixedValue : parameters[j - 1] }
        let jacobianEnd = p + (base.hasAnalyticJacobian ? n * p : 0)
        let baseScratch = UnsafeMutableBufferPointer(rebasing: scratch[jacobianEnd..<(jacobianEnd + base.scratchCount)])
        guard let jacobian, base.hasAnalyticJacobian else {
            base.evaluate(UnsafeBufferPointer(full), values: values, jacobian: nil, scratch: baseScratch)
            return
        }
        let fullJacobian = UnsafeMutableBufferPointer(rebasing: scratch[p..<jacobianEnd])
        base.evaluate(UnsafeBufferPointer(full), values: values, jacobian: fullJacobian, scratch: baseScratch)
        for i in 0..<n {
            var column = 0
            for j in 0..<p where j != fixedIndex {
                jacobian[i * (p - 1) + column] = fullJacobian[i * p + j]
                column += 1
            }
        }
    }
}

/// One point of a likelihood profile.
public struct ProfilePoint: Codable, Equatable, Sendable {
    /// The value the parameter was fixed at.
    public var value: Double
    /// The RSS minimised over the other parameters (least-squares profiles; nil for a likelihood's).
    public var rss: Double?
    /// 2(lnL_max - lnL_profile); for least squares n ln(RSS / RSS_min).
    public var deviance: Double
}

/// A profile-likelihood confidence interval; an end that does not exist within the search is nil
/// and its reason says why (the interval is then open on that side, not merely unknown).
public struct ProfileLikelihoodInterval: Codable, Sendable {
    public var parameter: String
    public var estimate: Double
    public var confidenceLevel: Double
    /// χ²₁ quantile at the confidence level, the deviance at which the interval ends.
    public var criticalValue: Double
    public var lower: Double?
    public var upper: Double?
    public var lowerOpenReason: String?
    public var upperOpenReason: String?
    /// Every profile point computed (stepping and root-finding), sorted by value.
    public var points: [ProfilePoint]
    public var refits: Int
    public var failedRefits: Int
}

public struct ProfileOptions: Sendable {
    public var confidenceLevel: Double
    /// Step of the outward search; nil means the parameter's standard error.
    public var step: Double?
    /// Steps per side before an end is declared open (the search covers ±maxSteps·step).
    public var maxSteps: Int
    /// Values the parameter may not pass (a search reaching one without crossing reports an open end).
    public var lowerLimit: Double?
    public var upperLimit: Double?
    /// An end is located to within this fraction of the step.
    public var relativeTolerance: Double

    public init(
        confidenceLevel: Double = 0.95, step: Double? = nil, maxSteps: Int = 40,
        lowerLimit: Double? = nil, upperLimit: Double? = nil, relativeTolerance: Double = 1e-10
    ) {
        self.confidenceLevel = confidenceLevel
        self.step = step
        self.maxSteps = maxSteps
        self.lowerLimit = lowerLimit
        self.upperLimit = upperLimit
        self.relativeTolerance = relativeTolerance
    }
}

/// Profile-likelihood confidence intervals (Venzon & Moolgavkar 1988, Appl. Stat. 37(1); Bates &
/// Watts 1988 §6.1): for Gaussian errors with σ² profiled out,
/// lnL = -(n/2)(ln 2π + ln(RSS/n) + 1) + ½ Σ ln w_i, so 2(lnL_max - lnL_profile(v)) = n ln(RSS(v)/RSS_min)
/// and the interval is {v : n ln(RSS(v)/RSS_min) ≤ χ²₁,₁₋α}, RSS(v) being the RSS minimised with
/// the parameter fixed at v. Unlike Wald intervals it follows a skewed likelihood and is invariant
/// to reparametrisation.
public enum ProfileLikelihood {
    /// Refits the model with one parameter fixed, from a start for the free parameters.
    public typealias ProfileRefit<Model: RegressionModel> =
        (_ model: FixedParameterModel<Model>, _ start: [Double]) throws -> Refit

    /// The profile-likelihood interval of parameter `index`.
    ///
    /// Each end is found by stepping out from the estimate (steps of `options.step`, default the
    /// standard error) until the deviance exceeds the critical value, then by the Illinois
    /// variant of regula falsi (Dowell & Jarratt 1971, BIT 11), which keeps the bracket and
    /// converges superlinearly. Every refit starts from the free parameters of the nearest point
    /// already profiled; a failed refit is retried once from the estimate. An end is open (nil,
    /// with the reason) when the deviance stays below the critical value up to a limit or for
    /// `maxSteps` steps, or when the refits fail there.
    ///
    /// - Parameters:
    ///   - estimate: θ̂ of the full model; `minimumRSS` its RSS; `standardError` the default step.
    public static func interval<Model: RegressionModel>(
        model: Model, parameter index: Int, estimate: [Double], minimumRSS: Double, standardError: Double?,
        options: ProfileOptions = ProfileOptions(), refit: ProfileRefit<Model>
    ) throws(FittingError) -> ProfileLikelihoodInterval {
        guard estimate.count == model.parameterCount else {
            throw .dimensionMismatch("\(estimate.count) estimates for \(model.parameterCount) parameters")
        }
        guard minimumRSS > 0, minimumRSS.isFinite else { throw .invalidArgument("minimum RSS must be positive and finite, got \(minimumRSS)") }
        guard estimate.indices.contains(index) else {
            throw .invalidArgument("no parameter number \(index + 1) to profile (the model has \(estimate.count))")
        }
        let fixed = try FixedParameterModel(model, fixing: index, at: estimate[index])
        var free = estimate
        free.remove(at: index)
        return try withoutActuallyEscaping(refit) { refit throws(FittingError) in
            var profiler = Profiler(
                model: fixed, refit: refit, estimateStart: free, n: Double(model.observationCount),
                minimumRSS: minimumRSS)
            return try profiler.interval(
                parameter: model.parameterNames[index], estimate: estimate[index], standardError: standardError,
                options: options)
        }
    }

    /// The interval for a parameter named in a fit of `model`.
    public static func interval<Model: RegressionModel>(
        model: Model, fit: FitResult, parameter name: String, options: ProfileOptions = ProfileOptions(),
        refit: ProfileRefit<Model>
    ) throws(FittingError) -> ProfileLikelihoodInterval {
        guard let index = model.parameterNames.firstIndex(of: name) else {
            throw .startValues("'\(name)' is not a parameter of the model (\(model.parameterNames.joined(separator: ", ")))")
        }
        return try interval(
            model: model, parameter: index, estimate: fit.parameters, minimumRSS: fit.rss,
            standardError: fit.standardErrors[index], options: options, refit: refit)
    }
}

/// The state of one profiling run: the points found so far, for warm starts and the report.
private struct Profiler<Model: RegressionModel>: DevianceProfile {
    var model: FixedParameterModel<Model>
    let refit: ProfileLikelihood.ProfileRefit<Model>
    let estimateStart: [Double]
    let n: Double
    let minimumRSS: Double
    var points: [ProfilePoint]
    /// Free parameters at each point, parallel to `points`.
    var solutions: [[Double]]
    var refits = 0
    var failedRefits = 0

    /// Starts at the estimate itself (deviance 0).
    init(
        model: FixedParameterModel<Model>, refit: @escaping ProfileLikelihood.ProfileRefit<Model>,
        estimateStart: [Double], n: Double, minimumRSS: Double
    ) {
        self.model = model
        self.refit = refit
        self.estimateStart = estimateStart
        self.n = n
        self.minimumRSS = minimumRSS
        points = [ProfilePoint(value: model.fixedValue, rss: minimumRSS, deviance: 0)]
        solutions = [estimateStart]
    }

    /// The deviance at v, warm-started from the nearest point profiled so far; nil if the refit
    /// fails both from there and from the estimate.
    mutating func deviance(at value: Double) -> Double? {
        model.fixedValue = value
        let nearest = points.indices.min { abs(points[$0].value - value) < abs(points[$1].value - value) }!
        for start in nearest == 0 ? [estimateStart] : [solutions[nearest], estimateStart] {
            refits += 1
            guard let result = try? refit(model, start), result.isUsable(parameterCount: start.count), result.rss > 0 else {
                failedRefits += 1
                continue
            }
            let deviance = n * Foundation.log(result.rss / minimumRSS)
            points.append(ProfilePoint(value: value, rss: result.rss, deviance: deviance))
            solutions.append(result.parameters)
            return deviance
        }
        return nil
    }
}

/// A profile traced one value at a time. The interval's ends need only the deviance
/// 2(lnL_max - lnL_profile(v)) at chosen values v, so least-squares and likelihood profiles share
/// the search below (stepping out, then Illinois regula falsi).
protocol DevianceProfile {
    /// The deviance with the parameter fixed at `value`; nil when the refit there fails. Records
    /// the point in `points` and counts the refits.
    mutating func deviance(at value: Double) -> Double?
    var points: [ProfilePoint] { get }
    var refits: Int { get }
    var failedRefits: Int { get }
}

extension DevianceProfile {
    /// The interval around `estimate` (see `ProfileLikelihood.interval`), after checking the options.
    mutating func interval(
        parameter: String, estimate θ: Double, standardError: Double?, options: ProfileOptions
    ) throws(FittingError) -> ProfileLikelihoodInterval {
        guard options.confidenceLevel > 0, options.confidenceLevel < 1 else {
            throw .invalidArgument("confidence level must be between 0 and 1, got \(options.confidenceLevel)")
        }
        guard let step = options.step ?? standardError, step > 0, step.isFinite else {
            throw .invalidArgument("profile likelihood needs a positive, finite step (or standard error)")
        }
        guard options.maxSteps >= 1 else { throw .invalidArgument("maxSteps must be at least 1") }
        if let low = options.lowerLimit, low >= θ { throw .invalidArgument("lower limit \(low) is not below the estimate \(θ)") }
        if let high = options.upperLimit, high <= θ { throw .invalidArgument("upper limit \(high) is not above the estimate \(θ)") }
        let critical = ChiSquaredDistribution(degreesOfFreedom: 1).quantile(options.confidenceLevel)
        let tolerance = options.relativeTolerance * step
        let lower = end(
            from: θ, direction: -1, step: step, limit: options.lowerLimit, critical: critical,
            maxSteps: options.maxSteps, tolerance: tolerance)
        let upper = end(
            from: θ, direction: 1, step: step, limit: options.upperLimit, critical: critical,
            maxSteps: options.maxSteps, tolerance: tolerance)
        return ProfileLikelihoodInterval(
            parameter: parameter, estimate: θ, confidenceLevel: options.confidenceLevel,
            criticalValue: critical, lower: lower.value, upper: upper.value,
            lowerOpenReason: lower.openReason, upperOpenReason: upper.openReason,
            points: points.sorted { $0.value < $1.value }, refits: refits, failedRefits: failedRefits)
    }

    /// One end of the interval: step out, then locate the crossing in the last bracket.
    mutating func end(
        from estimate: Double, direction: Double, step: Double, limit: Double?, critical: Double,
        maxSteps: Int, tolerance: Double
    ) -> (value: Double?, openReason: String?) {
        var inside = estimate, insideExcess = -critical  // deviance(θ̂) - critical, deviance(θ̂) = 0
        for k in 1...maxSteps {
            var value = estimate + direction * Double(k) * step
            var atLimit = false
            if let limit, direction * (value - limit) >= 0 {
                value = limit
                atLimit = true
            }
            guard let deviance = deviance(at: value) else {
                return (nil, "refits failed with the parameter fixed at \(value)")
            }
            if deviance > critical {
                return locate(inside: inside, insideExcess: insideExcess, outside: value, outsideExcess: deviance - critical,
                              critical: critical, tolerance: tolerance)
            }
            if atLimit {
                return (nil, "the deviance stays below \(critical) up to the limit \(value)")
            }
            (inside, insideExcess) = (value, deviance - critical)
        }
        return (nil, "the deviance stays below \(critical) for \(maxSteps) steps of \(step) (up to \(inside))")
    }

    /// Illinois regula falsi on deviance(v) - critical in a bracket [inside (≤ 0), outside (> 0)].
    mutating func locate(
        inside: Double, insideExcess: Double, outside: Double, outsideExcess: Double, critical: Double, tolerance: Double
    ) -> (value: Double?, openReason: String?) {
        var (a, fa, b, fb) = (inside, insideExcess, outside, outsideExcess)
        var lastSide = 0
        for _ in 0..<200 {
            if abs(b - a) <= tolerance { break }
            var c = (a * fb - b * fa) / (fb - fa)
            if !(c.isFinite && (min(a, b)...max(a, b)).contains(c)) { c = (a + b) / 2 }
            guard let deviance = deviance(at: c) else {
                return (nil, "refits failed with the parameter fixed at \(c), inside the bracket [\(min(a, b)), \(max(a, b))]")
            }
            let fc = deviance - critical
            if fc == 0 { return (c, nil) }
            if fc > 0 {
                (b, fb) = (c, fc)
                if lastSide == 1 { fa /= 2 }
                lastSide = 1
            } else {
                (a, fa) = (c, fc)
                if lastSide == -1 { fb /= 2 }
                lastSide = -1
            }
            if abs(fc) <= 1e-12 * critical { return (c, nil) }
        }
        return ((a + b) / 2, nil)
    }
}
