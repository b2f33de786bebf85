import ArgumentParser
import GrowthModels

/// The largest counts the command line accepts: each bounds the time and memory of one run (a
/// bootstrap keeps its replicates' estimates, a multistart its starts, the fan chart its paths, the
/// break search's dynamic programme grows with the number of breaks). `--help` states them, and a
/// larger value is a usage error (exit 64) instead of a run that exhausts the machine.
enum CountLimits {
    static let bootstrapReplicates = 100_000
    static let multistartStarts = 10_000
    static let breaks = 10
    static let simulatedPaths = FanChartQuantiles.maximumPaths
}

/// Parses whole-number options with their documented range.
///
/// Used as an option's `transform` with `parsing: .unconditional`, so that a negative value reaches
/// it (ArgumentParser otherwise reads `-1` as a flag and reports "Missing value") and the message
/// names the flag, the value and the allowed range.
enum WholeNumber {
    static func parser<Number: FixedWidthInteger & Sendable>(
        _ range: ClosedRange<Number>
    ) -> @Sendable (String) throws -> Number {
        { text in
            guard let value = Number(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
                throw ValidationError(describe(range))
            }
            return value
        }
    }

    static func describe<Number: FixedWidthInteger>(_ range: ClosedRange<Number>) -> String {
        range.upperBound == Number.max && Number.isSigned
            ? "must be a whole number of at least \(range.lowerBound)"
            : "must be a whole number from \(range.lowerBound) to \(range.upperBound)"
    }
}

/// Parses a real-number option, negative values included (see `WholeNumber`).
enum RealNumber {
    static func parse(_ text: String) throws -> Double {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)) else { throw ValidationError("must be a number") }
        return value
    }
}

/// A year given on the command line: -10000, "10000 BCE", "1500 CE" (`YearParsing`).
struct Year: ExpressibleByArgument, Equatable, Sendable, CustomStringConvertible {
    var value: Double

    init(_ value: Double) { self.value = value }

    var description: String { NumberFormat.year(value) }

    init?(argument: String) {
        guard let year = try? Self.parse(argument) else { return nil }
        self = year
    }

    /// The year, or a usage error carrying YearParsing's reason (an option's `transform`, so that the
    /// message says why the text is not a year).
    static func parse(_ text: String) throws -> Year {
        do {
            return Year(try YearParsing.year(from: text))
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Years separated by commas, e.g. "1700,1820,1913" (each as `parse` reads it).
    static func parseList(_ text: String) throws -> [Year] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard !parts.isEmpty, !parts.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw ValidationError("must be years separated by commas, e.g. 1700,1820,1913")
        }
        return try parts.map { try parse(String($0)) }
    }
}

/// A window of years written FROM:TO, e.g. -10000:1950 (`gdpfit test --window`).
enum YearWindowArgument {
    static func parse(_ text: String) throws -> YearWindow {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else { throw ValidationError("must be FROM:TO, e.g. -10000:1950") }
        let from = try Year.parse(parts[0]).value, to = try Year.parse(parts[1]).value
        guard from < to else { throw ValidationError("FROM must come before TO") }
        return YearWindow(from: from, to: to)
    }
}

/// `--weights`: gap, none, roodman, or any other word as a column's name.
extension Weighting: ExpressibleByArgument {
    public init?(argument: String) {
        guard !argument.isEmpty else { return nil }
        self.init(argument)
    }
}
