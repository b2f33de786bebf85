import Foundation
import GrowthModels
import Testing
import TestSupport

/// Issue 13, items 1-3: the formats a researcher pastes into a paper or loads into a notebook.
///
/// - Every LaTeX output of `fit`, `compare`, `breaks`, `forecast`, `test` and `datasets` is compiled by a real
///   TeX engine (`pdflatex -halt-on-error`, Debian's texlive-latex-base and -recommended, installed
///   by scripts/setup.sh) inside the smallest document that loads booktabs; any error fails.
/// - Every CSV output is tidy: each header an ASCII name, each cell a finite number, empty, or in a
///   column this test declares as text (the declarations are written here from what each column
///   means, not read from the renderer, so a number column that starts holding words fails).
/// - `fit`, `compare` and their CSV/Markdown/LaTeX carry what table and JSON carry.
///
/// No expected number is asserted here: the numbers are checked against the library in
/// EndToEndTests and against scipy/statsmodels/NIST in the library's own suites.
@Suite(.requiresGDPFitExecutable)
struct PublicationFormatTests {
    /// One command run on a curated dataset with a small bootstrap, and the CSV columns that hold
    /// words (by CSV name).
    struct Command: CustomStringConvertible, Sendable {
        var arguments: [String]
        var textColumns: Set<String>
        var description: String { arguments.joined(separator: " ") }
    }

    static let fitText: Set<String> = ["name", "kind", "model", "status"]
    static let compareText: Set<String> = ["era", "model", "status", "test", "reading", "favours", "p_at_floor"]

    static let commands: [Command] = [
        Command(arguments: ["datasets"], textColumns: ["name", "measures", "title"]),
        Command(arguments: ["datasets", "show", "roodman-2020"], textColumns: ["column", "default", "role", "unit"]),
        Command(arguments: ["fit", "kremer-1993", "--model", "hyperbolic", "--from", "1", "--to", "1950", "--bootstrap", "19", "--profile"],
                textColumns: fitText),
        Command(arguments: ["fit", "kremer-1993", "--model", "constant-growth"], textColumns: fitText),
        Command(arguments: ["fit", "kremer-1993", "--model", "power-growth", "--from", "-10000", "--to", "1950"], textColumns: fitText),
        Command(arguments: ["fit", "delong-1998", "--model", "stochastic-hyperbolic", "--from", "-10000", "--to", "1950"],
                textColumns: fitText.union(["interval"])),
        Command(arguments: ["compare", "kremer-1993", "--split", "1700", "--form", "level", "--from", "-10000", "--to", "1950", "--bootstrap", "19"],
                textColumns: compareText),
        Command(arguments: ["compare", "kremer-1993", "--split", "1700", "--form", "growth"], textColumns: compareText),
        Command(arguments: ["breaks", "delong-1998", "--from", "-10000", "--to", "1950"], textColumns: []),
        Command(arguments: ["forecast", "kremer-1993", "--paths", "50"], textColumns: ["model", "status"]),
        Command(arguments: ["test", "--datasets", "kremer-1993", "--bootstrap", "9"],
                textColumns: ["dataset", "sweep", "weights", "era", "form", "model", "statistic", "reading", "status"]),
    ]

    static func run(_ command: Command, format: String) throws -> GDPFitRun {
        let run = try GDPFitExecutable.run(command.arguments + ["--format", format, "--quiet"])
        #expect(run.status == 0 && !run.crashed, "\(run)")
        #expect(run.stderr.isEmpty, "stderr under --quiet:\n\(run)")
        return run
    }

    // MARK: - LaTeX

    static let pdflatex: URL? = {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { URL(fileURLWithPath: String($0)).appendingPathComponent("pdflatex") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Compiles `fragment` inside a minimal document; returns the error lines of the log ("! ...")
    /// and pdflatex's exit status.
    static func compile(_ fragment: String) throws -> (status: Int32, errors: [String], log: String) {
        let engine = try #require(pdflatex, "pdflatex not found on PATH: scripts/setup.sh installs texlive-latex-base and texlive-latex-recommended")
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try scratch.write("fragment.tex", fragment)
        try scratch.write("document.tex", """
            \\documentclass{article}
            \\usepackage{booktabs}
            \\begin{document}
            \\input{fragment}
            \\end{document}

            """)
        let process = Process()
        process.executableURL = engine
        process.arguments = ["-halt-on-error", "-interaction=nonstopmode", "-no-shell-escape", "document.tex"]
        process.currentDirectoryURL = scratch.url
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let log = (try? String(contentsOf: scratch.url.appendingPathComponent("document.log"), encoding: .utf8))
            ?? (try? String(contentsOf: scratch.url.appendingPathComponent("document.log"), encoding: .isoLatin1)) ?? ""
        let errors = log.split(separator: "\n").filter { $0.hasPrefix("!") }.map(String.init)
        let pdf = FileManager.default.fileExists(atPath: scratch.path("document.pdf"))
        return (pdf ? process.terminationStatus : max(process.terminationStatus, 1), errors, log)
    }

    /// The test's own document must catch what it is for: U+2212 in a table (the character the
    /// issue reports) stops pdflatex. Without this, a compile that silently did nothing would pass.
    @Test func aBrokenFragmentFailsToCompile() throws {
        let result = try Self.compile("\\begin{tabular}{r}\n\u{2212}1 \\\\\n\\end{tabular}\n")
        #expect(result.status != 0 && !result.errors.isEmpty, "pdflatex accepted U+2212:\n\(result.log.suffix(2000))")
    }

    @Test(arguments: commands)
    func latexCompiles(command: Command) throws {
        let run = try Self.run(command, format: "latex")
        let result = try Self.compile(run.stdout)
        #expect(result.status == 0 && result.errors.isEmpty,
                "pdflatex failed on `gdpfit \(command) --format latex`:\n\(result.errors.joined(separator: "\n"))\n\(run.stdout.prefix(3000))")
        // Booktabs, a caption and a label on every table; no character outside ASCII where TeX reads it.
        let tables = run.stdout.components(separatedBy: "\\begin{table}").count - 1
        #expect(tables >= 1, "no table float")
        for markup in ["\\caption{", "\\label{tab:", "\\toprule", "\\midrule", "\\bottomrule"] {
            let count = run.stdout.components(separatedBy: markup).count - 1
            #expect(count == tables, "\(markup) is not on every table")
        }
        #expect(!run.stdout.contains("\\hline"))
        for line in run.stdout.split(separator: "\n") where !line.hasPrefix("%") {
            let ascii = line.unicodeScalars.allSatisfy(\.isASCII)
            #expect(ascii, "non-ASCII LaTeX source: \(line)")
        }
    }

    // MARK: - CSV

    static func isNumber(_ cell: String) -> Bool {
        guard let value = Double(cell) else { return false }
        return value.isFinite && !cell.contains(where: { $0.isLetter && $0 != "e" && $0 != "E" })
    }

    @Test(arguments: commands)
    func csvIsTidy(command: Command) throws {
        let run = try Self.run(command, format: "csv")
        let records = try #require(OutputFormatChecks.csvRecords(run.stdout), "unterminated quote")
        let header = try #require(records.first)
        #expect(Set(header).count == header.count, "repeated column names: \(header)")
        for name in header {
            // ASCII snake_case; a model's own parameter name keeps its case after `parameter_` (B ≠ b).
            let stem = name.hasPrefix("parameter_") ? "parameter_" : name
            #expect(!name.isEmpty && stem.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }
                    && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } && name.first?.isLetter == true,
                    "column name '\(name)' is not ASCII snake_case")
        }
        let unknown = command.textColumns.subtracting(header)
        #expect(unknown.isEmpty, "declared text columns missing from the header: \(unknown)")
        #expect(records.count >= 2, "no rows")
        for (index, record) in records.enumerated().dropFirst() {
            #expect(record.count == header.count, "record \(index + 1): \(record.count) fields, header \(header.count)")
            for (name, cell) in zip(header, record) where !cell.isEmpty && !command.textColumns.contains(name) {
                #expect(Self.isNumber(cell), "record \(index + 1), column \(name): '\(cell)' is neither a number nor empty")
            }
        }
    }

    // MARK: - every format carries every result

    /// `fit` in CSV, Markdown and LaTeX carries the statistics and status table and JSON carry.
    @Test(arguments: ["csv", "markdown", "latex"])
    func fitCarriesItsStatistics(format: String) throws {
        let run = try Self.run(Self.commands[2], format: format)
        let json = try Self.run(Self.commands[2], format: "json")
        let object = try #require(json.json as? [String: Any])
        let status = try #require(object["status"] as? String)
        #expect(run.stdout.contains(status), "status '\(status)' missing")
        switch format {
        case "csv":
            let records = try #require(OutputFormatChecks.csvRecords(run.stdout))
            let names = Set(records.filter { $0.count > 1 && $0[1] == "statistic" }.map { $0[0] })
            for key in ["n", "rss", "log_likelihood", "aic", "aicc", "bic"] { #expect(names.contains(key), "\(key) missing") }
            // The CSV numbers are the JSON numbers rounded (6-7 significant digits).
            for record in records where record.count > 2 && record[1] == "statistic" {
                guard let expected = object[record[0]] as? Double, let value = Double(record[2]) else { continue }
                #expect(relativeDifference(value, expected) < 1e-5, "\(record[0]): csv \(value), json \(expected)")
            }
        default:
            for title in ["RSS", "log-likelihood", "AIC", "AICc", "BIC"] { #expect(run.stdout.contains(title), "\(title) missing") }
        }
    }

    /// `compare` in CSV, Markdown and LaTeX carries the Vuong and bootstrap tests of the level form
    /// and the LR, F and proportionality tests of the growth form, as table and JSON do.
    @Test(arguments: ["csv", "markdown", "latex"])
    func compareCarriesItsTests(format: String) throws {
        let level = try Self.run(Self.commands[6], format: format)
        #expect(level.stdout.contains("Vuong"), "no Vuong test")
        #expect(level.stdout.contains("parametric bootstrap"), "no bootstrap test")
        let growth = try Self.run(Self.commands[7], format: format)
        let json = try Self.run(Self.commands[7], format: "json")
        let eras = try #require((json.json as? [String: Any])?["eras"] as? [[String: Any]])
        let names = Set(eras.flatMap { ($0["tests"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String } })
        #expect(!names.isEmpty)
        for name in names {
            let shown = format == "latex" ? name.replacingOccurrences(of: "_", with: "\\_") : name
            #expect(growth.stdout.contains(shown), "test '\(name)' missing")
        }
        #expect(growth.stdout.contains("exponent B"), "no proportionality row")
    }

    /// `fit --format json` carries each observation with its fitted value and residual (as R's
    /// broom::augment): the library's fitted values and residuals for the same sample, the level
    /// form's response ln y of the series' own value, and residual = response − fitted.
    @Test(arguments: ["exponential", "power-growth"])
    func fitJSONCarriesFittedValuesAndResiduals(model: String) throws {
        let run = try GDPFitExecutable.run(["fit", "kremer-1993", "--model", model, "--format", "json", "--quiet"])
        #expect(run.status == 0, "\(run)")
        let object = try #require(run.json as? [String: Any])
        let observations = try #require(object["observations"] as? [[String: Any]])
        let series = try DatasetCatalog.dataset(named: "kremer-1993").load().series
        let kind = try #require(GrowthModelID(rawValue: model))
        let level = model == "exponential"
        let sample = level
            ? try ModelSample.level(series, weighting: Weighting.none) : try ModelSample.growth(series, weighting: .gap)
        let fit = try GrowthModelFitter.fit(kind, to: sample).fit
        #expect(observations.count == fit.n)
        for (i, row) in observations.enumerated() {
            let response = try #require(row["response"] as? Double), fitted = try #require(row["fitted"] as? Double)
            let residual = try #require(row["residual"] as? Double), year = try #require(row["year"] as? Double)
            #expect(year == sample.years[i])
            #expect(relativeDifference(fitted, fit.fitted[i]) <= 1e-9 && abs(residual - fit.residuals[i]) <= 1e-9 * max(1, abs(response)))
            #expect(abs(response - fitted - residual) <= 1e-12 * max(1, abs(response)))
            if level, let level = row["level"] as? Double { #expect(abs(response - log(level)) <= 1e-12 * max(1, abs(response))) }
            #expect((row["weight"] as? Double).map { $0 > 0 } == true)
        }
    }

    // MARK: - console width

    /// No line of a text table is wider than a 100-column terminal by default (a wide table is
    /// split into stacked sections); `--wide` keeps the full width, which for compare's level form
    /// is wider than 100, so the split is what keeps the default within bounds.
    @Test(arguments: commands)
    func tablesFitIn100Columns(command: Command) throws {
        let run = try Self.run(command, format: "table")
        let tables = OutputFormatChecks.alignedTables(run.stdout)
        #expect(!tables.isEmpty || command.arguments.first == "test", "no table in:\n\(run.stdout)")
        for table in tables {
            OutputFormatChecks.checkAligned(table, sourceLocation: #_sourceLocation)
            for line in table { #expect(line.count <= 100, "\(line.count) columns: \(line)") }
        }
    }

    @Test func wideKeepsTheFullWidth() throws {
        let arguments = Self.commands[6].arguments + ["--quiet"]
        let wide = try GDPFitExecutable.run(arguments + ["--wide"])
        #expect(wide.status == 0, "\(wide)")
        let widest = OutputFormatChecks.alignedTables(wide.stdout).flatMap { $0 }.map(\.count).max() ?? 0
        #expect(widest > 100, "compare --form level is no longer wider than 100 columns: the test shows nothing")
    }

    /// R² is not printed for constant growth, an intercept-only model (R² = 0 by construction).
    @Test func noRSquaredForAnInterceptOnlyModel() throws {
        let run = try Self.run(Self.commands[3], format: "table")
        #expect(!run.stdout.contains("R²"), "\(run.stdout)")
        let hyperbolic = try Self.run(Self.commands[2], format: "table")
        #expect(hyperbolic.stdout.contains("R² "))
        #expect(hyperbolic.stdout.contains("correlations of the estimates"))
    }

    // MARK: - notes on stderr only

    /// Notes (a skipped NA row) go to stderr, so JSON on stdout parses without --quiet; --quiet
    /// silences them; in every command that reads a file.
    @Test(arguments: [
        ["fit", "--model", "exponential"], ["compare"], ["breaks", "--max-breaks", "0"],
        ["test", "--bootstrap", "0", "--no-robustness"],
    ])
    func notesStayOffStdout(command: [String]) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try scratch.write("na.csv", "year,pop\n1,5\n2,NA\n3,7\n4,9\n5,12\n6,15\n7,19\n8,24\n9,30\n")
        let arguments = [command[0], path] + command.dropFirst() + ["--format", "json"]
        let loud = try GDPFitExecutable.run(arguments)
        #expect(loud.status == 0, "\(loud)")
        #expect(loud.stderr.contains("note:"), "no note on stderr:\n\(loud)")
        #expect(loud.json != nil, "stdout is not JSON by itself:\n\(loud)")
        let quiet = try GDPFitExecutable.run(arguments + ["--quiet"])
        #expect(quiet.stderr.isEmpty && quiet.stdout == loud.stdout, "\(quiet)")
    }
}
