/// Bootstrap confidence interval types (Davison & Hinkley 1997, "Bootstrap Methods and their
/// Application", ch. 5; Efron & Tibshirani 1993, "An Introduction to the Bootstrap", ch. 13-14).
public enum BootstrapIntervalType: String, Codable, Sendable, CaseIterable {
    /// [q(α/2), q(1-α/2)] of the replicates.
    case percentile
    /// [2θ̂ - q(1-α/2), 2θ̂ - q(α/2)] (the "reverse percentile" interval).
    case basic
    /// Bias-corrected and accelerated percentile interval (Efron 1987); needs an acceleration.
    case bca = "BCa"
}

/// One interval; `lower`/`upper` are nil, with a `note`, where it cannot be computed.
public struct BootstrapInterval: Codable, Equatable, Sendable {
    public var type: BootstrapIntervalType
    public var lower: Double?
    public var upper: Double?
    public var note: String?
}

/// The interval arithmetic, separate from the resampling so that it can be checked exactly against
/// an independent implementation on a fixed replicate set.
///
/// Conventions, chosen to agree with `scipy.stats.bootstrap` (SciPy 1.17):
/// - quantile q(u) of the B sorted replicates θ*_(1) ≤ … ≤ θ*_(B): linear interpolation between
///   order statistics at position (B - 1)u (Hyndman & Fan 1996 type 7, numpy's default);
/// - BCa bias correction z₀ = Φ⁻¹(p₀) with p₀ = (#{θ* < θ̂} + #{θ* ≤ θ̂}) / 2B (ties count half);
/// - BCa levels α₁,₂ = Φ(z₀ + (z₀ + z_α)/(1 - a(z₀ + z_α))) for z_α = Φ⁻¹(α/2) and Φ⁻¹(1 - α/2)
///   (Efron & Tibshirani 1993, eq. 14.10), then the interval is [q(α₁), q(α₂)];
/// - acceleration a = Σ d_i³ / (6 (Σ d_i²)^(3/2)) (Efron & Tibshirani eq. 14.15), where d_i are
///   jackknife deviations θ̄₍.₎ - θ̂₍ᵢ₎ or empirical influence values l_i: the ratio is unchanged by
///   a positive rescaling of the d_i, so both give the same a when l_i ∝ (n - 1)(θ̄₍.₎ - θ̂₍ᵢ₎).
enum BootstrapIntervals {
    /// Type-7 quantile of an ascending array (non-empty), u in [0, 1] (`typeSevenQuantile`).
    static func quantile(sorted values: [Double], _ u: Double) -> Double {
        typeSevenQuantile(sorted: values, u)
    }

    /// Acceleration from jackknife deviations or influence values; nil when they are all zero.
    static func acceleration(influence d: [Double]) -> Double? {
        var sumSquares = 0.0, sumCubes = 0.0
        for value in d {
            sumSquares += value * value
            sumCubes += value * value * value
        }
        guard sumSquares > 0, sumSquares.isFinite, sumCubes.isFinite else { return nil }
        return sumCubes / (6 * sumSquares * sumSquares.squareRoot())
    }

    /// Jackknife deviations θ̄₍.₎ - θ̂₍ᵢ₎ from leave-one-out estimates of one parameter.
    static func jackknifeDeviations(_ estimates: [Double]) -> [Double] {
        let mean = estimates.reduce(0, +) / Double(estimates.count)
        return estimates.map { mean - $0 }
    }

    /// The requested intervals for one parameter, from its successful replicates.
    /// - Parameter acceleration: BCa's a; nil makes the BCa interval unavailable (with a note).
    static func intervals(
        replicates: [Double], estimate: Double, confidenceLevel: Double,
        types: [BootstrapIntervalType], acceleration: Double?
    ) -> [BootstrapInterval] {
        guard replicates.count >= 2 else {
            return types.map { BootstrapInterval(type: $0, note: "fewer than 2 successful replicates") }
        }
        let sorted = replicates.sorted()
        let tail = (1 - confidenceLevel) / 2
        let low = quantile(sorted: sorted, tail), high = quantile(sorted: sorted, 1 - tail)
        return types.map { type in
            switch type {
            case .percentile:
                return BootstrapInterval(type: type, lower: low, upper: high)
            case .basic:
                return BootstrapInterval(type: type, lower: 2 * estimate - high, upper: 2 * estimate - low)
            case .bca:
                guard let a = acceleration else {
                    return BootstrapInterval(type: type, note: "no acceleration (jackknife or influence values all zero or unavailable)")
                }
                let below = sorted.lazy.filter { $0 < estimate }.count
                let atOrBelow = sorted.lazy.filter { $0 <= estimate }.count
                let p0 = Double(below + atOrBelow) / Double(2 * sorted.count)
                guard p0 > 0, p0 < 1 else {
                    return BootstrapInterval(type: type, note: "estimate lies outside the bootstrap distribution (bias correction infinite)")
                }
                let normal = StandardNormalDistribution()
                let z0 = normal.quantile(p0)
                func level(_ u: Double) -> Double {
                    let z = z0 + normal.quantile(u)
                    return normal.cdf(z0 + z / (1 - a * z))
                }
                let u1 = level(tail), u2 = level(1 - tail)
                guard u1.isFinite, u2.isFinite, u1 <= u2 else {
                    return BootstrapInterval(type: type, note: "BCa levels are not defined (|acceleration| too large)")
                }
                return BootstrapInterval(type: type, lower: quantile(sorted: sorted, u1), upper: quantile(sorted: sorted, u2))
            }
        }
    }
}

extension BootstrapInterval {
    init(type: BootstrapIntervalType, note: String) {
        self.init(type: type, lower: nil, upper: nil, note: note)
    }

    init(type: BootstrapIntervalType, lower: Double, upper: Double) {
        self.init(type: type, lower: lower, upper: upper, note: nil)
    }
}
