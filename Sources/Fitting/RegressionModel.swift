/// A model of a response: for parameters θ, one mean value f_i(θ) per observation, and optionally
/// the exact derivatives ∂f_i/∂θ_j.
///
/// The regressors (x values) are part of the model; the response y and the weights are not, so
/// one model value serves every refit on resampled responses (bootstrap, profile likelihood).
///
/// `evaluate` is called from the innermost loop of the solver, so it writes into caller-owned
/// buffers and must not allocate. A model that needs working memory declares `scratchCount`; the
/// solver allocates it once per workspace and hands the same buffer to every call. Models are
/// values shared across threads: all mutable state lives in the scratch buffer.
///
/// The solver checks every value and derivative for finiteness, so a model that is undefined at θ
/// may simply write NaN or infinity there.
public protocol RegressionModel: Sendable {
    /// Parameter names, in the order of θ.
    var parameterNames: [String] { get }
    /// Number of observations n (the length of `values`).
    var observationCount: Int { get }
    /// Whether `evaluate` fills `jacobian` when asked. When false the solver uses finite differences.
    var hasAnalyticJacobian: Bool { get }
    /// Doubles of working memory `evaluate` needs; 0 by default.
    var scratchCount: Int { get }
    /// A short description of the model for reports, e.g. the formula.
    var modelDescription: String { get }

    /// Writes f_i(θ) into `values` (count n) and, when `jacobian` is non-nil and
    /// `hasAnalyticJacobian` is true, ∂f_i/∂θ_j into `jacobian[i * p + j]` (row-major, n × p).
    func evaluate(
        _ parameters: UnsafeBufferPointer<Double>,
        values: UnsafeMutableBufferPointer<Double>,
        jacobian: UnsafeMutableBufferPointer<Double>?,
        scratch: UnsafeMutableBufferPointer<Double>
    )
}

extension RegressionModel {
    public var scratchCount: Int { 0 }
    public var parameterCount: Int { parameterNames.count }
    public var modelDescription: String { "model(\(parameterNames.joined(separator: ", ")))" }

    /// Convenience for tests and one-off use: allocates, so never call it in a fitting loop.
    public func values(at parameters: [Double]) -> [Double] {
        var out = [Double](repeating: .nan, count: observationCount)
        var scratch = [Double](repeating: 0, count: scratchCount)
        parameters.withUnsafeBufferPointer { θ in
            out.withUnsafeMutableBufferPointer { v in
                scratch.withUnsafeMutableBufferPointer { s in
                    evaluate(θ, values: v, jacobian: nil, scratch: s)
                }
            }
        }
        return out
    }

    /// Convenience for tests: the n × p Jacobian, row-major. Allocates.
    public func jacobian(at parameters: [Double]) -> [Double] {
        var out = [Double](repeating: .nan, count: observationCount)
        var jac = [Double](repeating: .nan, count: observationCount * parameterCount)
        var scratch = [Double](repeating: 0, count: scratchCount)
        parameters.withUnsafeBufferPointer { θ in
            out.withUnsafeMutableBufferPointer { v in
                jac.withUnsafeMutableBufferPointer { j in
                    scratch.withUnsafeMutableBufferPointer { s in
                        evaluate(θ, values: v, jacobian: j, scratch: s)
                    }
                }
            }
        }
        return jac
    }
}

/// A model given by Swift closures, for tests and for small hand-written models. The closure
/// receives θ and the observation index and returns f_i(θ); the optional gradient closure writes
/// ∂f_i/∂θ into its buffer. Slower than a dedicated type; fine outside hot loops.
public struct ClosureModel: RegressionModel {
    public let parameterNames: [String]
    public let observationCount: Int
    public let modelDescription: String
    private let value: @Sendable (UnsafeBufferPointer<Double>, Int) -> Double
    private let gradient: (@Sendable (UnsafeBufferPointer<Double>, Int, UnsafeMutableBufferPointer<Double>) -> Void)?

    public init(
        parameterNames: [String],
        observationCount: Int,
        description: String = "closure model",
        value: @escaping @Sendable (UnsafeBufferPointer<Double>, Int) -> Double,
        gradient: (@Sendable (UnsafeBufferPointer<Double>, Int, UnsafeMutableBufferPointer<Double>) -> Void)? = nil
    ) {
        self.parameterNames = parameterNames
        self.observationCount = observationCount
        self.modelDescription = description
        self.value = value
        self.gradient = gradient
    }

    public var hasAnalyticJacobian: Bool { gradient != nil }

    public func evaluate(
        _ parameters: UnsafeBufferPointer<Double>,
        values: UnsafeMutableBufferPointer<Double>,
        jacobian: UnsafeMutableBufferPointer<Double>?,
        scratch: UnsafeMutableBufferPointer<Double>
    ) {
        let p = parameterNames.count
        for i in 0..<observationCount {
            values[i] = value(parameters, i)
            if let jacobian, let gradient {
                let row = UnsafeMutableBufferPointer(rebasing: jacobian[(i * p)..<(i * p + p)])
                gradient(parameters, i, row)
            }
        }
    }
}
