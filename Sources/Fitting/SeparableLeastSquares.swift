
/// A regression model linear in every parameter but one:
///
///     f_i(θ) = Σ_j β_j φ_j(α)_i,
///
/// where α = θ[nonlinearParameterIndex] and β are the other parameters, in their order in θ.
/// `SeparableLeastSquares` fits such a model by variable projection: for each α the best β is a
/// linear least-squares problem, so the fit is a one-dimensional search over α.
public protocol SeparableRegressionModel: RegressionModel {
    /// The position of α in θ.
    var nonlinearParameterIndex: Int { get }
    /// How far the search over α may go. A minimum not found inside it is reported as `boundary`:
    /// the model's own reasons for the limits (a limit model at one end, overflow at another) are
    /// the model's to document.
    var nonlinearParameterDomain: ClosedRange<Double> { get }
    /// The basis column that is 1 for every observation (an intercept), if there is one; nil (the
    /// default) otherwise. A basis of one column, or of a constant and one other column, is a
    /// weighted line through the origin or a weighted straight line, whose profile
    /// `SeparableLeastSquares` forms in closed form instead of by Householder QR.
    var constantBasisColumn: Int? { get }
    /// Writes φ_j(α)_i into `values[i * m + j]` and ∂φ_j(α)_i/∂α into `derivatives[i * m + j]`
    /// (row-major n × m, m = p - 1). Called in the innermost loop: must not allocate.
    func basis(
        _ α: Double, values: UnsafeMutableBufferPointer<Double>, derivatives: UnsafeMutableBufferPointer<Double>)
}

extension SeparableRegressionModel {
    public var constantBasisColumn: Int? { nil }
}

/// Evenly spaced values of the nonlinear parameter α at which `SeparableLeastSquares` looks for
/// the basin of the profile's lowest minimum before closing on it.
public struct SeparableSearchGrid: Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    /// The number of intervals: the grid has `intervals` + 1 points, both ends included.
    public var intervals: Int

    public init(lower: Double, upper: Double, intervals: Int) {
        self.lower = lower
        self.upper = upper
        self.intervals = max(intervals, 1)
    }

    /// The k-th point, k = 0 … `intervals`.
    public func point(_ k: Int) -> Double { lower + (upper - lower) * Double(k) / Double(intervals) }
    /// The distance between neighbouring points.
    public var spacing: Double { (upper - lower) / Double(intervals) }
}

/// How a variable-projection fit ended.
public enum SeparableFitStatus: String, Codable, Sendable {
    /// The derivative of the profile RSS changed sign and was driven to zero: a local minimum.
    case converged
    /// The profile RSS still decreased at an end of `nonlinearParameterDomain`: the parameters
    /// returned are those at that end, not an estimate.
    case boundary
    /// The profile could not be evaluated (non-finite values, or a rank-deficient basis).
    case nonFinite
}

/// The outcome of `SeparableLeastSquares.fitParameters`.
public struct SeparableFitSummary: Sendable, Equatable {
    public var status: SeparableFitStatus
    /// Σ w_i (y_i - f_i)² at the returned parameters.
    public var rss: Double
    /// Evaluations of the profile (each: the basis, one small linear solve, the residuals).
    public var profileEvaluations: Int
    /// How many of them were the grid's points (0 for a search from a start).
    public var gridEvaluations: Int = 0
}

/// Least squares for a `SeparableRegressionModel` by variable projection (Golub & Pereyra 1973;
/// review: Golub & Pereyra 2003, "Separable nonlinear least squares: the variable projection
/// method and its applications", Inverse Problems 19, R1-R26).
///
/// For fixed α the coefficients β̂(α) solve a weighted linear least-squares problem, and the
/// profile RSS(α) = min_β RSS(α, β) has the derivative
///
///     dRSS/dα = -2 Σ_i w_i r_i (∂Φ/∂α β̂)_i,      r = y - Φ(α) β̂(α),
///
/// exactly, because ∂RSS/∂β vanishes at β̂ (the envelope theorem; Golub & Pereyra's formula for
/// one nonlinear parameter). The minimum is therefore a root of dRSS/dα, which is found to full
/// precision by Brent's method (Brent 1973, "Algorithms for Minimization without Derivatives",
/// ch. 4, procedure `zero`: bisection safeguarding inverse quadratic interpolation) on a bracket
/// where the derivative changes sign, closed to a relative width of 1e-12. Minimising the flat RSS
/// itself would resolve α only to √ε; its derivative crosses zero linearly. The bracket's two
/// derivatives are already known when Brent starts, so none is evaluated twice.
///
/// The linear problem at each α: a basis of one column, or of a constant and one other column
/// (`constantBasisColumn`), is a weighted line through the origin or a weighted straight line,
/// solved in closed form from centred sums (two or three passes over the data, the residuals
/// formed directly as (y_i - ȳ) - β (φ_i - φ̄), so the RSS carries no cancellation); any other
/// basis by Householder QR of diag(√w) Φ (n × m, m ≤ a handful).
///
/// Two searches:
/// - from a start (`fitParameters(_:response:weights:start:initialStep:parameters:)`): steps of
///   doubling length go downhill until the derivative changes sign (RSS decreases all the way, so
///   the bracket holds a minimum), then Brent closes it. The bootstrap's refits, from a start near
///   the answer.
/// - over a grid (`fitParameters(_:response:weights:searching:parameters:)`, `fit`): the profile
///   and its derivative at every grid point; each pair of neighbours whose derivative goes from
///   negative to non-negative brackets a local minimum, which Brent closes; a derivative that is
///   still negative at the last point (positive at the first) makes that end a candidate, its
///   RSS there standing for it. The candidate with the lowest RSS wins, and an end is then
///   followed downhill beyond the grid as in the first search. This is the minimum the best
///   point of a fine grid leads to, found with a coarse grid: the derivative's signs show each
///   basin the grid's points straddle, and the grid need only be fine enough that no basin falls
///   between two of its points.
///
/// This finds the same minimum as Levenberg–Marquardt on all p parameters (the profile of a
/// minimum is a minimum of the profile), with a one-dimensional search whose every step costs n
/// evaluations of the basis and a small linear solve.
///
/// One workspace per (n, p) and per thread; nothing is allocated per fit by `fitParameters`.
public final class SeparableLeastSquares {
    public let observationCount: Int
    public let parameterCount: Int
    /// Relative width at which the bracket of α counts as closed.
    public static let tolerance = 1e-12
    static let maxRootIterations = 100
    static let maxExpansions = 200

    let linearCount: Int
    /// One block holding every buffer below.
    private let storage: UnsafeMutableBufferPointer<Double>
    /// Φ and ∂Φ/∂α (row-major n × m), the QR of diag(√w) Φ (column-major, Householder vectors below
    /// the diagonal), diag(√w) y rotated by Qᵀ (or y - ȳ in the closed form), √w, w.
    let basisValues, basisDerivatives: UnsafeMutableBufferPointer<Double>
    private let factors: UnsafeMutableBufferPointer<Double>
    private let rotated, rootWeights: UnsafeMutableBufferPointer<Double>
    let weightValues: UnsafeMutableBufferPointer<Double>
    /// R's diagonal, 2 / vᵀv of each Householder vector, β̂ at the last evaluation, and the squared
    /// norms of the columns of diag(√w) Φ (the scale for the rank test).
    private let diagonal, reflectorScales, columnNorms: UnsafeMutableBufferPointer<Double>
    let coefficients: UnsafeMutableBufferPointer<Double>

    /// The response bound for the duration of one fit (the model is passed down the search's calls,
    /// generically, so that no evaluation copies or retains it).
    private var response: UnsafePointer<Double>?
    /// The closed form's layout for the bound model: nil for Householder QR, else the constant
    /// column (nil inside: none) and the other column.
    private var closedForm: (constant: Int?, column: Int)?
    private var totalWeight = 0.0, responseMean = 0.0
    private var evaluations = 0, gridEvaluations = 0
    private var lastRSS = Double.nan
    /// α of the last evaluation, whose β̂ and RSS the buffers hold.
    private var lastα = Double.nan

    public init(observations n: Int, parameters p: Int) throws(FittingError) {
        guard p >= 2 else { throw .invalidArgument("a separable model needs a nonlinear and at least one linear parameter") }
        guard n > p else { throw .tooFewObservations(observations: n, parameters: p) }
        observationCount = n
        parameterCount = p
        let m = p - 1
        linearCount = m
        let block = UnsafeMutableBufferPointer<Double>.allocate(capacity: 3 * n * m + 3 * n + 4 * m)
        block.initialize(repeating: 0)
        storage = block
        var offset = 0
        func slice(_ count: Int) -> UnsafeMutableBufferPointer<Double> {
            defer { offset += count }
            return UnsafeMutableBufferPointer(rebasing: block[offset..<(offset + count)])
        }
        basisValues = slice(n * m)
        basisDerivatives = slice(n * m)
        factors = slice(n * m)
        rotated = slice(n)
        rootWeights = slice(n)
        weightValues = slice(n)
        diagonal = slice(m)
        reflectorScales = slice(m)
        coefficients = slice(m)
        columnNorms = slice(m)
    }

    deinit {
        storage.deallocate()
    }

    /// Fits `model` from the start's α (the start's linear coefficients are not needed: they are
    /// solved for) and writes the estimates into `parameters` (count p).
    ///
    /// - Parameter initialStep: the first step of the downhill search; by default 1% of |α| (at
    ///   least 0.01). A start from a grid search passes the grid's spacing.
    /// - Throws: for invalid requests, exactly as `NonlinearLeastSquares` does. A profile that
    ///   cannot be evaluated or a minimum outside the domain is a status, not an error.
    public func fitParameters(
        _ model: some SeparableRegressionModel, response: [Double], weights: [Double]? = nil, start: [Double],
        initialStep: Double? = nil, parameters: UnsafeMutableBufferPointer<Double>
    ) throws(FittingError) -> SeparableFitSummary {
        try validateFitRequest(
            model, response: response, weights: weights, start: start,
            observations: observationCount, parameters: parameterCount)
        let index = try checkedIndex(of: model, parameters: parameters)
        return bound(model, response: response, weights: weights, parameters: parameters) { domain in
            let α0 = min(max(start[index], domain.lowerBound), domain.upperBound)
            let step = initialStep.map(abs) ?? 0.01 * max(abs(α0), 1)
            return search(model, from: α0, step: step > 0 ? step : 0.01, domain: domain)
        }
    }

    /// Fits `model` by the grid search (no start needed) and writes the estimates into
    /// `parameters` (count p): the lowest of the minima the grid's points straddle, or an end of
    /// the grid followed downhill (see the type's documentation). Grid points outside the model's
    /// domain are moved to its nearer bound.
    public func fitParameters(
        _ model: some SeparableRegressionModel, response: [Double], weights: [Double]? = nil,
        searching grid: SeparableSearchGrid, parameters: UnsafeMutableBufferPointer<Double>
    ) throws(FittingError) -> SeparableFitSummary {
        try validateFitRequest(
            model, response: response, weights: weights, start: nil,
            observations: observationCount, parameters: parameterCount)
        _ = try checkedIndex(of: model, parameters: parameters)
        return bound(model, response: response, weights: weights, parameters: parameters) { domain in
            gridSearch(model, grid, domain: domain)
        }
    }

    private func checkedIndex(
        of model: some SeparableRegressionModel, parameters: UnsafeMutableBufferPointer<Double>
    ) throws(FittingError) -> Int {
        guard parameters.count == parameterCount else {
            throw .dimensionMismatch("parameter buffer has \(parameters.count) entries, the model \(parameterCount)")
        }
        let index = model.nonlinearParameterIndex
        guard (0..<parameterCount).contains(index) else {
            throw .invalidArgument("the nonlinear parameter's index \(index) is not below \(parameterCount)")
        }
        if let constant = model.constantBasisColumn, !(0..<linearCount).contains(constant) {
            throw .invalidArgument("the constant basis column \(constant) is not below \(linearCount)")
        }
        return index
    }

    /// Binds the model and data, runs `search`, and writes the α reached and its β̂ into `parameters`.
    private func bound<Model: SeparableRegressionModel>(
        _ model: Model, response: [Double], weights: [Double]?,
        parameters: UnsafeMutableBufferPointer<Double>,
        search: (ClosedRange<Double>) -> (SeparableFitStatus, Double)
    ) -> SeparableFitSummary {
        let n = observationCount, m = linearCount
        var sw = 0.0, swy = 0.0
        for i in 0..<n {
            let w = weights?[i] ?? 1
            weightValues[i] = w
            rootWeights[i] = w.squareRoot()
            sw += w
            swy += w * response[i]
        }
        totalWeight = sw
        responseMean = swy / sw
        switch (m, model.constantBasisColumn) {
        case (1, _): closedForm = (nil, 0)
        case let (2, constant?):
            closedForm = (constant, 1 - constant)
            for i in 0..<n { rotated[i] = response[i] - responseMean }
        default: closedForm = nil
        }
        evaluations = 0
        gridEvaluations = 0
        lastα = .nan
        let index = model.nonlinearParameterIndex
        let domain = model.nonlinearParameterDomain
        return response.withUnsafeBufferPointer { y in
            self.response = y.baseAddress
            defer { self.response = nil }
            var (status, α) = search(domain)
            // The buffers must hold the α returned: evaluate there unless they already do.
            if α != lastα || !lastRSS.isFinite {
                if !(profileDerivative(model, at: α).isFinite && lastRSS.isFinite) { status = .nonFinite }
            }
            var linear = 0
            for j in 0..<parameterCount {
                if j == index {
                    parameters[j] = α
                } else {
                    parameters[j] = coefficients[linear]
                    linear += 1
                }
            }
            return SeparableFitSummary(
                status: status, rss: status == .nonFinite ? .nan : lastRSS, profileEvaluations: evaluations,
                gridEvaluations: gridEvaluations)
        }
    }

    /// The downhill bracket, then Brent's root of dRSS/dα; returns the α reached and what it is.
    private func search<Model: SeparableRegressionModel>(
        _ model: Model, from α0: Double, step initial: Double, domain: ClosedRange<Double>
    ) -> (SeparableFitStatus, Double) {
        var ga = profileDerivative(model, at: α0)
        guard ga.isFinite else { return (.nonFinite, α0) }
        return descend(model, from: α0, derivative: &ga, step: initial, domain: domain)
    }

    /// The downhill bracket from `a`, whose derivative `ga` is known and finite.
    private func descend<Model: SeparableRegressionModel>(
        _ model: Model, from start: Double, derivative: inout Double, step initial: Double, domain: ClosedRange<Double>
    ) -> (SeparableFitStatus, Double) {
        var a = start, ga = derivative
        if ga == 0 { return (.converged, a) }
        let downhillIsUp = ga < 0
        let edge = downhillIsUp ? domain.upperBound : domain.lowerBound
        var step = initial
        var b = a
        for _ in 0..<Self.maxExpansions {
            b = downhillIsUp ? min(a + step, edge) : max(a - step, edge)
            guard b != a else { return (.boundary, a) }
            let gb = profileDerivative(model, at: b)
            guard gb.isFinite else {
                // Undefined there (a rank-deficient basis, an overflow): approach more carefully.
                step /= 4
                guard step > Self.tolerance * max(abs(a), 1) else { return (.nonFinite, a) }
                continue
            }
            if gb == 0 { return (.converged, b) }
            if (gb < 0) != downhillIsUp {
                return downhillIsUp ? brentRoot(model, a, ga, b, gb) : brentRoot(model, b, gb, a, ga)
            }
            // Still downhill: the RSS at b is below that at a; go on from b with a longer step.
            a = b
            ga = gb
            if b == edge { return (.boundary, b) }
            step *= 2
        }
        return (.nonFinite, a)
    }

    /// The grid search of `fitParameters(_:response:weights:searching:parameters:)`.
    private func gridSearch<Model: SeparableRegressionModel>(
        _ model: Model, _ grid: SeparableSearchGrid, domain: ClosedRange<Double>) -> (SeparableFitStatus, Double) {
        func clamped(_ α: Double) -> Double { min(max(α, domain.lowerBound), domain.upperBound) }
        // The winner so far: its RSS, α, and whether it is an end still to be followed downhill.
        var best: (rss: Double, α: Double, g: Double, end: Bool)?
        func consider(rss: Double, α: Double, g: Double, end: Bool) {
            if rss < best?.rss ?? .infinity { best = (rss, α, g, end) }
        }
        var lowest: (rss: Double, α: Double, g: Double)?
        var first: (α: Double, g: Double, rss: Double)?
        var previous: (α: Double, g: Double, rss: Double)?
        for k in 0...grid.intervals {
            let α = clamped(grid.point(k))
            if let previous, α == previous.α { continue }
            let g = profileDerivative(model, at: α), rss = lastRSS
            gridEvaluations += 1
            guard g.isFinite, rss.isFinite else { continue }
            if rss < lowest?.rss ?? .infinity { lowest = (rss, α, g) }
            if first == nil { first = (α, g, rss) }
            if let previous, previous.g < 0, g >= 0 {
                let (status, root) = brentRoot(model, previous.α, previous.g, α, g)
                if status == .converged, root == lastα || profileDerivative(model, at: root).isFinite, lastRSS.isFinite {
                    consider(rss: lastRSS, α: root, g: 0, end: false)
                }
            }
            previous = (α, g, rss)
        }
        if let first, first.g > 0 { consider(rss: first.rss, α: first.α, g: first.g, end: true) }
        if let last = previous, last.g < 0 { consider(rss: last.rss, α: last.α, g: last.g, end: true) }
        // No basin straddled and neither end falling (breaks in the grid where the profile is
        // undefined): downhill from the lowest point.
        if best == nil, let lowest { best = (lowest.rss, lowest.α, lowest.g, true) }
        guard let best else { return (.nonFinite, clamped(grid.point(0))) }
        guard best.end else { return (.converged, best.α) }
        var g = best.g
        return descend(model, from: best.α, derivative: &g, step: abs(grid.spacing), domain: domain)
    }

    /// Brent's root of dRSS/dα between `lower` (derivative `gLower` < 0) and `upper` (`gUpper` > 0
    /// or 0), both already evaluated (Brent 1973, ch. 4, procedure `zero`, with the tolerance
    /// 2ε|b| + `tolerance` |b| / 2: the bracket closes to a relative width of `tolerance`).
    private func brentRoot<Model: SeparableRegressionModel>(
        _ model: Model, _ lower: Double, _ gLower: Double, _ upper: Double, _ gUpper: Double) -> (SeparableFitStatus, Double) {
        var a = lower, fa = gLower, b = upper, fb = gUpper
        if fb == 0 { return (.converged, b) }
        if fa == 0 { return (.converged, a) }
        var c = a, fc = fa
        var d = b - a, e = d
        for _ in 0..<Self.maxRootIterations {
            if (fb > 0) == (fc > 0) {
                c = a
                fc = fa
                d = b - a
                e = d
            }
            if abs(fc) < abs(fb) {
                a = b; b = c; c = a
                fa = fb; fb = fc; fc = fa
            }
            let tol = 2 * Double.ulpOfOne * abs(b) + 0.5 * Self.tolerance * abs(b)
            let m = 0.5 * (c - b)
            if abs(m) <= tol || fb == 0 { return (.converged, b) }
            if abs(e) < tol || abs(fa) <= abs(fb) {
                d = m
                e = m
            } else {
                var p: Double, q: Double
                let s = fb / fa
                if a == c {
                    p = 2 * m * s
                    q = 1 - s
                } else {
                    let qa = fa / fc, r = fb / fc
                    p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1))
                    q = (qa - 1) * (r - 1) * (s - 1)
                }
                if p > 0 { q = -q } else { p = -p }
                let previousE = e
                e = d
                if 2 * p < 3 * m * q - abs(tol * q) && p < abs(0.5 * previousE * q) {
                    d = p / q
                } else {
                    d = m
                    e = m
                }
            }
            a = b
            fa = fb
            b += abs(d) > tol ? d : (m > 0 ? tol : -tol)
            fb = profileDerivative(model, at: b)
            guard fb.isFinite else { return (.nonFinite, a) }
        }
        // Brent keeps a bracket, so even at the iteration limit the root lies within it.
        return (.converged, b)
    }

    /// The profile at α: β̂(α) into `coefficients`, the RSS into `lastRSS`; returns dRSS/dα (NaN
    /// where the profile is undefined).
    func profileDerivative<Model: SeparableRegressionModel>(_ model: Model, at α: Double) -> Double {
        evaluations += 1
        lastRSS = .nan
        lastα = α
        guard let response else { return .nan }
        model.basis(α, values: basisValues, derivatives: basisDerivatives)
        if let closedForm {
            return closedFormProfile(constant: closedForm.constant, column: closedForm.column, response: response)
        }
        return householderProfile(response: response)
    }

    /// A line through the origin (no constant) or a straight line, in closed form from centred
    /// sums; the rank test is Householder's: the column, with the constant projected out, must
    /// keep more than 1e-13 of its length.
    ///
    /// The derivative Σ w_i r_i β ∂φ_i/∂α is formed with ∂φ/∂α projected off the basis
    /// (centred, or less its projection on φ), which changes nothing in exact arithmetic (the
    /// residuals are orthogonal to the basis) and removes, in floating point, the part of r that
    /// rounding leaves along the basis: with a steep line over a narrow spread of φ (the hyperbola
    /// near the exponential limit, slopes of 10⁶) that part, times the slope, would otherwise swamp
    /// the derivative, where Householder's residuals are orthogonal to the columns by construction.
    private func closedFormProfile(constant: Int?, column: Int, response: UnsafePointer<Double>) -> Double {
        let n = observationCount, m = linearCount
        let x = basisValues.baseAddress! + column, dx = basisDerivatives.baseAddress! + column
        let w = UnsafePointer(weightValues.baseAddress!)
        var slope: Double
        var rss = 0.0, derivative = 0.0
        if let constant {
            // y - ȳ, formed once per fit in `rotated`.
            let yc = UnsafePointer(rotated.baseAddress!)
            var sx = 0.0, sd = 0.0
            for i in 0..<n {
                sx += w[i] * x[i * m]
                sd += w[i] * dx[i * m]
            }
            let mx = sx / totalWeight, md = sd / totalWeight
            var sxx = 0.0, sxy = 0.0
            for i in 0..<n {
                let wc = w[i] * (x[i * m] - mx)
                sxx += wc * (x[i * m] - mx)
                sxy += wc * yc[i]
            }
            // Σ w φ² = Sxx + (Σ w) φ̄², the column's squared length before the constant is projected out.
            let length2 = sxx + totalWeight * mx * mx
            guard sxx.isFinite, sxy.isFinite, sxx.squareRoot() > 1e-13 * length2.squareRoot() else { return .nan }
            slope = sxy / sxx
            for i in 0..<n {
                let r = yc[i] - slope * (x[i * m] - mx)
                let wr = w[i] * r
                rss += wr * r
                derivative += wr * (dx[i * m] - md)
            }
            coefficients[constant] = responseMean - slope * mx
        } else {
            var sxx = 0.0, sxy = 0.0, sxd = 0.0
            for i in 0..<n {
                let wx = w[i] * x[i * m]
                sxx += wx * x[i * m]
                sxy += wx * response[i]
                sxd += wx * dx[i * m]
            }
            guard sxx.isFinite, sxy.isFinite, sxd.isFinite, sxx > 0 else { return .nan }
            slope = sxy / sxx
            let projection = sxd / sxx
            for i in 0..<n {
                let r = response[i] - slope * x[i * m]
                let wr = w[i] * r
                rss += wr * r
                derivative += wr * (dx[i * m] - projection * x[i * m])
            }
        }
        coefficients[column] = slope
        guard rss.isFinite, derivative.isFinite else { return .nan }
        lastRSS = rss
        return -2 * slope * derivative
    }

    /// Householder QR of A = diag(√w) Φ, applied to b = diag(√w) y: R β̂ = (Qᵀb)[0..<m], RSS =
    /// ‖(Qᵀb)[m..<n]‖², and the weighted residual z = diag(√w) r = Q [0; (Qᵀb)[m..<n]] (the
    /// reflections applied back in reverse), which is accurate even when Φ is ill-conditioned and
    /// β̂'s terms cancel.
    private func householderProfile(response: UnsafePointer<Double>) -> Double {
        let n = observationCount, m = linearCount
        for j in 0..<m { columnNorms[j] = 0 }
        for i in 0..<n {
            let root = rootWeights[i]
            rotated[i] = root * response[i]
            for j in 0..<m {
                let a = root * basisValues[i * m + j]
                factors[j * n + i] = a
                columnNorms[j] += a * a
            }
        }
        for j in 0..<m {
            let column = j * n
            var norm2 = 0.0
            for i in j..<n { norm2 += factors[column + i] * factors[column + i] }
            let norm = norm2.squareRoot()
            // A column (after the earlier reflections) of zero or negligible length: Φ has rank
            // below m at this α and β̂ is not determined.
            guard norm.isFinite, norm > 1e-13 * columnNorms[j].squareRoot() else { return .nan }
            let x0 = factors[column + j]
            let r = x0 >= 0 ? -norm : norm
            diagonal[j] = r
            factors[column + j] = x0 - r
            let scale = 1 / (norm * (norm + abs(x0)))  // 2 / vᵀv, vᵀv = 2‖x‖(‖x‖ + |x₀|)
            reflectorScales[j] = scale
            for k in (j + 1)..<m {
                let other = k * n
                var s = 0.0
                for i in j..<n { s += factors[column + i] * factors[other + i] }
                s *= scale
                for i in j..<n { factors[other + i] -= s * factors[column + i] }
            }
            var s = 0.0
            for i in j..<n { s += factors[column + i] * rotated[i] }
            s *= scale
            for i in j..<n { rotated[i] -= s * factors[column + i] }
        }
        for j in stride(from: m - 1, through: 0, by: -1) {
            var s = rotated[j]
            for k in (j + 1)..<m { s -= factors[k * n + j] * coefficients[k] }
            coefficients[j] = s / diagonal[j]
        }
        var rss = 0.0
        for i in m..<n { rss += rotated[i] * rotated[i] }
        // z = H_0 ⋯ H_{m-1} [0; (Qᵀb)[m..<n]], in place in `rotated`.
        for i in 0..<m { rotated[i] = 0 }
        for j in stride(from: m - 1, through: 0, by: -1) {
            let column = j * n
            var s = 0.0
            for i in j..<n { s += factors[column + i] * rotated[i] }
            s *= reflectorScales[j]
            for i in j..<n { rotated[i] -= s * factors[column + i] }
        }
        var derivative = 0.0
        for i in 0..<n {
            var slope = 0.0
            for j in 0..<m { slope += basisDerivatives[i * m + j] * coefficients[j] }
            derivative += rotated[i] * rootWeights[i] * slope
        }
        lastRSS = rss
        return -2 * derivative
    }
}
