import Foundation
import PropertyBased
import Testing
@testable import Fitting

/// One formula evaluated symbolically by sympy: values f_i and Jacobian rows ∂f_i/∂θ_j at θ.
struct SympyCase: Sendable, CustomTestStringConvertible {
    var formula: String
    var parameters: [String]
    var theta: [Double]
    var data: [String: [Double]]
    var response: [Double]?
    var values: [Double]
    var jacobian: [[Double]]

    var testDescription: String { formula }
}

/// Agreement to rounding: relative error at most 1e-11 (infinities must match exactly).
private func agrees(_ actual: Double, _ expected: Double) -> Bool {
    if expected.isInfinite { return actual == expected }
    return abs(actual - expected) <= 1e-11 * abs(expected)
}

private func parse(_ source: String, parameters: [String] = [], variables: Set<String> = ["a", "b", "c", "x"])
    throws -> FormulaParser.Parsed
{
    try FormulaParser.parse(source, parameters: parameters, variables: variables)
}

private func mean(_ source: String) throws -> FormulaExpression { try parse(source).mean }

@Suite struct FormulaParsingTests {
    let a = FormulaExpression.variable("a")
    let b = FormulaExpression.variable("b")
    let c = FormulaExpression.variable("c")
    let x = FormulaExpression.variable("x")

    @Test func precedenceAndAssociativity() throws {
        #expect(try mean("a+b*c") == .binary(.add, a, .binary(.multiply, b, c)))
        #expect(try mean("a-b-c") == .binary(.subtract, .binary(.subtract, a, b), c))
        #expect(try mean("a/b*c") == .binary(.multiply, .binary(.divide, a, b), c))
        #expect(try mean("a*b^c") == .binary(.multiply, a, .binary(.power, b, c)))
        // ^ is right-associative; ** is the same operator.
        #expect(try mean("a^b^c") == .binary(.power, a, .binary(.power, b, c)))
        #expect(try mean("a**b**c") == mean("a^b^c"))
        // Power binds tighter than unary minus, on both sides of it.
        #expect(try mean("-x^2") == .negate(.binary(.power, x, .number(2))))
        #expect(try mean("x^-2") == .binary(.power, x, .negate(.number(2))))
        #expect(try mean("2^-x^2") == .binary(.power, .number(2), .negate(.binary(.power, x, .number(2)))))
        #expect(try mean("a*-b") == .binary(.multiply, a, .negate(b)))
        #expect(try mean("+x") == x)
        #expect(try mean("--x") == .negate(.negate(x)))
        #expect(try mean("(a+b)*c") == .binary(.multiply, .binary(.add, a, b), c))
    }

    @Test func squareBracketsGroupAndCall() throws {
        #expect(try mean("[a+b]*c") == mean("(a+b)*c"))
        #expect(try mean("exp[-b*x]") == .call(.exp, .binary(.multiply, .negate(b), x)))
        #expect(try mean("exp[(a)]") == mean("exp(a)"))
    }

    @Test(arguments: [
        ("12", 12.0), ("1.5", 1.5), (".5", 0.5), ("2.", 2.0), ("1.5e-3", 0.0015),
        ("2.E+1", 20.0), ("3e2", 300.0), ("pi", Double.pi),
    ])
    func numbers(text: String, value: Double) throws {
        #expect(try mean(text) == .number(value))
    }

    @Test func whitespaceAndNewlinesAnywhere() throws {
        #expect(try mean(" a *\n\t( b\n+ c ) ") == mean("a*(b+c)"))
        #expect(try mean("a ** b") == mean("a^b"))
    }

    @Test func everyFunctionByName() throws {
        for function in FormulaFunction.allCases {
            #expect(try mean("\(function.rawValue)(x)") == .call(function, x))
        }
        #expect(FormulaFunction.allCases.map(\.rawValue) == ["exp", "log", "sqrt", "sin", "cos", "tan", "atan", "abs"])
    }

    @Test func equationHasResponseSide() throws {
        let parsed = try parse("log(y) = b1 - b2*x", parameters: ["b1", "b2"], variables: ["x", "y"])
        #expect(parsed.response == .call(.log, .variable("y")))
        #expect(parsed.responseText == "log(y)")
        #expect(parsed.mean == .binary(.subtract, .parameter(0), .binary(.multiply, .parameter(1), .variable("x"))))
        #expect(try parse("b1*x", parameters: ["b1"]).response == nil)
    }
}

@Suite struct FormulaErrorTests {
    /// (formula, parameters, expected message, expected 0-based position). Positions counted by hand
    /// on the formula text; each names the offending token.
    static let cases: [(String, [String], String, Int)] = [
        ("b1*x $ 2", ["b1"], "unexpected character '$'", 5),
        ("b1*(x+1", ["b1"], "expected ')' to close the '(' at column 4, found the end of the formula", 7),
        ("b1*exp[x)", ["b1"], "expected ']' to close the '[' at column 7, found ')'", 8),
        ("b1*(x]", ["b1"], "expected ')' to close the '(' at column 4, found ']'", 5),
        ("b1*z", ["b1"], "unknown name 'z': not a parameter (b1), a data variable (x, y), a function or pi", 3),
        ("b1*foo(x)", ["b1"], "unknown function 'foo'", 3),
        ("b1(x+1)", ["b1"], "'b1' is not a function (write 'b1*(...)' for a product)", 0),
        ("b1*exp", ["b1"], "function 'exp' needs an argument in brackets, e.g. exp(x)", 3),
        ("sqrt*b1", ["b1"], "function 'sqrt' needs an argument in brackets, e.g. sqrt(x)", 0),
        ("log(y*b1) = b1*x", ["b1"], "parameter 'b1' on the left side of '='; the response may use data variables only", 6),
        ("2 = b1*x", ["b1"], "the left side of '=' must use a data variable (it is the response)", 0),
        ("y = b1*x = 2", ["b1"], "only one '=' is allowed", 9),
        ("b1*x)", ["b1"], "')' without a matching '('", 4),
        ("b1*x x", ["b1"], "missing operator before 'x' (write * for a product)", 5),
        ("2x*b1", ["b1"], "missing operator before 'x' (write * for a product)", 1),
        ("b1*", ["b1"], "expected a number, a name or '(', found the end of the formula", 3),
        ("b1*/x", ["b1"], "expected a number, a name or '(', found '/'", 3),
        ("y = ", ["b1"], "expected a number, a name or '(', found the end of the formula", 4),
        ("b1*2e", ["b1"], "malformed number '2e': the exponent needs digits, e.g. 1.5e-3", 3),
        ("b1*1e+", ["b1"], "malformed number '1e+': the exponent needs digits, e.g. 1.5e-3", 3),
        ("", ["b1"], "empty formula", 0),
        (" \n ", ["b1"], "empty formula", 0),
        ("b1*x", ["b1", "b2"], "parameter 'b2' does not appear in the formula", 4),
        ("log(y) = b1*x", ["b1", "b2"], "parameter 'b2' does not appear in the right side of '='", 13),
        ("b1*x", ["b1", "b1"], "parameter 'b1' is declared twice", 0),
        ("exp*x", ["exp"], "'exp' cannot name a parameter: it is reserved for the function or constant", 0),
        ("pi*x", ["pi"], "'pi' cannot name a parameter: it is reserved for the function or constant", 0),
        ("x*y", ["x"], "'x' is both a parameter and a data variable", 0),
    ]

    @Test(arguments: cases)
    func reportsMessageAndPosition(formula: String, parameters: [String], message: String, position: Int) {
        #expect(throws: FormulaError(message: message, source: formula, position: position)) {
            try FormulaModel(formula, parameters: parameters, data: ["x": [1, 2], "y": [3, 4]])
        }
    }

    /// Positions counted from the construction of each formula: the 201st nested level fails.
    @Test func nestingIsLimited() throws {
        let message = "the formula nests more than 200 levels deep"
        let deepGroups = String(repeating: "(", count: 250) + "b1" + String(repeating: ")", count: 250)
        let manySigns = String(repeating: "-", count: 300) + "b1"
        let longSum = "b1" + String(repeating: "+x", count: 250)  // the k-th '+' is at 2k
        for (formula, position) in [(deepGroups, 200), (manySigns, 200), (longSum, 2 * 201)] {
            #expect(throws: FormulaError(message: message, source: formula, position: position)) {
                try FormulaModel(formula, parameters: ["b1"], data: ["x": [1, 2]])
            }
        }
        let longestSum = try FormulaModel("b1" + String(repeating: "+x", count: 200), parameters: ["b1"],
                                          data: ["x": [1, 2]])
        #expect(longestSum.values(at: [0.5]) == [200.5, 400.5])
    }

    @Test func mismatchedColumnLengths() {
        let expected = FormulaError(
            message: "data columns differ in length: 'x' has 2 values, 'y' has 3", source: "b1*x", position: 0)
        #expect(throws: expected) {
            try FormulaModel("b1*x", parameters: ["b1"], data: ["x": [1, 2], "y": [1, 2, 3]])
        }
    }

    @Test func caretSitsUnderTheOffendingToken() {
        let error = FormulaError(message: "unknown name 'z'", source: "b1*z", position: 3)
        #expect(error.description == "formula error at column 4: unknown name 'z'\n  b1*z\n     ^")
    }
}

@Suite struct FormulaModelTests {
    /// Pasted from the output of Tests/FittingTests/reference/formula_derivatives.py (sympy 1.14.0):
    /// each formula is written there independently as a sympy expression and differentiated
    /// symbolically. Covers every function, pi, both brackets, ** and ^, x^c at negative x with
    /// integer c, a^b with parameters in base and exponent, abs'(0) = 0 (third x of the atan case,
    /// where b1 = x), 0^b (limit 0) and sqrt at 0 (+inf), and Nelson's transformed response.
    static let sympyCases: [SympyCase] = [
        SympyCase(
            formula: "b1*(1-exp[-b2*x])", parameters: ["b1", "b2"],
            theta: [500.0, 0.0001], data: ["x": [77.6, 239.9, 790.0]],
            response: nil,
            values: [3.8649844652867746, 11.85226366808933, 37.9800377774566],
            jacobian: [[0.007729968930573549, 38500.07720549374], [0.02370452733617866, 117106.64194602537], [0.0759600755549132, 364995.7701558093]]
        ),
        SympyCase(
            formula: "log(y) = b1 - b2*x1*exp(-b3*x2)", parameters: ["b1", "b2", "b3"],
            theta: [2.5, 5e-09, -0.02], data: ["x1": [1.0, 2.0, 16.0], "x2": [180.0, 225.0, 250.0], "y": [15.0, 17.0, 0.5]],
            response: [2.70805020110221, 2.833213344056216, -0.6931471805599453],
            values: [2.4999998170088276, 2.499999099828687, 2.499988126947272],
            jacobian: [[1.0, -36.59823444367799, 3.293841099931019e-05], [1.0, -180.03426260104365, 0.0002025385454261741], [1.0, -2374.610545641226, 0.0029682631820515323]]
        ),
        SympyCase(
            formula: "b1 * (1-(1+2*b2*x)**(-.5))", parameters: ["b1", "b2"],
            theta: [600.0, 0.0002], data: ["x": [77.6, 790.0]],
            response: nil,
            values: [9.100675941168166, 76.97396718419502],
            jacobian: [[0.015167793235280277, 44473.33522168427], [0.1282899453069917, 313974.5941675425]]
        ),
        SympyCase(
            formula: "b1*exp( -b2*x ) + b3*exp( -(x-b4)**2 / b5**2 )", parameters: ["b1", "b2", "b3", "b4", "b5"],
            theta: [98.0, 0.0105, 100.0, 67.0, 23.0], data: ["x": [1.0, 60.5, 250.0]],
            response: nil,
            values: [97.00291988593057, 144.2445466554763, 7.099096189356642],
            jacobian: [[0.9895549325678993, -96.97638339165412, 0.00026536494276438026, -0.00662158269279739, 0.01900106337933164], [0.5298030210045931, -3141.2021115362327, 0.9232385059702619, -2.2688280865053696, 0.6411905461863], [0.07243975703425146, -1774.7740473391605, 3.209593901100128e-28, 2.2206264041637935e-26, 1.766846225921627e-25]]
        ),
        SympyCase(
            formula: "b1 + b2*cos( 2*pi*x/12 ) + b3*sin( 2*pi*x/12 ) + b4*tan(b5*x)", parameters: ["b1", "b2", "b3", "b4", "b5"],
            theta: [10.5, 3.0, 0.5, -1.25, 0.3], data: ["x": [1.0, 4.0, 7.5]],
            response: nil,
            values: [12.961405899341287, 6.217823174234321, 9.573410786127205],
            jacobian: [[1.0, 0.8660254037844386, 0.5, 0.30933624960962325, -1.369611144153184], [1.0, -0.5, 0.8660254037844386, 2.5721516221263188, -38.07981983603526], [1.0, -0.7071067811865476, -0.7071067811865476, -1.2386276162240968, -23.758109734434264]]
        ),
        SympyCase(
            formula: "atan[b1/(x-b2)]/pi + sqrt(b3*x) - abs(b1 - x)", parameters: ["b1", "b2", "b3"],
            theta: [2.0, -3.5, 0.75], data: ["x": [0.5, 2.0, 8.0]],
            response: nil,
            values: [-0.7400439466537722, 1.335762129846589, -3.495700218644131],
            jacobian: [[-0.9363380227632419, 0.03183098861837907, 0.408248290463863], [0.05111545617549923, 0.018587438609272446, 0.816496580927726], [1.026866522503586, 0.004672438696275826, 1.632993161855452]]
        ),
        SympyCase(
            formula: "b1*x^b2 + b2^x - (b1*x)**(b2*x)", parameters: ["b1", "b2"],
            theta: [1.5, 0.8], data: ["x": [0.5, 2.0, 3.25]],
            response: nil,
            values: [0.8646497282646904, -2.547894444906916, -57.14458536624616],
            jacobian: [[0.336668849769717, 0.09005991718124058], [-4.445081417189393, -9.33264629931674], [-103.9978931893612, -310.01675150566143]]
        ),
        SympyCase(
            formula: "b2*(x-b1)^3 + (x-b1)^-2 - -x^2", parameters: ["b1", "b2"],
            theta: [4.0, 0.5], data: ["x": [-2.0, 1.0, 3.5]],
            response: nil,
            values: [-103.97222222222223, -12.38888888888889, 16.1875],
            jacobian: [[-54.00925925925926, -216.0], [-13.574074074074074, -27.0], [-16.375, -0.125]]
        ),
        SympyCase(
            formula: "2^3^b1 + exp(b1)/b1 - log(b1*x)", parameters: ["b1"],
            theta: [0.7], data: ["x": [0.25, 9.0]],
            response: nil,
            values: [9.081693215859007, 5.498174277402897],
            jacobian: [[4.669767677807096], [4.669767677807096]]
        ),
        SympyCase(
            formula: "x^b1 + sqrt(b2) + b1", parameters: ["b1", "b2"],
            theta: [2.5, 0.0], data: ["x": [0.0, 2.0]],
            response: nil,
            values: [2.5, 8.15685424949238],
            jacobian: [[1.0, .infinity], [4.9210325738741885, .infinity]]
        ),
    ]

    @Test(arguments: sympyCases)
    func valuesAndJacobianMatchSympy(_ c: SympyCase) throws {
        let model = try FormulaModel(c.formula, parameters: c.parameters, data: c.data)
        #expect(model.hasAnalyticJacobian)
        #expect(model.observationCount == c.values.count)
        let values = model.values(at: c.theta)
        let jacobian = model.jacobian(at: c.theta)
        let p = c.parameters.count
        for i in c.values.indices {
            #expect(agrees(values[i], c.values[i]), "f[\(i)] = \(values[i]), sympy \(c.values[i])")
            for j in 0..<p {
                let ad = jacobian[i * p + j]
                let exact = c.jacobian[i][j]
                #expect(agrees(ad, exact), "∂f[\(i)]/∂\(c.parameters[j]) = \(ad), sympy \(exact)")
            }
        }
        if let expected = c.response {
            let response = try #require(model.response)
            for i in expected.indices { #expect(agrees(response[i], expected[i])) }
        } else {
            #expect(model.response == nil)
        }
    }

    @Test func equationReportsItsResponseAndText() throws {
        let model = try FormulaModel(
            "log(y) = b1 - b2*x1*exp(-b3*x2)", parameters: ["b1", "b2", "b3"],
            data: ["x1": [1], "x2": [2], "y": [3]])
        #expect(model.responseExpression == "log(y)")
        #expect(model.modelDescription == "log(y) = b1 - b2*x1*exp(-b3*x2)")
        #expect(model.parameterNames == ["b1", "b2", "b3"])
        let plain = try FormulaModel("b1*x", parameters: ["b1"], data: ["x": [1]])
        #expect(plain.responseExpression == nil && plain.response == nil)
    }

    /// Without a Jacobian the tape carries no partials and uses less scratch; values must not change.
    @Test func valuesWithoutJacobianAreTheSame() throws {
        let model = try FormulaModel("b1*exp(-b2*x)/(1+b3^2*x)", parameters: ["b1", "b2", "b3"],
                                     data: ["x": [0.5, 1.5, 4]])
        let theta = [2.0, 0.3, -0.7]
        var withJacobian = [Double](repeating: 0, count: 3)
        var jacobian = [Double](repeating: 0, count: 9)
        var scratch = [Double](repeating: .nan, count: model.scratchCount)
        theta.withUnsafeBufferPointer { θ in
            withJacobian.withUnsafeMutableBufferPointer { v in
                jacobian.withUnsafeMutableBufferPointer { j in
                    scratch.withUnsafeMutableBufferPointer { s in model.evaluate(θ, values: v, jacobian: j, scratch: s) }
                }
            }
        }
        #expect(model.values(at: theta) == withJacobian)
    }

    /// Compilation: `exp(-b2*x)` written twice is one instruction chain, and the data-only
    /// `2*pi*x/12` is a precomputed column. Counting by hand: -b2, (-b2)*x, exp, b1*exp, 1+exp, /
    /// gives 6 instructions; then b3 * column is 1.
    @Test func sharesRepeatedSubexpressionsAndPrecomputesDataOnlyOnes() throws {
        let shared = FormulaProgram(
            try parse("b1*exp(-b2*x)/(1+exp(-b2*x))", parameters: ["b1", "b2"]).mean,
            parameterCount: 2, data: ["x": [1, 2]], observationCount: 2)
        #expect(shared.instructions.count == 6)
        let hoisted = FormulaProgram(
            try parse("b3*(2*pi*x/12)", parameters: ["b3"]).mean, parameterCount: 1,
            data: ["x": [1, 2]], observationCount: 2)
        #expect(hoisted.instructions.count == 1)
        #expect(hoisted.columnCount == 1 && hoisted.constants.isEmpty)
    }

    /// A right side without parameters is a precomputed column; the model still evaluates.
    @Test func formulaWithoutParameters() throws {
        let model = try FormulaModel("2*x", parameters: [], data: ["x": [1.5, -4]])
        #expect(model.values(at: []) == [3, -8])
        #expect(model.jacobian(at: []).isEmpty)
    }

    /// Outside the domain the model writes NaN or infinity rather than trapping.
    @Test func undefinedValuesAreNonFinite() throws {
        let model = try FormulaModel("log(b1*x) + sqrt(b1) + 1/(b1-1)", parameters: ["b1"], data: ["x": [1, -1]])
        #expect(model.values(at: [-2]).allSatisfy { $0.isNaN })
        #expect(model.values(at: [1]).allSatisfy { !$0.isFinite })
        #expect(model.jacobian(at: [-2]).allSatisfy { !$0.isFinite })
    }
}

/// AD against central finite differences at random θ: a consistency property with a loose
/// tolerance (the sympy cases above are the exact check).
@Suite struct FormulaFiniteDifferenceProperty {
    static let x: [Double] = [0.3, 1.1, 2.7]
    static let formulas = [
        "b1*exp(-b2*x) + b3*sin(b1*x)/(1 + b2^2)",
        "sqrt(b1^2 + x) * atan(b2*x) - log(1 + b3^2*x) + cos(b3)",
        "(b1^2 + 1)^(b2*x) * tan(b3/(4 + x)) - x^3/(2 + b2**2)",
    ]

    @Test(arguments: formulas)
    func derivativesMatchCentralDifferences(_ formula: String) async throws {
        let model = try FormulaModel(formula, parameters: ["b1", "b2", "b3"], data: ["x": Self.x])
        let g = Gen.double(in: -2...2)
        await propertyCheck(input: g, g, g) { b1, b2, b3 in
            let theta = [b1, b2, b3]
            let jacobian = model.jacobian(at: theta)
            for j in 0..<3 {
                let h = 1e-6 * max(1, abs(theta[j]))
                var up = theta, down = theta
                up[j] += h
                down[j] -= h
                let fUp = model.values(at: up), fDown = model.values(at: down)
                for i in Self.x.indices {
                    let fd = (fUp[i] - fDown[i]) / (2 * h)
                    let ad = jacobian[i * 3 + j]
                    #expect(abs(ad - fd) <= 1e-5 * max(1, abs(ad)), "θ = \(theta), i = \(i), j = \(j): AD \(ad), FD \(fd)")
                }
            }
        }
    }

    /// Observations are evaluated in blocks of `FormulaProgram.blockSize`; 70 observations span
    /// two full blocks and a partial one. Each observation's value and Jacobian row must be exactly
    /// those of a model holding that observation alone.
    @Test func blocksDoNotMixObservations() async throws {
        let formula = "b1*exp(-b2*x) + b3*exp(-(x-b4)**2/b5^2)"
        let names = ["b1", "b2", "b3", "b4", "b5"]
        let x = (0..<70).map { 1 + 2.5 * Double($0) }
        let model = try FormulaModel(formula, parameters: names, data: ["x": x])
        let single = try x.map { try FormulaModel(formula, parameters: names, data: ["x": [$0]]) }
        await propertyCheck(input: Gen.double(in: 0.5...2).array(of: 5)) { scale in
            let theta = zip([98.0, 0.0105, 100.0, 67.0, 23.0], scale).map { $0 * $1 }
            let values = model.values(at: theta)
            let jacobian = model.jacobian(at: theta)
            for i in x.indices {
                #expect(values[i] == single[i].values(at: theta)[0])
                #expect(Array(jacobian[(5 * i)..<(5 * i + 5)]) == single[i].jacobian(at: theta))
            }
        }
    }
}
