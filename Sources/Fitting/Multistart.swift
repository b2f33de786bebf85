import Foundation

/// Fits from several starting points with one workspace and keeps the best fit: among converged
/// fits the smallest RSS; if none converged, the smallest finite RSS (its status says so).
/// A start that throws (the model undefined there, say) is skipped; if every start throws, the
/// first start's error is rethrown.
public func fitMultistart(
    _ model: some RegressionModel, response: [Double], weights: [Double]? = nil, starts: [[Double]],
    options: NonlinearLeastSquaresOptions = .default
) throws(FittingError) -> FitResult {
    guard !starts.isEmpty else { throw .startValues("multistart needs at least one start") }
    let solver = try NonlinearLeastSquares(
        observations: model.observationCount, parameters: model.parameterCount, options: options)
    var best: FitResult?
    var firstError: FittingError?
    for start in starts {
        do throws(FittingError) {
            let result = try solver.fit(model, response: response, weights: weights, start: start)
            if let current = best, !isPreferred(result, over: current) { continue }
            best = result
        } catch {
            if firstError == nil { firstError = error }
        }
    }
    if let best { return best }
    throw firstError!
}

/// Multistart from `start` and `count - 1` deterministic points scattered around it: parameter j
/// of point k is θ_j · 10^(spread · u), u in [-1, 1) from the Halton sequence in base prime(j),
/// so nonzero parameters keep their sign and range over ± `spread` decades; a zero parameter gets
/// u itself (an additive scatter of ± 1). No random numbers: the same arguments always give the
/// same points, so results are reproducible.
public func fitMultistart(
    _ model: some RegressionModel, response: [Double], weights: [Double]? = nil, around start: [Double],
    count: Int = 10, spread: Double = 1, options: NonlinearLeastSquaresOptions = .default
) throws(FittingError) -> FitResult {
    guard count >= 1 else { throw .invalidArgument("multistart count must be at least 1") }
    guard spread.isFinite, spread >= 0 else { throw .invalidArgument("multistart spread must be finite and non-negative") }
    return try fitMultistart(
        model, response: response, weights: weights, starts: scatteredStarts(around: start, count: count, spread: spread),
        options: options)
}

/// The deterministic scatter used by `fitMultistart(around:)`; the first point is `start` itself.
public func scatteredStarts(around start: [Double], count: Int, spread: Double) -> [[Double]] {
    let primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71]
    func halton(_ index: Int, base: Int) -> Double {
        var result = 0.0, fraction = 1.0, i = index
        while i > 0 {
            fraction /= Double(base)
            result += fraction * Double(i % base)
            i /= base
        }
        return result
    }
    return (0..<count).map { k in
        guard k > 0 else { return start }
        return start.indices.map { j in
            let u = 2 * halton(k, base: primes[j % primes.count]) - 1
            return start[j] == 0 ? u : start[j] * pow(10, spread * u)
        }
    }
}

private func isPreferred(_ a: FitResult, over b: FitResult) -> Bool {
    if a.converged != b.converged { return a.converged }
    if !b.rss.isFinite { return a.rss.isFinite }
    return a.rss.isFinite && a.rss < b.rss
}
