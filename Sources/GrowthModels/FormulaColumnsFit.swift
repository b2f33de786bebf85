import Fitting

/// A formula fitted to named columns of a CSV file: the fitting engine's generic use, outside the
/// growth models (NIST-style data, a user's own regressors). The columns, the response and the
/// weights are read in one pass, so a row skipped for an empty cell in any of them is skipped in
/// all of them and the weights stay aligned with the observations.
public enum FormulaColumnsFit {
    public struct Result: Sendable {
        public var fit: FitResult
        /// Rows skipped for empty or NA cells.
        public var warnings: [SeriesWarning]
    }

    /// - Parameters:
    ///   - regressors: the formula's variables, column names of the file.
    ///   - response: the response column, unless the formula has a left side of its own.
    ///   - weightColumn: a column of positive weights, or nil for an unweighted fit.
    ///   - multistart: when above 0, also try this many starts scattered around `start` and keep the
    ///     best converged fit (`fitMultistart`).
    public static func fit(
        path: String, formula: String, regressors: [String], response: String, weightColumn: String?,
        start: [(name: String, value: Double)], multistart: Int = 0, options: NonlinearLeastSquaresOptions = .default
    ) throws(AnalysisError) -> Result {
        let columns: NumericColumns
        do {
            columns = try NumericColumns.load(path: path, names: regressors + [response] + (weightColumn.map { [$0] } ?? []))
        } catch {
            throw .data(error)
        }
        let model: FormulaModel
        do {
            model = try FormulaModel(formula, parameters: start.map(\.name), data: columns.columns)
        } catch {
            throw .formula(error)
        }
        let weights = weightColumn.flatMap { columns.columns[$0] }
        do {
            let y = model.response ?? columns.columns[response] ?? []
            let fit = multistart > 0
                ? try fitMultistart(model, response: y, weights: weights, around: start.map(\.value), count: multistart,
                                    options: options)
                : try fitNonlinear(model, response: y, weights: weights, start: start.map(\.value), options: options)
            return Result(fit: fit, warnings: columns.warnings)
        } catch {
            throw .fitting(context: path, error: error)
        }
    }
}
