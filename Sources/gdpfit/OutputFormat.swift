import ArgumentParser
import Foundation

/// The output formats every subcommand offers.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table, json, csv, markdown, latex

    static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// Options shared by every subcommand that prints results.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Output format: table, json, csv, markdown or latex.")
    var format: OutputFormat = .table

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the output to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(name: .shortAndLong, help: "Print nothing on standard error but errors: no progress, no notes.")
    var quiet = false

    @Flag(help: "Text tables at their full width (by default a table wider than 100 columns is split into stacked sections).")
    var wide = false

    /// Runs `body` (a command's rendering) with the table width `--wide` asks for.
    func rendering<T>(_ body: () throws -> T) throws -> T {
        try TextTable.$maxWidth.withValue(wide ? nil : 100, operation: body)
    }

    /// The text as printed: ending with exactly the newline it has, or one added.
    static func printed(_ text: String) -> String { text.hasSuffix("\n") ? text : text + "\n" }

    /// Writes `text` to standard output (exit 74 when it cannot be written) or to `--output`, which
    /// is replaced whole or left as it was (`AtomicFileWriting`; exit 73 when it cannot be written).
    func emit(_ text: String) throws(CommandFailure) {
        let body = Self.printed(text)
        guard let output else {
            try StandardStream.output.write(body)
            return
        }
        try AtomicFileWriting.write([OutputFile(path: output, contents: body)], flag: "--output")
    }
}

/// JSON as gdpfit prints it: keys sorted and in snake_case (`deltaBIC` → `delta_bic`,
/// `deltaAICc` → `delta_aicc`: an underscore goes only where a lower-case letter or digit meets a
/// capital, so acronyms stay whole; keys without such a boundary, like the parameter `B`, are kept
/// as they are), pretty, no escaped slashes; NaN and infinities, which JSON
/// cannot hold, are written as the strings "nan", "inf" and "-inf".
enum JSONOutput {
    static func snakeCase(_ key: String) -> String {
        var out = ""
        var previous: Character?
        var camel = false
        for c in key {
            if c.isUppercase, let p = previous, p.isLowercase || p.isNumber {
                out.append("_")
                camel = true
            }
            out.append(c)
            previous = c
        }
        // A key with no lower-to-upper boundary is already in its final form: `B`, `B_stderr`
        // (the growth-law exponent keeps its capital, distinct from linear growth's `b`).
        return camel ? out.lowercased() : key
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .custom { path in Key(stringValue: snakeCase(path.last?.stringValue ?? "")) }
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = try encoder.encode(value)
        return String(decoding: data, as: UTF8.self)
    }
}
