/// The checks every least-squares engine makes before it touches the numerics: sizes agree with the
/// workspace, the start and the data are finite, the weights are finite and positive. One piece
/// shared by `NonlinearLeastSquares` and `SeparableLeastSquares`, so that both refuse the same bad
/// requests with the same messages. A search that needs no start (a grid search) passes nil.
func validateFitRequest(
    _ model: some RegressionModel, response: [Double], weights: [Double]?, start: [Double]?,
    observations n: Int, parameters p: Int
) throws(FittingError) {
    guard model.parameterCount == p, model.observationCount == n else {
        throw .dimensionMismatch(
            "the model has \(model.observationCount) observations and \(model.parameterCount) "
                + "parameters; this workspace was made for \(n) and \(p)")
    }
    guard response.count == n else {
        throw .dimensionMismatch("\(response.count) responses for \(n) observations")
    }
    if let start {
        guard start.count == p else {
            throw .startValues("\(start.count) start values for \(p) parameters (\(model.parameterNames.joined(separator: ", ")))")
        }
        for j in 0..<p where !start[j].isFinite {
            throw .startValues("\(model.parameterNames[j]) = \(start[j]) is not finite")
        }
    }
    for i in 0..<n where !response[i].isFinite { throw .nonFiniteData(what: "response", index: i) }
    if let weights {
        guard weights.count == n else {
            throw .dimensionMismatch("\(weights.count) weights for \(n) observations")
        }
        for i in 0..<n {
            guard weights[i].isFinite else { throw .nonFiniteData(what: "weight", index: i) }
            guard weights[i] > 0 else { throw .nonPositiveWeight(index: i, value: weights[i]) }
        }
    }
}
