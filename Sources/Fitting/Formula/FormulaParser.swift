import Foundation

/// # Formula language
///
/// A formula is an expression in parameters (the names given as `parameters`, fitted) and data
/// variables (the names of the data columns), optionally with a transformed response on the left of
/// `=`. Whitespace, including newlines, may appear between any two tokens. Names are case-sensitive.
///
///     formula    = expression [ "=" expression ] ;
///     expression = term { ( "+" | "-" ) term } ;
///     term       = unary { ( "*" | "/" ) unary } ;
///     unary      = ( "-" | "+" ) unary | power ;
///     power      = primary [ ( "^" | "**" ) unary ] ;
///     primary    = number | name | function group | group ;
///     group      = "(" expression ")" | "[" expression "]" ;
///     function   = "exp" | "log" | "sqrt" | "sin" | "cos" | "tan" | "atan" | "abs" ;
///     number     = digits [ "." [ digits ] ] [ exponent ] | "." digits [ exponent ] ;
///     exponent   = ( "e" | "E" ) [ "+" | "-" ] digits ;
///     name       = ( letter | "_" ) { letter | digit | "_" } ;
///
/// Operators, from tightest to loosest binding:
///
///     | operator          | associativity | example                          |
///     |-------------------|---------------|----------------------------------|
///     | f(...) ( ) [ ]    |               | exp[-b2*x]  (brackets group too) |
///     | ^  **             | right         | 2^3^2 = 2^9;  x^-2 = x^(-2)      |
///     | unary -  +        |               | -x^2 = -(x^2)                    |
///     | *  /              | left          | a/b*c = (a/b)*c                  |
///     | +  -              | left          | a-b-c = (a-b)-c                  |
///     | =                 | (one, at top) | log(y) = b1 - b2*x               |
///
/// - Functions: `exp`, `log` (natural), `sqrt`, `sin`, `cos`, `tan`, `atan` (radians), `abs`; the
///   argument goes in round or square brackets. The constant `pi`. Function names and `pi` cannot
///   name a parameter. There is no implicit multiplication: `2x` and `b1(x+1)` are errors.
/// - Numbers: `12`, `1.5`, `.5`, `2.`, `1.5e-3`.
/// - Equation: in `lhs = rhs` the left side may use data variables only (no parameters) and must
///   use at least one; it is the response the right side is fitted to, e.g. NIST Nelson's
///   `log(y) = b1 - b2*x1*exp(-b3*x2)`. Without `=` the formula is the mean of the response.
/// - Every declared parameter must occur on the right side.
/// - Values outside a function's domain (`log(-1)`, `sqrt(-1)`, `0^-1`) are NaN or infinite, which
///   the solver reports as an undefined model; evaluation never traps.
///
/// Derivatives (exact, by forward-mode automatic differentiation):
/// - `abs'(0) = 0` (the midpoint of the one-sided derivatives −1 and 1).
/// - `x^c` with `c` free of parameters: `c·x^(c−1)·x'`, so `x^2` at negative x is right; it is 0
///   when `c = 0`. `sqrt'(0)` and `(x^0.5)'` at 0 are +∞ (the derivative does not exist).
/// - `a^b` with parameters in the exponent: `b·a^(b−1)·a' + a^b·ln(a)·b'`, where the second term is
///   taken as 0 when `a^b = 0` (for a = 0, b > 0 the power is identically 0 near b).
/// - A partial derivative through a subexpression that does not depend on that parameter is exactly
///   0, even where the subexpression's own derivative is infinite: ∂/∂b1 of `b1 + sqrt(b2)` at
///   b2 = 0 is 1, not NaN.
///
/// Errors name the 0-based character position of the offending token (`FormulaError`), e.g. an
/// unknown name, an unknown function, a function name without `(`, a parameter on the left side,
/// an unmatched or mismatched bracket, a missing operator, or a declared parameter not used.
struct FormulaParser {
    /// A parsed formula: the optional response side and the mean side.
    struct Parsed: Equatable {
        var response: FormulaExpression?
        /// The text of the left side, trimmed, when there is one.
        var responseText: String?
        var mean: FormulaExpression
    }

    private let source: String
    private let tokens: [FormulaToken]
    private let parameterIndex: [String: Int]
    private let variables: Set<String>
    private var next = 0
    /// Where each parameter and variable of the side being parsed occurs, for the checks at `=`.
    private var parameterUses: [(index: Int, position: Int)] = []
    private var variableUses = 0

    /// Parses `source` against the given parameter names (θ order) and data variable names.
    static func parse(
        _ source: String, parameters: [String], variables: Set<String>
    ) throws(FormulaError) -> Parsed {
        var index: [String: Int] = [:]
        for (j, name) in parameters.enumerated() { index[name] = j }
        var parser = FormulaParser(
            source: source, tokens: try FormulaLexer.tokens(of: source),
            parameterIndex: index, variables: variables)
        return try parser.parseFormula(parameters: parameters)
    }

    private init(source: String, tokens: [FormulaToken], parameterIndex: [String: Int], variables: Set<String>) {
        self.source = source
        self.tokens = tokens
        self.parameterIndex = parameterIndex
        self.variables = variables
    }

    private var token: FormulaToken { tokens[next] }

    private func fail(_ message: String, at position: Int) -> FormulaError {
        FormulaError(message: message, source: source, position: position)
    }

    /// The error for a token that cannot stand where it is; `expected` says what could.
    private func unexpected(_ t: FormulaToken, expected: String) -> FormulaError {
        if t.beginsOperand {
            return fail("missing operator before \(t.quoted) (write * for a product)", at: t.position)
        }
        return fail("expected \(expected), found \(t.quoted)", at: t.position)
    }

    private mutating func parseFormula(parameters: [String]) throws(FormulaError) -> Parsed {
        if token.kind == .end { throw fail("empty formula", at: 0) }
        var mean = try parseExpression()
        var response: FormulaExpression?
        var responseText: String?
        if token.kind == .equals {
            let equals = token
            if let use = parameterUses.first {
                throw fail("parameter '\(parameters[use.index])' on the left side of '='; "
                    + "the response may use data variables only", at: use.position)
            }
            if variableUses == 0 {
                throw fail("the left side of '=' must use a data variable (it is the response)",
                           at: tokens[0].position)
            }
            response = mean
            responseText = String(Array(source)[..<equals.position])
                .trimmingCharacters(in: .whitespacesAndNewlines)
            parameterUses = []
            next += 1
            mean = try parseExpression()
        }
        switch token.kind {
        case .end: break
        case .equals: throw fail("only one '=' is allowed", at: token.position)
        case let .close(bracket):
            throw fail("'\(bracket.closing)' without a matching '\(bracket.opening)'", at: token.position)
        default: throw unexpected(token, expected: "an operator or the end of the formula")
        }
        let used = Set(parameterUses.map(\.index))
        if let missing = parameters.indices.first(where: { !used.contains($0) }) {
            let side = response == nil ? "the formula" : "the right side of '='"
            throw fail("parameter '\(parameters[missing])' does not appear in \(side)",
                       at: tokens[tokens.count - 1].position)
        }
        return Parsed(response: response, responseText: responseText, mean: mean)
    }

    /// expression = term { ("+" | "-") term }
    private mutating func parseExpression() throws(FormulaError) -> FormulaExpression {
        var result = try parseTerm()
        while true {
            switch token.kind {
            case .plus: next += 1; result = .binary(.add, result, try parseTerm())
            case .minus: next += 1; result = .binary(.subtract, result, try parseTerm())
            default: return result
            }
        }
    }

    /// term = unary { ("*" | "/") unary }
    private mutating func parseTerm() throws(FormulaError) -> FormulaExpression {
        var result = try parseUnary()
        while true {
            switch token.kind {
            case .times: next += 1; result = .binary(.multiply, result, try parseUnary())
            case .divide: next += 1; result = .binary(.divide, result, try parseUnary())
            default: return result
            }
        }
    }

    /// unary = ("-" | "+") unary | power
    private mutating func parseUnary() throws(FormulaError) -> FormulaExpression {
        switch token.kind {
        case .minus: next += 1; return .negate(try parseUnary())
        case .plus: next += 1; return try parseUnary()
        default: return try parsePower()
        }
    }

    /// power = primary [ ("^" | "**") unary ]: right-associative, and the exponent may be signed.
    private mutating func parsePower() throws(FormulaError) -> FormulaExpression {
        let base = try parsePrimary()
        guard token.kind == .power else { return base }
        next += 1
        return .binary(.power, base, try parseUnary())
    }

    private mutating func parsePrimary() throws(FormulaError) -> FormulaExpression {
        let t = token
        switch t.kind {
        case let .number(value):
            next += 1
            return .number(value)
        case .open:
            return try parseGroup()
        case let .identifier(name):
            next += 1
            let isCall: Bool = if case .open = token.kind { true } else { false }
            if let function = FormulaFunction(rawValue: name) {
                guard isCall else {
                    throw fail("function '\(name)' needs an argument in brackets, e.g. \(name)(x)",
                               at: t.position)
                }
                return .call(function, try parseGroup())
            }
            let known = name == "pi" || parameterIndex[name] != nil || variables.contains(name)
            if isCall {
                throw fail(known ? "'\(name)' is not a function (write '\(name)*(...)' for a product)"
                                 : "unknown function '\(name)'", at: t.position)
            }
            if name == "pi" { return .number(Double.pi) }
            if let j = parameterIndex[name] {
                parameterUses.append((j, t.position))
                return .parameter(j)
            }
            if variables.contains(name) {
                variableUses += 1
                return .variable(name)
            }
            throw fail("unknown name '\(name)': not a parameter (\(list(parameterIndex.keys))), "
                + "a data variable (\(list(variables))), a function or pi", at: t.position)
        default:
            throw unexpected(t, expected: "a number, a name or '('")
        }
    }

    /// group = "(" expression ")" | "[" expression "]", each closed by its own kind.
    private mutating func parseGroup() throws(FormulaError) -> FormulaExpression {
        let open = token
        guard case let .open(bracket) = open.kind else {
            throw unexpected(open, expected: "'('")
        }
        next += 1
        let inner = try parseExpression()
        guard token.kind == .close(bracket) else {
            let what = "'\(bracket.closing)' to close the '\(bracket.opening)' at column \(open.position + 1)"
            throw unexpected(token, expected: what)
        }
        next += 1
        return inner
    }

    private func list<S: Sequence<String>>(_ names: S) -> String {
        let sorted = names.sorted()
        return sorted.isEmpty ? "none" : sorted.joined(separator: ", ")
    }
}
