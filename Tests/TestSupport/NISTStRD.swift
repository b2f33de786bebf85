import Foundation

/// One NIST StRD nonlinear regression problem read from its original `.dat` file
/// (https://www.itl.nist.gov/div898/strd/nls/nls_main.shtml; the files are CRLF text).
public struct NISTNonlinearProblem: Sendable {
    public var name: String
    public var parameterNames: [String]
    /// The two certified starting points, `starts[0]` = "Start 1".
    public var starts: [[Double]]
    public var certifiedParameters: [Double]
    public var certifiedStandardDeviations: [Double]
    public var certifiedRSS: Double
    public var certifiedResidualSD: Double
    /// The response column as given (Nelson's model is for log y: see `equation`).
    public var y: [Double]
    /// Predictor columns by name as the data header spells them (`x`, or `x1` and `x2`).
    public var predictors: [String: [Double]]
    /// The model as NIST writes it with the error term removed and `[ ]` turned into `( )`,
    /// e.g. `y = b1*(1-exp(-b2*x))` or `log(y) = b1 - b2*x1 * exp(-b3*x2)`.
    public var equation: String

    /// The right-hand side of `equation`.
    public var rightHandSide: String {
        String(equation[equation.range(of: "=")!.upperBound...]).trimmingCharacters(in: .whitespaces)
    }

    /// The 20 nonlinear problems in shared/reference-data/nist-strd (the other 11 files are linear).
    public static let names = [
        "Misra1a", "Chwirut2", "Chwirut1", "Lanczos3", "Gauss1", "Gauss2", "Hahn1", "Nelson", "MGH17",
        "Lanczos1", "Lanczos2", "Gauss3", "Misra1c", "Misra1d", "ENSO", "MGH09", "Thurber", "BoxBOD",
        "Rat42", "MGH10",
    ]

    public enum ParseError: Error, CustomStringConvertible {
        case missing(String, file: String)
        public var description: String {
            switch self { case let .missing(what, file): return "\(file): no \(what) found" }
        }
    }

    /// Reads `<name>.dat` from `SharedData.nistDirectory`.
    public static func load(_ name: String) throws -> NISTNonlinearProblem {
        guard let directory = SharedData.nistDirectory else { throw ParseError.missing("shared data", file: name) }
        let text = try String(contentsOf: directory.appendingPathComponent("\(name).dat"), encoding: .utf8)
        return try parse(text, name: name)
    }

    public static func parse(_ text: String, name: String) throws -> NISTNonlinearProblem {
        // CRLF: in Swift "\r\n" is one Character, which `isNewline` recognises.
        let trimmed = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        func number(_ s: Substring) -> Double? { Double(s) }

        // Model: the lines after "Model:" (skipping the class line and "N Parameters (...)") up to
        // the starting-values header, joined.
        guard let modelLine = trimmed.firstIndex(where: { $0.hasPrefix("Model:") }),
              let startHeader = trimmed[modelLine...].firstIndex(where: { $0.lowercased().hasPrefix("starting values") })
        else { throw ParseError.missing("model block", file: name) }
        var equation = trimmed[(modelLine + 1)..<startHeader]
            .filter { !$0.isEmpty && !$0.contains("Parameters") }
            .joined(separator: " ")
        equation = equation.replacingOccurrences(of: "[", with: "(").replacingOccurrences(of: "]", with: ")")
        if let range = equation.range(of: #"\+\s*e\s*$"#, options: .regularExpression) {
            equation.removeSubrange(range)
        }
        equation = equation.trimmingCharacters(in: .whitespaces)

        // Parameters: "b1 = start1 start2 certified sd".
        var names: [String] = [], start1: [Double] = [], start2: [Double] = []
        var certified: [Double] = [], deviations: [Double] = []
        for line in trimmed[startHeader...] {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "=" })
            guard fields.count == 5, fields[0].first == "b", let a = number(fields[1]), let b = number(fields[2]),
                  let c = number(fields[3]), let d = number(fields[4]) else { continue }
            names.append(String(fields[0])); start1.append(a); start2.append(b)
            certified.append(c); deviations.append(d)
        }
        guard !names.isEmpty else { throw ParseError.missing("parameter lines", file: name) }
        func value(after label: String) throws -> Double {
            guard let line = trimmed.first(where: { $0.hasPrefix(label) }),
                  let v = line.split(separator: " ").last.flatMap(number) else {
                throw ParseError.missing(label, file: name)
            }
            return v
        }
        let rss = try value(after: "Residual Sum of Squares:")
        let residualSD = try value(after: "Residual Standard Deviation:")

        // Data: the last "Data:" line names the columns; numeric rows follow.
        guard let dataHeader = trimmed.lastIndex(where: { $0.hasPrefix("Data:") }) else {
            throw ParseError.missing("data block", file: name)
        }
        let columns = trimmed[dataHeader].split(separator: " ").dropFirst().map(String.init)
        var table = [[Double]](repeating: [], count: columns.count)
        for line in trimmed[(dataHeader + 1)...] where !line.isEmpty {
            let values = line.split(separator: " ").compactMap(number)
            guard values.count == columns.count else { continue }
            for k in values.indices { table[k].append(values[k]) }
        }
        guard let yIndex = columns.firstIndex(of: "y"), !table[yIndex].isEmpty else {
            throw ParseError.missing("y column", file: name)
        }
        var predictors: [String: [Double]] = [:]
        for (k, column) in columns.enumerated() where k != yIndex { predictors[column] = table[k] }
        return NISTNonlinearProblem(
            name: name, parameterNames: names, starts: [start1, start2], certifiedParameters: certified,
            certifiedStandardDeviations: deviations, certifiedRSS: rss, certifiedResidualSD: residualSD,
            y: table[yIndex], predictors: predictors, equation: equation)
    }
}

/// NIST's log relative error, -log10(|estimate - certified| / |certified|): the number of
/// significant digits that agree (McCullough 1998). Capped at 15 for an exact match; 0 when the
/// estimate is not finite.
public func logRelativeError(_ estimate: Double, _ certified: Double) -> Double {
    guard estimate.isFinite else { return 0 }
    let difference = abs(estimate - certified)
    if difference == 0 { return 15 }
    let lre = certified == 0 ? -log10(difference) : -log10(difference / abs(certified))
    return min(15, max(0, lre))
}
