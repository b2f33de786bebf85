import _LAPACKEShims
import Foundation

/// What `fitLinear` does when the design does not have full column rank.
public enum RankDeficiencyPolicy: Sendable {
    /// Throw `FittingError.singularJacobian(rank:parameters:)`. The default: a model whose
    /// parameters are not identified is usually a mistake in the design.
    case reject
    /// Return LAPACK's minimum-norm solution with `rank < p`. Standard errors are NaN for every
    /// parameter that is not estimable (see `fitLinear`); the others are exact.
    case minimumNorm
}

/// Ordinary or weighted least squares for a model linear in its parameters, f = Xβ, solved
/// directly by LAPACK (no iteration). Returns the same `FitResult` as a nonlinear fit, with
/// status `.convergedExactSolution` and zero iterations.
///
/// Method. Rows are multiplied by √w_i (WLS as OLS on the transformed problem), and each column
/// by a power of two close to the reciprocal of its norm. The column scaling is exact (no
/// rounding) and leaves Householder QR's solution unchanged; it makes the condition number and
/// the rank decision independent of the regressors' units (x^10 next to a column of ones).
///
/// 1. Householder QR (`LAPACKE_dgeqrf`), with Björck's iterative refinement of the solution
///    (see `solveByQR`: it recovers the digits plain QR loses when residuals are large). R
///    satisfies RᵀR = XᵀWX, so `LAPACKE_dpotri` on R gives (XᵀWX)⁻¹ without a second
///    factorisation, and `LAPACKE_dtrcon` gives the reciprocal condition number (1-norm estimate).
/// 2. When that reciprocal condition number is at most max(n, p)·ε (or R is exactly singular),
///    the design is treated as possibly rank-deficient and `LAPACKE_dgelsd` (SVD) is used instead,
///    with singular values below max(n, p)·ε·s_max counted as zero (numpy.linalg.lstsq's rule).
///    (XᵀWX)⁺ = V Σ⁺² Vᵀ comes from the right singular vectors (`LAPACKE_dgesvd` without U), so
///    memory stays O(np) (see `solveBySVD`). If the rank is still p this is an ordinary full-rank
///    fit; otherwise `rankDeficiency` decides.
///
/// On the NIST StRD linear problems this gives the certified coefficients and standard deviations
/// to at least 7 significant digits, Filip (condition number ~10^15 unscaled) included.
///
/// Results, as `FitResult` documents them: residuals y_i - f_i unweighted; RSS = Σ w_i r_i²;
/// covariance s² (XᵀWX)⁻¹ with s² = RSS/(n - rank); correlation from (XᵀWX)⁻¹ directly, so it
/// exists even for an exact fit (RSS = 0); R² centred about the weighted mean (NaN when the
/// response is constant); information criteria with K = rank + 1 (an exact fit, RSS = 0, has
/// lnL = +∞ and AIC = -∞: the Gaussian likelihood is unbounded there). `reciprocalCondition` is that
/// of the column-scaled, weighted design: dtrcon's estimate on the QR path, s_min/s_max on the
/// SVD path (0 when rank-deficient).
///
/// Rank-deficient designs under `.minimumNorm`: `rank` < p, `degreesOfFreedom` = n - rank and the
/// information criteria count K = rank + 1 (as statsmodels does). Parameter j is estimable when
/// the unit vector e_j lies in the row space of X, i.e. when the projector X⁺X has (X⁺X)_jj = 1
/// (to within 1e-8); its variance, s²((XᵀWX)⁺)_jj, is then exact. Every other parameter
/// is an arbitrary member of a family of equally good solutions (the one of minimum norm in the
/// column-scaled parameters): its standard error, and its row of the covariance and correlation
/// matrices, are NaN rather than a misleading number. Estimable parameters do not depend on that
/// choice.
///
/// - Parameters:
///   - design: X, n × p.
///   - response: y, n values.
///   - weights: w_i > 0, n values, or nil for OLS. WLS assumes Var(y_i) = σ²/w_i.
///   - parameterNames: p names, in the order of X's columns.
///   - model: a description for reports (e.g. "y = b0 + b1*x").
/// - Throws: `FittingError`: `dimensionMismatch` (sizes disagree), `tooFewObservations` (n ≤ p:
///   no residual degrees of freedom), `nonFiniteData`, `nonPositiveWeight`, `singularJacobian`
///   (rank-deficient under `.reject`), `numerical` (a LAPACK error code).
public func fitLinear(
    design: DesignMatrix,
    response: [Double],
    weights: [Double]? = nil,
    parameterNames: [String],
    model: String,
    rankDeficiency: RankDeficiencyPolicy = .reject
) throws(FittingError) -> FitResult {
    let n = design.rows, p = design.columns
    try validateLinearInput(design: design, response: response, weights: weights, parameterNames: parameterNames)

    let rootWeights = weights?.map { $0.squareRoot() } ?? [Double](repeating: 1, count: n)
    // Powers of two: the scaled matrix is exact and unscaling introduces no rounding.
    let columnScale = (0..<p).map { j -> Double in
        let norm = (0..<n).reduce(0.0) { $0 + pow(rootWeights[$1] * design[$1, j], 2) }.squareRoot()
        return norm > 0 && norm.isFinite ? pow(2, -(log2(norm)).rounded()) : 1
    }
    var scaled = [Double](repeating: 0, count: n * p)
    for j in 0..<p {
        for i in 0..<n { scaled[i + j * n] = rootWeights[i] * design[i, j] * columnScale[j] }
    }
    let scaledResponse = (0..<n).map { rootWeights[$0] * response[$0] }

    let solution: LinearSolution
    if let qr = try solveByQR(scaled, n: n, p: p, response: scaledResponse) {
        solution = qr
    } else {
        solution = try solveBySVD(scaled, n: n, p: p, response: scaledResponse)
    }
    if solution.rank < p, rankDeficiency == .reject {
        throw .singularJacobian(rank: solution.rank, parameters: p)
    }

    let beta = (0..<p).map { solution.coefficients[$0] * columnScale[$0] }
    var fitted = [Double](repeating: 0, count: n)
    for j in 0..<p {
        for i in 0..<n { fitted[i] += design[i, j] * beta[j] }
    }
    let residuals = (0..<n).map { response[$0] - fitted[$0] }
    let w = weights ?? [Double](repeating: 1, count: n)
    let rss = (0..<n).reduce(0.0) { $0 + w[$1] * residuals[$1] * residuals[$1] }
    let sumW = w.reduce(0, +)
    let weightedMean = (0..<n).reduce(0.0) { $0 + w[$1] * response[$1] } / sumW
    let totalSS = (0..<n).reduce(0.0) { $0 + w[$1] * pow(response[$1] - weightedMean, 2) }

    let residualVariance = rss / Double(n - solution.rank)
    var covariance = SquareMatrix(dimension: p, entries: [Double](repeating: .nan, count: p * p))
    var correlation = covariance
    for a in 0..<p where solution.estimable[a] {
        for b in 0..<p where solution.estimable[b] {
            let unscaled = solution.inverse[a * p + b]
            covariance[a, b] = residualVariance * unscaled * columnScale[a] * columnScale[b]
            correlation[a, b] = unscaled / (solution.inverse[a * p + a] * solution.inverse[b * p + b]).squareRoot()
        }
    }
    let criteria = InformationCriteria(
        rss: rss, n: n, meanParameters: solution.rank,
        sumLogWeights: weights.map { $0.reduce(0) { $0 + log($1) } } ?? 0)

    var result = FitResult(
        model: model, parameterNames: parameterNames, parameters: beta,
        standardErrors: (0..<p).map { covariance[$0, $0].squareRoot() },
        covariance: covariance, correlation: correlation, rss: rss, residuals: residuals,
        fitted: fitted, weights: weights, n: n, p: p, criteria: criteria,
        rSquared: 1 - rss / totalSS, iterations: 0, functionEvaluations: 0, jacobianEvaluations: 0,
        status: .convergedExactSolution, rank: solution.rank,
        reciprocalCondition: solution.reciprocalCondition)
    result.degreesOfFreedom = n - solution.rank
    return result
}

/// The solution of the scaled problem: coefficients, (AᵀA)⁻¹ or (AᵀA)⁺ row-major, rank,
/// reciprocal condition number and which coefficients are estimable.
private struct LinearSolution {
    var coefficients: [Double]
    var inverse: [Double]
    var rank: Int
    var reciprocalCondition: Double
    var estimable: [Bool]
}

private func validateLinearInput(
    design: DesignMatrix, response: [Double], weights: [Double]?, parameterNames: [String]
) throws(FittingError) {
    let n = design.rows, p = design.columns
    guard p > 0 else { throw .invalidArgument("the design has no columns: nothing to fit") }
    guard parameterNames.count == p else {
        throw .dimensionMismatch("\(parameterNames.count) parameter names for \(p) design columns")
    }
    guard response.count == n else {
        throw .dimensionMismatch("\(response.count) responses for \(n) design rows")
    }
    if let weights, weights.count != n {
        throw .dimensionMismatch("\(weights.count) weights for \(n) observations")
    }
    guard n > p else { throw .tooFewObservations(observations: n, parameters: p) }
    if let i = response.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteData(what: "response", index: i) }
    for j in 0..<p {
        if let i = (0..<n).first(where: { !design[$0, j].isFinite }) {
            throw .nonFiniteData(what: "regressor '\(parameterNames[j])'", index: i)
        }
    }
    if let weights {
        if let i = weights.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteData(what: "weight", index: i) }
        if let i = weights.firstIndex(where: { $0 <= 0 }) { throw .nonPositiveWeight(index: i, value: weights[i]) }
    }
}

private let layout = LAPACK_COL_MAJOR
private func lapackChar(_ c: Unicode.Scalar) -> CChar { CChar(UInt8(ascii: c)) }

/// Householder QR (dgeqrf) with Björck's iterative refinement, then (RᵀR)⁻¹ by dpotri. Returns
/// nil when R is singular or its reciprocal condition number is at most max(n, p)·ε, leaving the
/// decision to the SVD.
///
/// Why refinement: a least-squares solution computed in double precision carries an error of
/// order ε·κ²·‖r‖/‖A‖ (Golub & Van Loan 2013, §5.3.8), which is large when the residuals are
/// large: on NIST's Wampler5 plain QR (like numpy.linalg.lstsq) gets only 6 digits. Björck's
/// refinement of the augmented system [I A; Aᵀ 0][r; β] = [y; 0] (Björck 1967, "Iterative
/// refinement of linear least squares solutions I", BIT 7) with residuals accumulated in doubled
/// precision removes that term; it reuses the QR factors, so each step costs O(np). dgels is not
/// used because it does not return the Householder scalars that applying Q again needs.
private func solveByQR(_ matrix: [Double], n: Int, p: Int, response y: [Double]) throws(FittingError) -> LinearSolution? {
    let (m, k) = (Int32(n), Int32(p))
    var a = matrix
    var tau = [Double](repeating: 0, count: p)
    try lapack("LAPACKE_dgeqrf", LAPACKE_dgeqrf(layout, m, k, &a, m, &tau))
    if (0..<p).contains(where: { a[$0 + $0 * n] == 0 }) { return nil }  // exactly singular R

    var rcond = 0.0
    try lapack("LAPACKE_dtrcon", LAPACKE_dtrcon(layout, lapackChar("1"), lapackChar("U"), lapackChar("N"), k, &a, m, &rcond))
    if rcond <= Double(max(n, p)) * .ulpOfOne { return nil }

    /// v ← Qv (transpose: false) or Qᵀv (true), v of length n.
    func applyQ(_ v: inout [Double], transpose: Bool) throws(FittingError) {
        try lapack("LAPACKE_dormqr", LAPACKE_dormqr(
            layout, lapackChar("L"), lapackChar(transpose ? "T" : "N"), m, 1, k, &a, m, &tau, &v, m))
    }
    /// v[0..<p] ← R⁻¹v (transpose: false) or R⁻ᵀv (true).
    func solveR(_ v: inout [Double], transpose: Bool) throws(FittingError) {
        try lapack("LAPACKE_dtrtrs", LAPACKE_dtrtrs(
            layout, lapackChar("U"), lapackChar(transpose ? "T" : "N"), lapackChar("N"), k, 1, &a, m, &v, k))
    }

    // Initial solution: β = R⁻¹(Qᵀy)[0..<p], r = Q [0; (Qᵀy)[p..<n]].
    var qty = y
    try applyQ(&qty, transpose: true)
    var beta = Array(qty[0..<p])
    try solveR(&beta, transpose: false)
    var r = [Double](repeating: 0, count: p) + qty[p..<n]
    try applyQ(&r, transpose: false)

    for _ in 0..<3 {
        // Residuals of the augmented system, in doubled precision: f = y - r - Aβ, g = -Aᵀr.
        var f = (0..<n).map { i in
            compensatedDot([y[i], r[i]] + (0..<p).map { matrix[i + $0 * n] }, [1, -1] + beta.map { -$0 })
        }
        var h = (0..<p).map { j in -compensatedDot(Array(matrix[(j * n)..<(j * n + n)]), r) }
        // Correction: h = R⁻ᵀg, δβ = R⁻¹((Qᵀf)[0..<p] - h), δr = Q [h; (Qᵀf)[p..<n]].
        try applyQ(&f, transpose: true)
        try solveR(&h, transpose: true)
        var deltaBeta = (0..<p).map { f[$0] - h[$0] }
        try solveR(&deltaBeta, transpose: false)
        var deltaR = h + f[p..<n]
        try applyQ(&deltaR, transpose: false)
        for j in 0..<p { beta[j] += deltaBeta[j] }
        for i in 0..<n { r[i] += deltaR[i] }
        let size = beta.map(abs).max() ?? 0
        if deltaBeta.allSatisfy({ abs($0) <= .ulpOfOne * size }) { break }
    }

    try lapack("LAPACKE_dpotri", LAPACKE_dpotri(layout, lapackChar("U"), k, &a, m))
    var inverse = [Double](repeating: 0, count: p * p)
    for j in 0..<p {
        for i in 0...j {  // the upper triangle of column j, mirrored
            inverse[i * p + j] = a[i + j * n]
            inverse[j * p + i] = a[i + j * n]
        }
    }
    return LinearSolution(
        coefficients: beta, inverse: inverse, rank: p, reciprocalCondition: rcond,
        estimable: [Bool](repeating: true, count: p))
}

/// Throws `numerical` for a non-zero LAPACK info code.
private func lapack(_ routine: String, _ info: Int32) throws(FittingError) {
    guard info == 0 else { throw .numerical(routine: routine, code: Int(info)) }
}

/// Σ a_i b_i accumulated as if in twice the working precision (Ogita, Rump & Oishi 2005,
/// "Accurate sum and dot product", algorithm Dot2): each product's rounding error is recovered
/// exactly with a fused multiply-add, each sum's with Knuth's TwoSum, and the errors are added
/// at the end.
private func compensatedDot(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0, error = 0.0
    for (x, y) in zip(a, b) {
        let product = x * y
        let productError = (-product).addingProduct(x, y)  // fma(x, y, -product), exact
        let newSum = sum + product
        let virtual = newSum - sum
        error += ((sum - (newSum - virtual)) + (product - virtual)) + productError
        sum = newSum
    }
    return sum + error
}

/// The rank-deficient (or nearly so) case, in O(np) memory: the minimum-norm solution by SVD
/// (dgelsd, divide and conquer, on the n × 1 right-hand side y), and (AᵀA)⁺ and the row-space
/// projector from A's right singular vectors (dgesvd with jobu = "N": Σ and Vᵀ only).
///
/// With A = U Σ Vᵀ and r singular values above the cut-off, (AᵀA)⁺ = Σ_{k<r} v_k v_kᵀ / σ_k², and
/// the projector A⁺A onto the row space is V_r V_rᵀ, whose diagonal (A⁺A)_jj = Σ_{k<r} V_jk² says
/// whether parameter j is estimable. Solving A Z = I for the pseudo-inverse Z = A⁺ would give
/// the same matrices from an n × (n+1) right-hand side: 320 GB at n = 200,000 (issue 14). Rank and cut-off are dgelsd's: singular values at most
/// max(n, p)·ε·σ_max count as zero (numpy.linalg.lstsq's rule).
private func solveBySVD(_ matrix: [Double], n: Int, p: Int, response: [Double]) throws(FittingError) -> LinearSolution {
    var a = matrix
    var b = response
    var singularValues = [Double](repeating: 0, count: p)
    var rank: Int32 = 0
    let threshold = Double(max(n, p)) * .ulpOfOne
    try lapack("LAPACKE_dgelsd", LAPACKE_dgelsd(
        layout, Int32(n), Int32(p), 1, &a, Int32(n), &b, Int32(n), &singularValues, threshold, &rank))

    // Σ and Vᵀ of the same matrix (dgelsd overwrote its copy).
    a = matrix
    var sigma = [Double](repeating: 0, count: p)
    var vt = [Double](repeating: 0, count: p * p)  // column-major p × p: vt[k + j * p] = V[j, k]
    var unusedU = [Double](repeating: 0, count: 1)
    var superdiagonal = [Double](repeating: 0, count: max(p - 1, 1))
    try lapack("LAPACKE_dgesvd", LAPACKE_dgesvd(
        layout, lapackChar("N"), lapackChar("A"), Int32(n), Int32(p), &a, Int32(n), &sigma, &unusedU, 1, &vt,
        Int32(p), &superdiagonal))

    let r = Int(rank)
    var inverse = [Double](repeating: 0, count: p * p)
    var estimable = [Bool](repeating: false, count: p)
    for j in 0..<p {
        for l in 0..<p {
            inverse[j * p + l] = (0..<r).reduce(0.0) { $0 + vt[$1 + j * p] * vt[$1 + l * p] / (sigma[$1] * sigma[$1]) }
        }
        let projectorDiagonal = (0..<r).reduce(0.0) { $0 + vt[$1 + j * p] * vt[$1 + j * p] }
        estimable[j] = r == p || abs(projectorDiagonal - 1) <= 1e-8
    }
    let largest = singularValues.first ?? 0
    return LinearSolution(
        coefficients: Array(b[0..<p]), inverse: inverse, rank: r,
        reciprocalCondition: largest > 0 ? (singularValues.last ?? 0) / largest : 0,
        estimable: estimable)
}
