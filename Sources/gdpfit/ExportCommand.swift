import ArgumentParser
import Foundation
import GrowthModels

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write Jupyter notebooks that reproduce the hypothesis test and the main dataset comparisons.",
        discussion: """
            Writes, into the --out directory (created if needed):
              hypothesis-test.ipynb   the debate, each step of `gdpfit test`, the verdicts for every curated
                                      dataset and the robustness table;
              kremer-1993.ipynb, roodman-2020.ipynb
                                      one dataset each: its provenance, the exponential and hyperbolic
                                      fits, the figures, growth and level compared per era, growth modes;
                                      roodman-2020 also Roodman's stochastic model (main specification)
                                      with its fan chart;
              *.svg                   the figures, as the notebooks' `gdpfit plot` cells write them.

            Each file is written to a temporary file in --out and renamed into place only when every file \
            is complete, so a failure leaves the old set as it was. export writes only directly into \
            --out and replaces only files it wrote itself: a notebook holding gdpfit's "Written by `gdpfit \
            export`" note, or an SVG that begins as gdpfit's charts do (the XML declaration, an SVG 1.1 \
            root and a white background rectangle). Any other file, and any symbolic link (whose target is \
            never written through), stands in the way with exit 73 unless --force is given, which replaces \
            it (a link itself, not its target).

            Every code cell holds the exact gdpfit command line that regenerates its output, and the output
            stored under it is that command's text (or SVG), computed here by the same code the command
            runs. On a terminal, progress (which notebook, which command) is shown on standard error, \
            unless --quiet. Bootstraps use a fixed seed and 199 replicates; notebooks carry no timestamps, paths or
            varying execution counts. Running export twice gives byte-identical files
            (scripts/check-notebooks.sh checks the committed notebooks-export/ this way).

            Examples:
              gdpfit export
              gdpfit export --out /tmp/notebooks
            """
    )

    @Option(help: ArgumentHelp("The directory to write the notebooks and figures into.", valueName: "directory"))
    var out = "notebooks-export"

    @Flag(help: "Replace files in --out that gdpfit did not write (and symbolic links, not their targets).")
    var force = false

    @Flag(name: .shortAndLong, help: "Print nothing on standard error but errors (no progress).")
    var quiet = false

    func run() throws {
        let progress = Progress(enabled: !quiet)
        defer { progress.finish() }
        let files = try ExportedNotebooks.files(progress: progress)
        for (name, _) in files where name.isEmpty || name.contains("/") || name == "." || name == ".." {
            throw CommandFailure("export: the file name '\(name)' would leave --out", ExitStatus.software)
        }
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure("--out: cannot create the directory \(out): \(error.localizedDescription)", ExitStatus.cannotCreate)
        }
        let directory = out.hasSuffix("/") ? String(out.dropLast()) : out
        try AtomicFileWriting.write(
            files.map { OutputFile(path: "\(directory)/\($0.name)", contents: $0.text) }, flag: "--out",
            mayReplace: { path in force ? nil : ExportedFile.whyNotReplaceable(path) })
    }
}

/// How `export` recognises a file it wrote itself, which it may replace without --force.
enum ExportedFile {
    /// The note every exported notebook carries in its first cell (`ExportedNotebooks.rerunning`).
    static let notebookMarker = "Written by `gdpfit export`."
    /// The start of every SVG chart gdpfit writes (`SVGRenderer`): the XML declaration, then the root.
    static let svgPrologue = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
    static let svgBackground = "<rect id=\"background\" "
    /// How much of a file is read to recognise it: the markers sit in its first kilobyte.
    static let prefixLength = 8192

    /// Nil when nothing is at `path` or gdpfit wrote what is there; else why export must not replace it.
    static func whyNotReplaceable(_ path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFLNK:
            return "it is a symbolic link; export never writes through one (--force replaces the link itself)"
        case S_IFREG:
            break
        default:
            return "it is not a regular file"
        }
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW)
        guard descriptor >= 0 else { return "it cannot be read to check that gdpfit wrote it (--force replaces it)" }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: prefixLength)
        let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, prefixLength) }
        let prefix = String(decoding: bytes.prefix(max(count, 0)), as: UTF8.self)
        let written = path.hasSuffix(".ipynb")
            ? prefix.contains(notebookMarker)
            : path.hasSuffix(".svg") && prefix.hasPrefix(svgPrologue) && prefix.contains(svgBackground)
        return written ? nil : "gdpfit did not write this file (--force replaces it)"
    }
}

/// Builds a notebook by running gdpfit command lines in this process: each is parsed exactly as the
/// command line would be, and its output stored under a code cell that shows the command.
struct NotebookRecorder {
    /// Called with each command's arguments before it runs (progress on a terminal).
    var progress: ([String]) -> Void = { _ in }
    private(set) var notebook = Notebook()
    /// Files the recorded commands write (the SVG figures), by name.
    private(set) var files: [(name: String, text: String)] = []

    mutating func markdown(_ text: String) {
        notebook.cells.append(.markdown(text))
    }

    /// A text command (`fit`, `compare`, `breaks`, `test`, `datasets`): its printed text is the output.
    mutating func command(_ arguments: [String]) throws {
        progress(arguments)
        let command = try parse(arguments, as: (any TextReportCommand).self)
        notebook.cells.append(.code("!" + Self.commandLine(arguments), outputs: [.stdout(OutputOptions.printed(try command.report()))]))
    }

    /// `gdpfit test`: the printed text is the output; the results are returned for further cells.
    mutating func test(_ arguments: [String]) throws -> TestOutcome {
        progress(arguments)
        let command = try parse(arguments, as: TestCommand.self)
        let outcome = try command.results()
        let text = try TestRendering.render(outcome, format: command.output.format)
        notebook.cells.append(.code("!" + Self.commandLine(arguments), outputs: [.stdout(OutputOptions.printed(text))]))
        return outcome
    }

    /// A Python cell that runs a gdpfit command with `--format json --quiet` and loads one list of
    /// its JSON (`key`) into a pandas data frame. Its output is not stored: gdpfit does not run
    /// Python; `scripts/check-notebooks.sh` runs these cells to check that they work.
    mutating func pandas(_ arguments: [String], key: String, columns: [String]) {
        func python(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        let command = (["gdpfit"] + arguments + ["--format", "json", "--quiet"]).map(python).joined(separator: ", ")
        let source = [
            "import json, subprocess",
            "import pandas as pd",
            "",
            "result = json.loads(subprocess.run([\(command)], capture_output=True, text=True, check=True).stdout)",
            "frame = pd.DataFrame(result[\(python(key))])",
            "frame[[\(columns.map(python).joined(separator: ", "))]]",
        ]
        notebook.cells.append(.code(source.joined(separator: "\n"), outputs: []))
    }

    /// `gdpfit plot`: the figures it writes are kept as files and shown as the cell's SVG outputs.
    mutating func plot(_ arguments: [String]) throws {
        progress(arguments)
        let command = try parse(arguments, as: PlotCommand.self)
        var source = ["!" + Self.commandLine(arguments), "from IPython.display import SVG, display"]
        var outputs: [Notebook.Output] = []
        for (path, chart) in try command.charts() {
            let svg = SVGRenderer.render(chart)
            files.append((path, svg))
            source.append("display(SVG(filename=\"\(path)\"))")
            outputs.append(Self.displayed(svg))
        }
        notebook.cells.append(.code(source.joined(separator: "\n"), outputs: outputs))
    }

    /// `gdpfit forecast … --plot FIGURE`: the printed scores are the output, and the forecast chart
    /// is kept as the file `figure` and shown under them.
    mutating func forecast(_ arguments: [String], figure: String) throws {
        let full = arguments + ["--plot", figure]
        progress(full)
        let command = try parse(full, as: ForecastCommand.self)
        let (text, chart) = try command.evaluate()
        var outputs: [Notebook.Output] = [.stdout(OutputOptions.printed(text))]
        if let chart {
            let svg = SVGRenderer.render(chart)
            files.append((figure, svg))
            outputs.append(Self.displayed(svg))
        }
        let source = ["!" + Self.commandLine(full), "from IPython.display import SVG, display", "display(SVG(filename=\"\(figure)\"))"]
        notebook.cells.append(.code(source.joined(separator: "\n"), outputs: outputs))
    }

    /// `gdpfit test --data-uncertainty N … --plot FIGURE`: the printed shares and quantiles are the
    /// output, and the stacked bars of the shares are kept as the file `figure` and shown under them.
    mutating func dataUncertainty(_ arguments: [String], figure: String) throws {
        let full = arguments + ["--plot", figure]
        progress(full)
        let command = try parse(full, as: TestCommand.self)
        let results = try command.dataUncertaintyResults()
        let text = try DataUncertaintyRendering.render(results, format: command.output.format)
        let svg = ShareChart.svg(results)
        files.append((figure, svg))
        let source = ["!" + Self.commandLine(full), "from IPython.display import SVG, display", "display(SVG(filename=\"\(figure)\"))"]
        notebook.cells.append(.code(source.joined(separator: "\n"), outputs: [
            .stdout(OutputOptions.printed(text)), Self.displayed(svg),
        ]))
    }

    /// A figure as the output of `display(SVG(filename=…))`: IPython keeps the <svg> element only,
    /// without the XML declaration.
    static func displayed(_ svg: String) -> Notebook.Output {
        .svg(svg.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).last.map(String.init) ?? svg, plainText: "<IPython.core.display.SVG object>")
    }

    private func parse<C>(_ arguments: [String], as type: C.Type) throws -> C {
        let parsed: ParsableCommand
        do {
            parsed = try GDPFit.parseAsRoot(arguments)
        } catch {
            throw CommandFailure("export: `\(Self.commandLine(arguments))`: \(GDPFit.message(for: error))", ExitStatus.software)
        }
        guard let command = parsed as? C else {
            throw CommandFailure("export: `\(Self.commandLine(arguments))` is not a command export can record", ExitStatus.software)
        }
        return command
    }

    /// The command line as a shell reads it: arguments with characters a shell would interpret are
    /// single-quoted.
    static func commandLine(_ arguments: [String]) -> String {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,:=/+")
        return (["gdpfit"] + arguments.map { argument in
            !argument.isEmpty && argument.allSatisfy(plain.contains)
                ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }).joined(separator: " ")
    }
}
