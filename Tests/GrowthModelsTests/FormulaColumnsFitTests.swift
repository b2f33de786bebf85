import Foundation
import GrowthModels
import Testing

/// `FormulaColumnsFit` reads the regressors, the response and the weights in one pass, so a row with
/// an empty weight is skipped everywhere: the fit must equal the fit of the file without that row.
/// (Reading the weights in a second pass used to drop the row from the weights alone and shift every
/// later weight onto the wrong observation.)
@Suite struct FormulaColumnsFitTests {
    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gdpfit-columns-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func rowWithAnEmptyWeightIsSkippedInEveryColumn() throws {
        let rows = [(1.0, 2.1, "1"), (2, 3.9, "4"), (3, 6.2, ""), (4, 7.8, "2"), (5, 10.3, "0.5"), (6, 11.7, "3")]
        let withGap = try Self.write("x,y,w\n" + rows.map { "\($0.0),\($0.1),\($0.2)" }.joined(separator: "\n") + "\n")
        let withoutRow = try Self.write(
            "x,y,w\n" + rows.filter { !$0.2.isEmpty }.map { "\($0.0),\($0.1),\($0.2)" }.joined(separator: "\n") + "\n")
        defer { try? FileManager.default.removeItem(atPath: withGap); try? FileManager.default.removeItem(atPath: withoutRow) }
        func fit(_ path: String) throws -> FormulaColumnsFit.Result {
            try FormulaColumnsFit.fit(
                path: path, formula: "b0 + b1*x", regressors: ["x"], response: "y", weightColumn: "w",
                start: [("b0", 0), ("b1", 1)])
        }
        let skipped = try fit(withGap), reference = try fit(withoutRow)
        #expect(skipped.warnings.count == 1)
        #expect(skipped.fit.n == 5)
        #expect(skipped.fit.weights == [1, 4, 2, 0.5, 3])
        for (a, b) in zip(skipped.fit.parameters, reference.fit.parameters) { #expect(abs(a - b) <= 1e-12 * max(1, abs(b))) }
    }
}
