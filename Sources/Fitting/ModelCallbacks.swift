import _GSLShims

/// What GSL's C callbacks need to evaluate a `RegressionModel`: it lives at one stable heap address
/// for the life of a `NonlinearLeastSquares` (GSL keeps the `params` pointer between `init` and the
/// last `iterate`), and its buffers are allocated once, so an iteration allocates nothing.
///
/// GSL's residual vector is f_i(θ) = model_i(θ) - y_i (unweighted; GSL multiplies f and J by √w_i
/// itself when the workspace is initialised with weights), so its Jacobian is ∂model_i/∂θ_j as the
/// model gives it. Minimising ||√W f||² is the same fit as minimising Σ w_i (y_i - model_i)².
struct ModelCallbacks {
    /// The model being fitted and its scratch buffer; set for the duration of one fit only.
    ///
    /// Held as an existential rather than captured in a closure: a model of up to three words
    /// (every built-in model: an array and a number or two) sits in the existential's inline
    /// buffer, so binding it allocates nothing, where a closure capturing a generic model needs a
    /// heap context on every fit.
    var model: (any RegressionModel)?
    var scratch = UnsafeMutableBufferPointer<Double>(start: nil, count: 0)

    /// A residual this large (squared and summed, still finite) stands in for a model value that
    /// is NaN or infinite at a trial point: the trust region sees an enormous cost, rejects the
    /// step and shrinks, instead of accepting a NaN step (GSL's step test passes on NaN).
    static let penaltyResidual = 1e100

    let n: Int
    let p: Int
    var response: UnsafePointer<Double>?
    let parameters: UnsafeMutableBufferPointer<Double>
    let values: UnsafeMutableBufferPointer<Double>
    let jacobian: UnsafeMutableBufferPointer<Double>

    init(n: Int, p: Int) {
        self.n = n
        self.p = p
        parameters = .allocate(capacity: p)
        values = .allocate(capacity: n)
        jacobian = .allocate(capacity: n * p)
        parameters.initialize(repeating: 0)
        values.initialize(repeating: 0)
        jacobian.initialize(repeating: 0)
    }

    func deallocate() {
        parameters.deallocate()
        values.deallocate()
        jacobian.deallocate()
    }

    /// Evaluates the bound model at `parameters` into `values` (and `jacobian` when asked); by
    /// default into the callbacks' own buffers.
    /// - Returns: false when no model is bound.
    func evaluate(
        values: UnsafeMutableBufferPointer<Double>? = nil, jacobian: UnsafeMutableBufferPointer<Double>?
    ) -> Bool {
        guard let model else { return false }
        model.evaluate(UnsafeBufferPointer(parameters), values: values ?? self.values, jacobian: jacobian, scratch: scratch)
        return true
    }

    /// Copies GSL's x (honouring its stride) into `parameters`.
    private func load(_ x: UnsafePointer<gsl_vector>) {
        let stride = x.pointee.stride
        for j in 0..<p { parameters[j] = x.pointee.data[j * stride] }
    }

    /// f_i = model_i - y_i into `f`, honouring its stride: with a finite-difference Jacobian GSL
    /// passes a column of J here, whose stride is p.
    func residuals(_ x: UnsafePointer<gsl_vector>, into f: UnsafeMutablePointer<gsl_vector>) -> Int32 {
        guard let response else { return Int32(GSL_EFAULT) }
        load(x)
        let stride = f.pointee.stride
        // GSL's own residual vector is contiguous: the model writes into it directly (no copy).
        let direct = stride == 1 ? UnsafeMutableBufferPointer(start: f.pointee.data, count: n) : values
        guard evaluate(values: direct, jacobian: nil) else { return Int32(GSL_EFAULT) }
        var finite = true
        for i in 0..<n {
            let r = direct[i] - response[i]
            if !r.isFinite { finite = false; break }
            f.pointee.data[i * stride] = r
        }
        if !finite {
            for i in 0..<n { f.pointee.data[i * stride] = Self.penaltyResidual }
        }
        return Int32(GSL_SUCCESS)
    }

    /// ∂model_i/∂θ_j into GSL's matrix (honouring its row stride `tda`). A non-finite derivative at
    /// an accepted point is an error GSL reports back from `iterate`.
    func jacobian(_ x: UnsafePointer<gsl_vector>, into J: UnsafeMutablePointer<gsl_matrix>) -> Int32 {
        load(x)
        let tda = J.pointee.tda
        if tda == p {
            // GSL's n × p Jacobian is row-major without padding: the model writes into it directly.
            let direct = UnsafeMutableBufferPointer(start: J.pointee.data, count: n * p)
            guard evaluate(jacobian: direct) else { return Int32(GSL_EFAULT) }
            for d in direct where !d.isFinite { return Int32(GSL_EDOM) }
            return Int32(GSL_SUCCESS)
        }
        guard evaluate(jacobian: jacobian) else { return Int32(GSL_EFAULT) }
        for i in 0..<n {
            for j in 0..<p {
                let d = jacobian[i * p + j]
                if !d.isFinite { return Int32(GSL_EDOM) }
                J.pointee.data[i * tda + j] = d
            }
        }
        return Int32(GSL_SUCCESS)
    }
}

/// The C entry points GSL calls; `params` is the `ModelCallbacks` of the fitting workspace.
let gslResidualFunction: @convention(c) (
    UnsafePointer<gsl_vector>?, UnsafeMutableRawPointer?, UnsafeMutablePointer<gsl_vector>?
) -> Int32 = { x, params, f in
    guard let x, let params, let f else { return Int32(GSL_EFAULT) }
    return params.assumingMemoryBound(to: ModelCallbacks.self).pointee.residuals(x, into: f)
}

let gslJacobianFunction: @convention(c) (
    UnsafePointer<gsl_vector>?, UnsafeMutableRawPointer?, UnsafeMutablePointer<gsl_matrix>?
) -> Int32 = { x, params, J in
    guard let x, let params, let J else { return Int32(GSL_EFAULT) }
    return params.assumingMemoryBound(to: ModelCallbacks.self).pointee.jacobian(x, into: J)
}
