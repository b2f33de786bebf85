import Testing
import Foundation
@testable import Fitting

/// Expected values from Tests/FittingTests/reference/delta_method.py (numpy, analytic gradients and
/// Jacobians written out by hand).
@Suite struct DeltaMethodTests {
    static let θ = [1.2, 0.8, 3.5]
    static let covariance = SquareMatrix(rows: [
        [0.040, -0.010, 0.006],
        [-0.010, 0.090, -0.020],
        [0.006, -0.020, 0.250],
    ])

    static func close(_ a: Double, _ b: Double, relative: Double) -> Bool {
        abs(a - b) <= relative * abs(b)
    }

    @Test func analyticGradient() throws {
        let ln2 = 0.6931471805599453
        let estimate = try DeltaMethod.estimate(
            of: { ln2 / $0[1] }, at: Self.θ, covariance: Self.covariance,
            gradient: [0, -ln2 / (0.8 * 0.8), 0])
        #expect(Self.close(estimate.value, 0.8664339756999315, relative: 1e-15))
        #expect(Self.close(estimate.standardError, 0.3249127408874743, relative: 1e-14))
    }

    /// Central differences with h = ε^(1/3)|θ| have relative error of order ε^(2/3) ≈ 4e-11 on a
    /// smooth function; 1e-8 leaves room for the curvature of exp.
    @Test func centralDifferenceGradient() throws {
        let fit = UncertaintyFixtures.fit(names: ["a", "b", "c"], parameters: Self.θ, covariance: Self.covariance)
        let estimate = try fit.derived { $0[0] * Foundation.exp(2 * $0[1]) / $0[2] }
        #expect(Self.close(estimate.value, 1.6981825455068964, relative: 1e-15))
        #expect(Self.close(estimate.standardError, 1.0670920344274741, relative: 1e-8))
    }

    @Test func reparametrisedFit() throws {
        let fit = UncertaintyFixtures.fit(names: ["a", "kappa", "theta"], parameters: Self.θ, covariance: Self.covariance)
        let transform: ([Double]) -> [Double] = { [$0[0], Foundation.exp($0[1]), 1950 + Foundation.exp($0[2])] }
        let analytic = try fit.reparametrised(
            names: ["a", "k", "tStar"], transform: transform,
            jacobian: { [1, 0, 0, 0, Foundation.exp($0[1]), 0, 0, 0, Foundation.exp($0[2])] })
        let numeric = try fit.reparametrised(names: ["a", "k", "tStar"], transform: transform)
        let values = [1.2, 2.225540928492468, 1983.1154519586923]
        let se = [0.2, 0.6676622785477403, 16.557725979346156]
        let correlations = [(0, 1, -0.16666666666666669), (0, 2, 0.06), (1, 2, -0.13333333333333333)]
        for (result, tolerance) in [(analytic, 1e-13), (numeric, 1e-8)] {
            #expect(result.parameterNames == ["a", "k", "tStar"])
            for i in 0..<3 {
                #expect(Self.close(result.parameters[i], values[i], relative: 1e-15))
                #expect(Self.close(result.standardErrors[i], se[i], relative: tolerance))
                #expect(result.correlation[i, i] == 1)
            }
            for (i, j, r) in correlations {
                #expect(Self.close(result.correlation[i, j], r, relative: tolerance))
                #expect(result.covariance[i, j] == result.covariance[j, i])
            }
            #expect(result.rss == fit.rss)
        }
    }

    @Test func badInputIsATypedError() {
        #expect(throws: FittingError.self) {
            try DeltaMethod.standardError(gradient: [1, 2], covariance: Self.covariance)
        }
        #expect(throws: FittingError.self) {  // g undefined next to the estimate
            try DeltaMethod.estimate(of: { $0[1] == 0.8 ? 1 : .nan }, at: Self.θ, covariance: Self.covariance)
        }
        let fit = UncertaintyFixtures.fit(names: ["a", "b", "c"], parameters: Self.θ, covariance: Self.covariance)
        #expect(throws: FittingError.self) { try fit.reparametrised(names: ["a"], transform: { $0 }) }
    }
}
