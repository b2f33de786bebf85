import _GSLShims

/// A continuous distribution's lower and upper tail probabilities and their inverses, computed by
/// GSL (GSL 2.7 reference manual, "Random Number Distributions": the `gsl_cdf_*` functions).
///
/// Use `survival` for p-values, never `1 - cdf`: in the far upper tail cdf rounds to 1 and the
/// difference loses every digit (GSL computes Q directly, e.g. from the complemented incomplete
/// gamma or beta function). Arguments outside a distribution's domain (a probability outside
/// [0, 1], a non-positive or NaN parameter) give NaN; GSL is never called with them, and its
/// aborting error handler is switched off before the first call.
public protocol ContinuousDistribution: Sendable {
    /// P(X ≤ x).
    func cdf(_ x: Double) -> Double
    /// P(X > x), accurate in the upper tail.
    func survival(_ x: Double) -> Double
    /// The x with P(X ≤ x) = probability.
    func quantile(_ probability: Double) -> Double
    /// The x with P(X > x) = probability, accurate for small probabilities (critical values).
    func survivalQuantile(_ probability: Double) -> Double
}

/// The chi-square distribution with ν > 0 degrees of freedom (`gsl_cdf_chisq_*`).
public struct ChiSquaredDistribution: ContinuousDistribution {
    public let degreesOfFreedom: Double
    public init(degreesOfFreedom: Double) { self.degreesOfFreedom = degreesOfFreedom }

    private var valid: Bool { degreesOfFreedom > 0 && degreesOfFreedom.isFinite }
    public func cdf(_ x: Double) -> Double { gsl(valid, x) { gsl_cdf_chisq_P($0, degreesOfFreedom) } }
    public func survival(_ x: Double) -> Double { gsl(valid, x) { gsl_cdf_chisq_Q($0, degreesOfFreedom) } }
    public func quantile(_ probability: Double) -> Double {
        gsl(valid, probability: probability) { gsl_cdf_chisq_Pinv($0, degreesOfFreedom) }
    }
    public func survivalQuantile(_ probability: Double) -> Double {
        gsl(valid, probability: probability) { gsl_cdf_chisq_Qinv($0, degreesOfFreedom) }
    }
}

/// Fisher's F distribution with ν₁, ν₂ > 0 degrees of freedom (`gsl_cdf_fdist_*`).
public struct FDistribution: ContinuousDistribution {
    public let numeratorDegreesOfFreedom: Double
    public let denominatorDegreesOfFreedom: Double
    public init(numeratorDegreesOfFreedom: Double, denominatorDegreesOfFreedom: Double) {
        self.numeratorDegreesOfFreedom = numeratorDegreesOfFreedom
        self.denominatorDegreesOfFreedom = denominatorDegreesOfFreedom
    }

    private var valid: Bool {
        numeratorDegreesOfFreedom > 0 && numeratorDegreesOfFreedom.isFinite
            && denominatorDegreesOfFreedom > 0 && denominatorDegreesOfFreedom.isFinite
    }
    private var nu: (Double, Double) { (numeratorDegreesOfFreedom, denominatorDegreesOfFreedom) }
    public func cdf(_ x: Double) -> Double { gsl(valid, x) { gsl_cdf_fdist_P($0, nu.0, nu.1) } }
    public func survival(_ x: Double) -> Double { gsl(valid, x) { gsl_cdf_fdist_Q($0, nu.0, nu.1) } }
    public func quantile(_ probability: Double) -> Double {
        gsl(valid, probability: probability) { gsl_cdf_fdist_Pinv($0, nu.0, nu.1) }
    }
    public func survivalQuantile(_ probability: Double) -> Double {
        gsl(valid, probability: probability) { gsl_cdf_fdist_Qinv($0, nu.0, nu.1) }
    }
}

/// Student's t distribution with ν > 0 degrees of freedom (`gsl_cdf_tdist_*`).
public struct StudentTDistribution: ContinuousDistribution {
    public let degreesOfFreedom: Double
    public init(degreesOfFreedom: Double) { self.degreesOfFreedom = degreesOfFreedom }

    private var valid: Bool { degreesOfFreedom > 0 && degreesOfFreedom.isFinite }
    public func cdf(_ x: Double) -> Double { gsl(valid, x) { gsl_cdf_tdist_P($0, degreesOfFreedom) } }
    public func survival(_ x: Double) -> Double { gsl(valid, x) { gsl_cdf_tdist_Q($0, degreesOfFreedom) } }
    public func quantile(_ probability: Double) -> Double {
        gsl(valid, probability: probability) { gsl_cdf_tdist_Pinv($0, degreesOfFreedom) }
    }
    public func survivalQuantile(_ probability: Double) -> Double {
        gsl(valid, probability: probability) { gsl_cdf_tdist_Qinv($0, degreesOfFreedom) }
    }
}

/// The standard normal distribution N(0, 1) (`gsl_cdf_ugaussian_*`).
public struct StandardNormalDistribution: ContinuousDistribution {
    public init() {}
    public func cdf(_ x: Double) -> Double { gsl(true, x) { gsl_cdf_ugaussian_P($0) } }
    public func survival(_ x: Double) -> Double { gsl(true, x) { gsl_cdf_ugaussian_Q($0) } }
    public func quantile(_ probability: Double) -> Double {
        gsl(true, probability: probability) { gsl_cdf_ugaussian_Pinv($0) }
    }
    public func survivalQuantile(_ probability: Double) -> Double {
        gsl(true, probability: probability) { gsl_cdf_ugaussian_Qinv($0) }
    }
}

/// Calls `body(x)` when the parameters are valid and x is not NaN; NaN otherwise.
private func gsl(_ valid: Bool, _ x: Double, _ body: (Double) -> Double) -> Double {
    guard valid, !x.isNaN else { return .nan }
    GSLErrorHandler.ensureDisabled()
    return body(x)
}

/// As `gsl`, for an inverse: the probability must lie in [0, 1].
private func gsl(_ valid: Bool, probability: Double, _ body: (Double) -> Double) -> Double {
    guard (0...1).contains(probability) else { return .nan }
    return gsl(valid, probability, body)
}
