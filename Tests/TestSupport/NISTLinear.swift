import Fitting
import Foundation

/// One NIST StRD linear least-squares problem read from its original .dat file in
/// `shared/reference-data/nist-strd/` (https://www.itl.nist.gov/div898/strd/lls/lls.shtml).
///
/// File layout, as each header states it: "Certified Values (lines a to b)" holds one
/// `Bk  estimate  standard-deviation` line per parameter, then `Standard Deviation  value` (the
/// residual SD) and `R-Squared  value`; "Data (lines c to d)" holds rows `y x` or `y x1 ... xm`.
/// Line endings are CRLF. Line ranges are read from the header, not assumed.
///
/// The model, from the headers' `y = ...` lines: with one predictor x the parameter `Bk`
/// multiplies x^k (Norris and Pontius: B0 + B1 x [+ B2 x²]; NoInt1/2: B1 x without intercept;
/// Filip and Wampler1-5: polynomials of degree 10 and 5); with several predictors (Longley)
/// B0 is the intercept and `Bk` multiplies xk.
public struct NISTLinearProblem: Sendable {
    /// The 11 linear problems of the StRD.
    public static let names = [
        "Norris", "Pontius", "NoInt1", "NoInt2", "Filip", "Longley",
        "Wampler1", "Wampler2", "Wampler3", "Wampler4", "Wampler5",
    ]

    public var name: String
    /// B0, B1, ... as the file names them (NoInt1/2 have only B1).
    public var parameterNames: [String]
    public var certifiedEstimates: [Double]
    public var certifiedStandardDeviations: [Double]
    public var certifiedResidualStandardDeviation: Double
    /// NIST's R². For the no-intercept problems NIST certifies the uncentred R² = 1 - RSS/Σy².
    public var certifiedRSquared: Double
    /// Whether the model has the intercept B0.
    public var hasIntercept: Bool { parameterNames.first == "B0" }
    public var response: [Double]
    /// The design matrix the header's model defines (see the type's comment).
    public var design: DesignMatrix

    public enum ReadError: Error, CustomStringConvertible {
        case missingSharedData
        case malformed(String, String)
        public var description: String {
            switch self {
            case .missingSharedData: return SharedData.missingMessage
            case let .malformed(file, detail): return "\(file): \(detail)"
            }
        }
    }

    /// Reads `<name>.dat` from `shared/reference-data/nist-strd/`.
    public static func load(_ name: String) throws -> NISTLinearProblem {
        guard let directory = SharedData.nistDirectory else { throw ReadError.missingSharedData }
        let text = try String(contentsOf: directory.appendingPathComponent("\(name).dat"), encoding: .utf8)
        return try NISTLinearProblem(name: name, text: text)
    }

    public init(name: String, text: String) throws {
        self.name = name
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        func fail(_ detail: String) -> ReadError { .malformed("\(name).dat", detail) }
        func numbers(_ line: String) -> [Double] { line.split(separator: " ").compactMap { Double($0) } }
        /// The 1-based inclusive line range a header line "<label> (lines a to b)" gives.
        func range(_ label: String) throws -> ClosedRange<Int> {
            guard let line = lines.first(where: { $0.contains(label) && $0.contains("lines") }) else {
                throw fail("no '\(label) (lines a to b)' in the header")
            }
            let bounds = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            guard bounds.count == 2, bounds[0] <= bounds[1], bounds[1] <= lines.count else {
                throw fail("bad line range in '\(line)'")
            }
            return bounds[0]...bounds[1]
        }

        let certified = try range("Certified Values").map { lines[$0 - 1] }
        var names: [String] = [], estimates: [Double] = [], deviations: [Double] = []
        var residualSD: Double?, rSquared: Double?
        for line in certified {
            let fields = line.split(separator: " ")
            guard let label = fields.first else { continue }
            let values = numbers(line)
            if label.first == "B", Int(label.dropFirst()) != nil, values.count == 2 {
                names.append(String(label))
                estimates.append(values[0])
                deviations.append(values[1])
            } else if line.contains("Standard Deviation"), values.count == 1 {
                residualSD = values[0]
            } else if line.contains("R-Squared"), values.count == 1 {
                rSquared = values[0]
            }
        }
        guard !names.isEmpty, let residualSD, let rSquared else {
            throw fail("certified block lacks parameters, residual SD or R-squared")
        }
        parameterNames = names
        certifiedEstimates = estimates
        certifiedStandardDeviations = deviations
        certifiedResidualStandardDeviation = residualSD
        certifiedRSquared = rSquared

        let rows = try range("Data").map { numbers(lines[$0 - 1]) }
        guard let width = rows.first?.count, width >= 2, rows.allSatisfy({ $0.count == width }) else {
            throw fail("data rows are empty or ragged")
        }
        response = rows.map { $0[0] }
        let powers = names.map { Int($0.dropFirst())! }
        if width == 2 {
            design = DesignMatrix.polynomial(in: rows.map { $0[1] }, powers: powers)
        } else {
            design = try DesignMatrix(columns: powers.map { k in rows.map { k == 0 ? 1 : $0[k] } })
        }
    }

    /// NIST's log relative error: -log10(|x - c| / |c|), or -log10|x| when c = 0; the number of
    /// significant digits x shares with c. Capped at 15 (the certified values have 15 digits).
    public static func logRelativeError(_ x: Double, certified c: Double) -> Double {
        guard x.isFinite else { return 0 }
        let error = c == 0 ? abs(x) : abs(x - c) / abs(c)
        return error == 0 ? 15 : min(15, -log10(error))
    }
}
