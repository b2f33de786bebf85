/// A regression model written as a formula, e.g. `b1*(1-exp[-b2*x])` or, with a transformed
/// response, `log(y) = b1 - b2*x1*exp(-b3*x2)` (NIST Nelson). The language is described in
/// `FormulaParser.swift`.
///
/// The formula is parsed and compiled once (`FormulaProgram`); `evaluate` runs the compiled tape
/// with forward-mode automatic differentiation, so the Jacobian is exact to rounding, never a finite
/// difference, and it allocates nothing: all working memory is the solver's `scratch`.
public struct FormulaModel: RegressionModel {
    public let parameterNames: [String]
    public let observationCount: Int
    public var hasAnalyticJacobian: Bool { true }
    public var scratchCount: Int { program.scratchCount }
    /// The formula text as given.
    public let modelDescription: String
    /// For an equation `lhs = rhs`: the lhs evaluated on the data (e.g. ln y), one per observation;
    /// nil otherwise. Values outside the domain (ln of a non-positive y) are NaN, which a fit
    /// rejects as non-finite data.
    public let response: [Double]?
    /// The lhs text when present (e.g. "log(y)"), for reports.
    public let responseExpression: String?

    private let program: FormulaProgram

    /// - Parameters:
    ///   - formula: the formula text (see `FormulaParser` for the grammar).
    ///   - parameters: parameter names in θ order; each must occur on the right side.
    ///   - data: variable columns by name, all the same length n.
    /// - Throws: `FormulaError` with the position of the offending token. Every identifier that is
    ///   neither a parameter, a data variable, a function nor `pi` is an error; so are columns of
    ///   different lengths and parameter names that are repeated, clash with a data variable, or
    ///   are reserved (function names, `pi`); those problems are not in the text and are reported
    ///   at position 0.
    public init(_ formula: String, parameters: [String], data: [String: [Double]]) throws(FormulaError) {
        func fail(_ message: String) -> FormulaError {
            FormulaError(message: message, source: formula, position: 0)
        }
        let lengths = data.map { (name: $0.key, count: $0.value.count) }.sorted { $0.name < $1.name }
        let n = lengths.first?.count ?? 0
        if let odd = lengths.first(where: { $0.count != n }), let first = lengths.first {
            throw fail("data columns differ in length: '\(first.name)' has \(first.count) values, "
                + "'\(odd.name)' has \(odd.count)")
        }
        var seen: Set<String> = []
        for name in parameters {
            if !seen.insert(name).inserted { throw fail("parameter '\(name)' is declared twice") }
            if FormulaFunction(rawValue: name) != nil || name == "pi" {
                throw fail("'\(name)' cannot name a parameter: it is reserved for the function or constant")
            }
            if data[name] != nil { throw fail("'\(name)' is both a parameter and a data variable") }
        }

        let parsed = try FormulaParser.parse(formula, parameters: parameters, variables: Set(data.keys))
        parameterNames = parameters
        observationCount = n
        modelDescription = formula
        responseExpression = parsed.responseText
        response = parsed.response.map { lhs in (0..<n).map { lhs.value(at: $0, data: data) } }
        program = FormulaProgram(parsed.mean, parameterCount: parameters.count, data: data, observationCount: n)
    }

    public func evaluate(
        _ parameters: UnsafeBufferPointer<Double>,
        values: UnsafeMutableBufferPointer<Double>,
        jacobian: UnsafeMutableBufferPointer<Double>?,
        scratch: UnsafeMutableBufferPointer<Double>
    ) {
        program.evaluate(parameters, values: values, jacobian: jacobian, scratch: scratch)
    }
}
