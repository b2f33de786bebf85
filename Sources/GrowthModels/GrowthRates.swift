import Foundation

/// How an interval's growth rate is measured.
public enum GrowthRateKind: String, Codable, Sendable, CaseIterable {
    /// g = ln(y₁/y₀) / (t₁ - t₀): the continuously compounded rate per year (the default; Kremer 1993).
    case continuous
    /// g = (y₁/y₀)^(1/(t₁-t₀)) - 1: the discrete annual rate (Roodman 2020's NLS uses it).
    case discrete
}

/// How the observations of a fit are weighted. Encoded as its name ("gap", "none", "roodman" or
/// the column's name), as users write it.
public enum Weighting: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Each growth interval weighted by its length t₁ - t₀ (Kremer 1993, Roodman 2020). Growth form only.
    case gap
    /// All observations equal.
    case none
    /// Roodman's (2020) uncertainty weight 1/(1 + 2 sd²), sd the relative HYDE band at the year
    /// (`RoodmanUncertainty.relativeSD`).
    case roodman
    /// Inverse-variance weights 1/σᵢ², σᵢ the standard deviation of ln yᵢ from the series' band where
    /// it is usable and from Roodman's spline elsewhere (`UncertaintyBand.logSD`). For a growth
    /// interval, the variance of its rate when the two levels' errors are independent:
    /// (σᵢ² + σᵢ₊₁²)/Δt², so the weight is Δt²/(σᵢ² + σᵢ₊₁²).
    case inverseVariance
    /// A named column of the series, one positive weight per observation (for a growth interval, the
    /// weight of the year that starts it).
    case column(String)

    public init(_ text: String) {
        switch text {
        case "gap": self = .gap
        case "none": self = .none
        case "roodman": self = .roodman
        case "inverse-variance": self = .inverseVariance
        default: self = .column(text)
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String {
        switch self {
        case .gap: return "gap"
        case .none: return "none"
        case .roodman: return "roodman"
        case .inverseVariance: return "inverse-variance"
        case let .column(name): return name
        }
    }
}

/// Roodman's (2020) model of how uncertain historical world output is, by date.
public enum RoodmanUncertainty {
    /// Knots (year, relative sd) of the linear spline, flat outside: 1.00 at or before 10,000 BCE,
    /// 0.75 at 1 CE, 0.25 at 1700, 0.05 at 1900, 0.01 from 2000. Roodman's Stata code places the
    /// second knot at its year 0, which is 1 CE in gdpfit's coding.
    public static let knots: [(year: Double, sd: Double)] = [
        (-10000, 1.00), (1, 0.75), (1700, 0.25), (1900, 0.05), (2000, 0.01),
    ]

    /// The knots with the one at 1 CE placed where `coding` puts 1 CE (year 1 in gdpfit's coding,
    /// year 0 in Roodman's own: `YearCoding`).
    public static func knots(in coding: YearCoding) -> [(year: Double, sd: Double)] {
        knots.map { $0.year == 1 ? (coding.firstYearCE, $0.sd) : $0 }
    }

    /// The relative standard deviation at a year, by linear interpolation between the knots, on the
    /// time axis of `coding`.
    public static func relativeSD(atYear t: Double, coding: YearCoding = .gdpfit) -> Double {
        let knots = knots(in: coding)
        guard let first = knots.first, let last = knots.last else { return 1 }
        if t <= first.year { return first.sd }
        if t >= last.year { return last.sd }
        for (a, b) in zip(knots, knots.dropFirst()) where t <= b.year {
            return a.sd + (b.sd - a.sd) * (t - a.year) / (b.year - a.year)
        }
        return last.sd
    }

    /// Roodman's weight 1 / (1 + 2 sd²) at a year (on the time axis of `coding`).
    public static func weight(atYear t: Double, coding: YearCoding = .gdpfit) -> Double {
        let sd = relativeSD(atYear: t, coding: coding)
        return 1 / (1 + 2 * sd * sd)
    }
}

/// The growth intervals of a series: one entry per pair of consecutive observations, with the rate
/// attached to the level at the START of the interval (Kremer 1993; docs/statistics.md).
public struct GrowthIntervals: Codable, Equatable, Sendable {
    public var startYears: [Double]
    public var endYears: [Double]
    /// y_i, the level at the start of each interval.
    public var levels: [Double]
    /// g_i, per year.
    public var rates: [Double]
    public var kind: GrowthRateKind

    /// Gaps t_{i+1} - t_i in years (1 CE is year 1, so -200 to 1 is 201 years).
    public var gaps: [Double] { zip(startYears, endYears).map { $1 - $0 } }
    public var count: Int { rates.count }

    /// - Precondition: years strictly increasing and values positive (the loader guarantees both).
    public init(years: [Double], values: [Double], kind: GrowthRateKind = .continuous) {
        self.kind = kind
        let n = max(years.count - 1, 0)
        startYears = Array(years.prefix(n))
        endYears = Array(years.dropFirst())
        levels = Array(values.prefix(n))
        rates = (0..<n).map { i in
            let dt = years[i + 1] - years[i]
            let logRatio = log(values[i + 1] / values[i])
            switch kind {
            case .continuous: return logRatio / dt
            case .discrete: return expm1(logRatio / dt)
            }
        }
    }
}
