import Foundation

/// The functions a formula may call, by the name written in the formula. `log` is the natural
/// logarithm; `atan` returns radians in (-π/2, π/2).
enum FormulaFunction: String, CaseIterable, Hashable, Sendable {
    case exp, log, sqrt, sin, cos, tan, atan, abs

    /// f(x), in IEEE arithmetic: out of the domain gives NaN or ±infinity, never a trap.
    @inline(__always)
    func value(_ x: Double) -> Double {
        switch self {
        case .exp: return Foundation.exp(x)
        case .log: return Foundation.log(x)
        case .sqrt: return x.squareRoot()
        case .sin: return Foundation.sin(x)
        case .cos: return Foundation.cos(x)
        case .tan: return Foundation.tan(x)
        case .atan: return Foundation.atan(x)
        case .abs: return Swift.abs(x)
        }
    }
}

/// The binary operators, by increasing precedence within pairs: `+ -`, `* /`, `^`.
enum FormulaOperator: Hashable, Sendable {
    case add, subtract, multiply, divide, power

    @inline(__always)
    func value(_ a: Double, _ b: Double) -> Double {
        switch self {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        case .power: return Foundation.pow(a, b)
        }
    }
}

/// The parsed form of one side of a formula. Built once by `FormulaParser`, then compiled into a
/// `FormulaProgram`; never evaluated in a fitting loop.
indirect enum FormulaExpression: Hashable, Sendable {
    case number(Double)
    /// A parameter, by its index in θ.
    case parameter(Int)
    /// A data variable (a column), by name.
    case variable(String)
    case negate(FormulaExpression)
    case binary(FormulaOperator, FormulaExpression, FormulaExpression)
    case call(FormulaFunction, FormulaExpression)

    /// Whether any parameter occurs in the expression.
    var usesParameters: Bool {
        switch self {
        case .parameter: return true
        case .number, .variable: return false
        case let .negate(a), let .call(_, a): return a.usesParameters
        case let .binary(_, a, b): return a.usesParameters || b.usesParameters
        }
    }

    /// Whether any data variable occurs in the expression.
    var usesVariables: Bool {
        switch self {
        case .variable: return true
        case .number, .parameter: return false
        case let .negate(a), let .call(_, a): return a.usesVariables
        case let .binary(_, a, b): return a.usesVariables || b.usesVariables
        }
    }

    /// The value of a parameter-free expression at observation `i` (variables are read from
    /// `data[name][i]`; a constant expression never reads them). Used for constant folding, for
    /// precomputing data-only subexpressions, and for the response side of an equation.
    func value(at i: Int, data: [String: [Double]]) -> Double {
        switch self {
        case let .number(v): return v
        case .parameter: return .nan  // callers only pass parameter-free expressions
        case let .variable(name): return data[name]?[i] ?? .nan
        case let .negate(a): return -a.value(at: i, data: data)
        case let .call(f, a): return f.value(a.value(at: i, data: data))
        case let .binary(op, a, b): return op.value(a.value(at: i, data: data), b.value(at: i, data: data))
        }
    }
}
