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
/// - Nesting (brackets, signs, operators within operators) is limited to 200 levels, so that no
///   input can exhaust the stack.
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
    /// Current recursion depth of `parseUnary`.
    private var nesting = 0
    /// The deepest nesting accepted (sub-expressions within sub-expressions), far beyond any real
    /// model and far below what the recursive compiler's stack can take.
    static let maximumDepth = 200

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
        var mean = try parseExpression().0
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
            mean = try parseExpression().0
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
    private mutating func parseExpression() throws(FormulaError) -> (FormulaExpression, depth: Int) {
        var tree = try parseTerm()
        while true {
            let op = token
            switch op.kind {
            case .plus: next += 1; tree = try node(.add, tree, try parseTerm(), at: op)
            case .minus: next += 1; tree = try node(.subtract, tree, try parseTerm(), at: op)
            default: return tree
            }
        }
    }

    /// term = unary { ("*" | "/") unary }
    private mutating func parseTerm() throws(FormulaError) -> (FormulaExpression, depth: Int) {
        var tree = try parseUnary()
        while true {
            let op = token
            switch op.kind {
            case .times: next += 1; tree = try node(.multiply, tree, try parseUnary(), at: op)
            case .divide: next += 1; tree = try node(.divide, tree, try parseUnary(), at: op)
            default: return tree
            }
        }
    }

    /// unary = ("-" | "+") unary | power
    ///
    /// Every nested construct (a group, a sign, an exponent) recurses through here, so this is where
    /// nesting is limited: a formula thousands of levels deep would otherwise exhaust the stack.
    private mutating func parseUnary() throws(FormulaError) -> (FormulaExpression, depth: Int) {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Self.maximumDepth { throw tooDeep(at: token) }
        switch token.kind {
        case .minus:
            next += 1
            let (operand, depth) = try parseUnary()
            return (.negate(operand), depth + 1)
        case .plus:
            next += 1
            return try parseUnary()
        default:
            return try parsePower()
        }
    }

    /// power = primary [ ("^" | "**") unary ]: right-associative, and the exponent may be signed.
    private mutating func parsePower() throws(FormulaError) -> (FormulaExpression, depth: Int) {
        let base = try parsePrimary()
        let op = token
        guard op.kind == .power else { return base }
        next += 1
        return try node(.power, base, try parseUnary(), at: op)
    }

    /// A binary node, refused when it would nest deeper than `maximumDepth`.
    private func node(
        _ op: FormulaOperator, _ left: (FormulaExpression, depth: Int), _ right: (FormulaExpression, depth: Int),
        at token: FormulaToken
    ) throws(FormulaError) -> (FormulaExpression, depth: Int) {
        let depth = max(left.depth, right.depth) + 1
        if depth > Self.maximumDepth { throw tooDeep(at: token) }
        return (.binary(op, left.0, right.0), depth)
    }

    private func tooDeep(at token: FormulaToken) -> FormulaError {
        fail("the formula nests more than \(Self.maximumDepth) levels deep", at: token.position)
    }

    private mutating func parsePrimary() throws(FormulaError) -> (FormulaExpression, depth: Int) {
        let t = token
        switch t.kind {
        case let .number(value):
            next += 1
            return (.number(value), 0)
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
                let (argument, depth) = try parseGroup()
                return (.call(function, argument), depth + 1)
            }
            let known = name == "pi" || parameterIndex[name] != nil || variables.contains(name)
            if isCall {
                throw fail(known ? "'\(name)' is not a function (write '\(name)*(...)' for a product)"
                                 : "unknown function '\(FormulaError.excerpt(name))'", at: t.position)
            }
            if name == "pi" { return (.number(Double.pi), 0) }
            if let j = parameterIndex[name] {
                parameterUses.append((j, t.position))
                return (.parameter(j), 0)
            }
            if variables.contains(name) {
                variableUses += 1
                return (.variable(name), 0)
            }
            throw fail("unknown name '\(FormulaError.excerpt(name))': not a parameter (\(list(parameterIndex.keys))), "
                + "a data variable (\(list(variables))), a function or pi", at: t.position)
        default:
            throw unexpected(t, expected: "a number, a name or '('")
        }
    }

    /// group = "(" expression ")" | "[" expression "]", each closed by its own kind.
    private mutating func parseGroup() throws(FormulaError) -> (FormulaExpression, depth: Int) {
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
