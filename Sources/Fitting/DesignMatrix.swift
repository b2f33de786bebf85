/// The n × p matrix X of a model linear in its parameters, f = Xβ: one row per observation, one
/// column per parameter. Stored column-major, the layout LAPACK wants, so a fit copies it once.
///
/// Build it from rows or columns (both validated, never trapping) or as a polynomial basis.
public struct DesignMatrix: Equatable, Sendable {
    /// n, the number of observations.
    public let rows: Int
    /// p, the number of regressors (parameters).
    public let columns: Int
    /// Column-major entries: X[i, j] is `entries[i + j * rows]`.
    public let entries: [Double]

    /// From n rows of p regressors each. Throws `dimensionMismatch` when the rows are ragged.
    public init(rows: [[Double]]) throws(FittingError) {
        let p = rows.first?.count ?? 0
        if let bad = rows.firstIndex(where: { $0.count != p }) {
            throw .dimensionMismatch("design row \(bad + 1) has \(rows[bad].count) regressors, row 1 has \(p)")
        }
        var entries = [Double](repeating: 0, count: rows.count * p)
        for (i, row) in rows.enumerated() {
            for (j, value) in row.enumerated() { entries[i + j * rows.count] = value }
        }
        self.init(rows: rows.count, columns: p, entries: entries)
    }

    /// From p columns of n values each. Throws `dimensionMismatch` when the columns differ in length.
    public init(columns: [[Double]]) throws(FittingError) {
        let n = columns.first?.count ?? 0
        if let bad = columns.firstIndex(where: { $0.count != n }) {
            throw .dimensionMismatch("design column \(bad + 1) has \(columns[bad].count) values, column 1 has \(n)")
        }
        self.init(rows: n, columns: columns.count, entries: columns.flatMap { $0 })
    }

    private init(rows: Int, columns: Int, entries: [Double]) {
        self.rows = rows
        self.columns = columns
        self.entries = entries
    }

    /// The polynomial basis x^k for each k in `powers` (e.g. `0...3` for a cubic with intercept,
    /// `[1]` for a line through the origin). x^k is computed by repeated multiplication (x^-k as
    /// 1/x^k), exactly as a user writing out the columns would.
    public static func polynomial(in x: [Double], powers: some Sequence<Int>) -> DesignMatrix {
        func power(_ value: Double, _ k: Int) -> Double {
            let magnitude = (0..<k.magnitude).reduce(1.0) { acc, _ in acc * value }
            return k < 0 ? 1 / magnitude : magnitude
        }
        let columns = powers.map { k in x.map { power($0, k) } }
        return DesignMatrix(rows: x.count, columns: columns.count, entries: columns.flatMap { $0 })
    }

    /// X[i, j] (0-based).
    public subscript(row: Int, column: Int) -> Double { entries[row + column * rows] }

    /// The column j as an array.
    public func column(_ j: Int) -> [Double] { Array(entries[(j * rows)..<(j * rows + rows)]) }
}
