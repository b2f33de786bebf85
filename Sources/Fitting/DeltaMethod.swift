import Foundation

/// A quantity derived from fitted parameters, g(θ̂), with its delta-method standard error.
public struct DerivedEstimate: Codable, Equatable, Sendable {
    /// g(θ̂).
    public var value: Double
    /// √(∇gᵀ Σ ∇g).
    public var standardError: Double
    /// ∇g(θ̂), analytic or by central differences.
    public var gradient: [Double]
}

/// First-order (delta-method) propagation of a parameter covariance to functions of the parameters.
///
/// For an estimator θ̂ with covariance Σ and a differentiable g, g(θ̂) ≈ g(θ) + ∇g(θ)ᵀ(θ̂ - θ), so
///
///     Var g(θ̂) ≈ ∇g(θ̂)ᵀ Σ ∇g(θ̂)                       (Casella & Berger 2002, Thm 5.5.24;
///     Cov h(θ̂) ≈ J Σ Jᵀ,  J_ij = ∂h_i/∂θ_j                Oehlert 1992, Am. Stat. 46(1))
///
/// The approximation is only as good as the linearisation over the spread of θ̂: for strongly
/// skewed quantities (a singularity year far from the data) use the bootstrap or a profile
/// likelihood as well.
public enum DeltaMethod {
    /// √(∇gᵀ Σ ∇g) for a gradient of length p and a p × p covariance.
    public static func standardError(gradient: [Double], covariance: SquareMatrix) throws(FittingError) -> Double {
        guard gradient.count == covariance.dimension else {
            throw .dimensionMismatch(
                "gradient has \(gradient.count) entries, covariance is \(covariance.dimension) × \(covariance.dimension)")
        }
        guard gradient.allSatisfy(\.isFinite) else { throw .invalidArgument("delta method: non-finite gradient") }
        var variance = 0.0
        for i in 0..<gradient.count {
            for j in 0..<gradient.count { variance += gradient[i] * covariance[i, j] * gradient[j] }
        }
        guard variance.isFinite, variance >= 0 else {
            throw .invalidArgument("delta method: variance ∇gᵀΣ∇g = \(variance) (covariance not positive semidefinite)")
        }
        return variance.squareRoot()
    }

    /// Central-difference gradient of g at θ.
    ///
    /// Step h_j = ε^(1/3) · scale_j, the step that balances the O(h²) truncation error of a central
    /// difference against its O(ε/h) rounding error (Press et al., Numerical Recipes 3rd ed. §5.7),
    /// with ε the double-precision machine epsilon (ε^(1/3) ≈ 6.1e-6). scale_j is |θ_j|, or where
    /// θ_j = 0 the parameter's standard error √Σ_jj from `scales`, or 1. The derivative is divided
    /// by the difference of the two arguments as actually represented, (θ_j + h) - (θ_j - h), not
    /// by 2h, so rounding of the arguments does not bias it.
    ///
    /// - Parameter scales: fall-back scales for parameters that are exactly zero (e.g. standard errors).
    public static func centralDifferenceGradient(
        of g: ([Double]) -> Double, at parameters: [Double], scales: [Double]? = nil
    ) throws(FittingError) -> [Double] {
        if let scales, scales.count != parameters.count {
            throw .dimensionMismatch("\(scales.count) scales for \(parameters.count) parameters")
        }
        let relativeStep = Foundation.cbrt(Double.ulpOfOne)
        var point = parameters
        var gradient = [Double](repeating: 0, count: parameters.count)
        for j in parameters.indices {
            let θ = parameters[j]
            let fallback = scales.map { $0[j] }.flatMap { $0.isFinite && $0 > 0 ? $0 : nil } ?? 1
            let h = relativeStep * (θ != 0 ? abs(θ) : fallback)
            let up = θ + h, down = θ - h
            point[j] = up
            let gUp = g(point)
            point[j] = down
            let gDown = g(point)
            point[j] = θ
            let derivative = (gUp - gDown) / (up - down)
            guard derivative.isFinite else {
                throw .invalidArgument(
                    "delta method: derived quantity is not finite near parameter \(j + 1) = \(θ) (±\(h))")
            }
            gradient[j] = derivative
        }
        return gradient
    }

    /// g(θ̂) and its delta-method standard error, from an analytic gradient when given, otherwise
    /// from `centralDifferenceGradient` (zero parameters stepped on the scale of their standard errors).
    public static func estimate(
        of g: ([Double]) -> Double, at parameters: [Double], covariance: SquareMatrix, gradient: [Double]? = nil
    ) throws(FittingError) -> DerivedEstimate {
        guard parameters.count == covariance.dimension else {
            throw .dimensionMismatch(
                "\(parameters.count) parameters, covariance is \(covariance.dimension) × \(covariance.dimension)")
        }
        let value = g(parameters)
        guard value.isFinite else { throw .invalidArgument("delta method: derived quantity is not finite at the estimate") }
        let standardErrors = (0..<covariance.dimension).map { covariance[$0, $0].squareRoot() }
        let grad: [Double]
        if let gradient { grad = gradient } else {
            grad = try centralDifferenceGradient(of: g, at: parameters, scales: standardErrors)
        }
        return DerivedEstimate(
            value: value, standardError: try standardError(gradient: grad, covariance: covariance), gradient: grad)
    }
}

extension SquareMatrix {
    /// The correlation matrix of a covariance: C_ij / √(C_ii C_jj), with an exact 1 on the diagonal
    /// (NaN off the diagonal where a variance is zero).
    public func correlationFromCovariance() -> SquareMatrix {
        var result = self
        for i in 0..<dimension {
            for j in 0..<dimension {
                result[i, j] = i == j ? 1 : self[i, j] / (self[i, i] * self[j, j]).squareRoot()
            }
        }
        return result
    }
}

extension SquareMatrix {
    /// J Σ Jᵀ for a row-major p × p Jacobian J (the covariance of φ = h(θ) by the delta method),
    /// accumulated as (J Σ) Jᵀ and symmetric by construction, not merely up to rounding.
    func congruence(jacobian j: [Double]) -> SquareMatrix {
        let p = dimension
        var jSigma = [Double](repeating: 0, count: p * p)
        for i in 0..<p {
            for k in 0..<p {
                let jik = j[i * p + k]
                for l in 0..<p { jSigma[i * p + l] += jik * self[k, l] }
            }
        }
        var result = SquareMatrix(dimension: p, entries: [Double](repeating: 0, count: p * p))
        for i in 0..<p {
            for l in i..<p {
                var sum = 0.0
                for k in 0..<p { sum += jSigma[i * p + k] * j[l * p + k] }
                result[i, l] = sum
                result[l, i] = sum
            }
        }
        return result
    }
}

extension FitResult {
    /// g(θ̂) with its delta-method standard error (see `DeltaMethod`).
    public func derived(
        _ g: ([Double]) -> Double, gradient: [Double]? = nil
    ) throws(FittingError) -> DerivedEstimate {
        try DeltaMethod.estimate(of: g, at: parameters, covariance: covariance, gradient: gradient)
    }

    /// The same fit reported in other parameters φ = h(θ), one for one: values h(θ̂), covariance
    /// J Σ Jᵀ with J_ij = ∂φ_i/∂θ_j at θ̂ (the delta method), standard errors and correlations from
    /// it. Everything that does not depend on the parametrisation (RSS, residuals, likelihood,
    /// criteria, status, iteration counts) is kept; `rank` and `reciprocalCondition` still describe
    /// the Jacobian of the internal parametrisation, where the fit was done.
    ///
    /// Typical use: a model fitted internally with t* = t_last + exp(θ) so that t* stays above the
    /// data, reported with t* itself.
    ///
    /// - Parameters:
    ///   - names: the reported parameter names, one per internal parameter.
    ///   - transform: θ ↦ φ.
    ///   - jacobian: θ ↦ J, row-major p × p (J[i·p + j] = ∂φ_i/∂θ_j); when nil, each row is computed
    ///     by `DeltaMethod.centralDifferenceGradient`.
    public func reparametrised(
        names: [String], transform: ([Double]) -> [Double], jacobian: (([Double]) -> [Double])? = nil
    ) throws(FittingError) -> FitResult {
        let p = parameters.count
        guard names.count == p else { throw .dimensionMismatch("\(names.count) reported names for \(p) parameters") }
        let reported = transform(parameters)
        guard reported.count == p else { throw .dimensionMismatch("transform returned \(reported.count) values for \(p) parameters") }
        guard reported.allSatisfy(\.isFinite) else { throw .invalidArgument("reparametrisation: non-finite reported parameters") }
        let j: [Double]
        if let jacobian {
            j = jacobian(parameters)
            guard j.count == p * p else { throw .dimensionMismatch("Jacobian has \(j.count) entries, expected \(p * p)") }
        } else {
            var rows: [Double] = []
            for i in 0..<p {
                rows += try DeltaMethod.centralDifferenceGradient(
                    of: { transform($0)[i] }, at: parameters, scales: standardErrors)
            }
            j = rows
        }
        let reportedCovariance = covariance.congruence(jacobian: j)
        var result = self
        result.parameterNames = names
        result.parameters = reported
        result.covariance = reportedCovariance
        result.standardErrors = (0..<p).map { reportedCovariance[$0, $0].squareRoot() }
        result.correlation = reportedCovariance.correlationFromCovariance()
        return result
    }
}
