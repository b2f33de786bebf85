/// Which response a model describes. Models of different forms are never ranked against each
/// other: level models fit ln y, growth models fit interval growth rates g.
public enum ModelForm: String, Codable, Sendable, CaseIterable {
    /// ln y against the year t.
    case level
    /// The interval growth rate g against the level y at the start of the interval.
    case growth
}

/// The built-in growth models, by the names users script against.
public enum GrowthModelKind: String, Codable, Sendable, CaseIterable {
    /// ln y = a + r t: constant exponential growth at rate r.
    case exponential
    /// ln y = ln C - k ln(t* - t): y = C (t* - t)^(-k), a finite-time singularity at t*.
    case hyperbolic
    /// g = c: constant growth.
    case constantGrowth = "constant-growth"
    /// g = a + b y: growth linear in the level (Kremer 1993).
    case linearGrowth = "linear-growth"
    /// g = s y^B: the hyperbolic growth law (B = 1 Kremer's, B = 0 constant growth).
    case powerGrowth = "power-growth"
    /// g = s y^B + d: the power law with a drift (Roodman 2020's nonlinear least squares).
    case powerGrowthDrift = "power-growth-drift"

    public var form: ModelForm {
        switch self {
        case .exponential, .hyperbolic: return .level
        case .constantGrowth, .linearGrowth, .powerGrowth, .powerGrowthDrift: return .growth
        }
    }

    /// Reported parameter names, in order (JSON `parameters[].name`).
    public var parameterNames: [String] {
        switch self {
        case .exponential: return ["a", "r"]
        case .hyperbolic: return ["ln_C", "k", "t_star"]
        case .constantGrowth: return ["c"]
        case .linearGrowth: return ["a", "b"]
        case .powerGrowth: return ["s", "B"]
        case .powerGrowthDrift: return ["s", "B", "d"]
        }
    }

    /// The model as a formula, for reports and documentation.
    public var formula: String {
        switch self {
        case .exponential: return "ln y = a + r t"
        case .hyperbolic: return "ln y = ln_C - k ln(t_star - t)"
        case .constantGrowth: return "g = c"
        case .linearGrowth: return "g = a + b y"
        case .powerGrowth: return "g = s y^B"
        case .powerGrowthDrift: return "g = s y^B + d"
        }
    }

    /// Whether the model is linear in its parameters (fitted directly by QR, not by iteration).
    public var isLinear: Bool {
        switch self {
        case .exponential, .constantGrowth, .linearGrowth: return true
        case .hyperbolic, .powerGrowth, .powerGrowthDrift: return false
        }
    }

    /// The models of a form, in the order tables list them (simplest first).
    public static func models(of form: ModelForm) -> [GrowthModelKind] {
        allCases.filter { $0.form == form }
    }
}
