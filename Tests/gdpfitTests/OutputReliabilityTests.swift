import Foundation
import Testing
import TestSupport
@testable import gdpfit

/// Issue 14's output and fault cases, each a regression test: unwritable or closed standard streams
/// (exit 74, documented in `gdpfit --help`), atomic `--output` and `plot --out` writes that leave the
/// old files when a write fails, and `export`'s containment (no writing through symbolic links, no
/// replacing files gdpfit did not write). Expected statuses come from the documentation (GDPFit.swift,
/// sysexits.h's EX_IOERR = 74, EX_CANTCREAT = 73); expected file contents are the ones each test
/// writes itself.
@Suite(.serialized) struct OutputReliabilityTests {
    struct ShellRun {
        var status: Int32
        var crashed: Bool
        var stderr: String
    }

    /// Runs `gdpfit ARGUMENTS` through /bin/sh with `redirections` (e.g. `>/dev/full`, `>&-`,
    /// `ulimit -f 8;` as `prefix`), stdout to /dev/null unless redirected, stderr captured.
    static func shell(_ arguments: [String], redirections: String, prefix: String = "", in directory: URL? = nil) throws -> ShellRun {
        let executable = try #require(GDPFitExecutable.url, "\(GDPFitExecutable.missingMessage)")
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let errURL = scratch.url.appendingPathComponent("stderr")
        let quoted = ([executable.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(prefix) exec \(quoted.joined(separator: " ")) \(redirections) 2>>'\(errURL.path)'"]
        if redirections.contains("2>") {
            process.arguments = ["-c", "\(prefix) exec \(quoted.joined(separator: " ")) \(redirections)"]
        }
        process.currentDirectoryURL = directory ?? scratch.url
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        try process.run()
        process.waitUntilExit()
        return ShellRun(
            status: process.terminationStatus, crashed: process.terminationReason == .uncaughtSignal,
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    // MARK: Standard streams (exit 74)

    @Test func fullStandardOutputExits74() throws {
        let run = try Self.shell(["datasets"], redirections: ">/dev/full")
        #expect(!run.crashed && run.status == 74, "\(run)")
        #expect(run.stderr.contains("cannot write standard output"), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
    }

    @Test func closedStandardOutputExits74() throws {
        let run = try Self.shell(["datasets"], redirections: ">&-")
        #expect(!run.crashed && run.status == 74, "\(run)")
        #expect(run.stderr.contains("standard output") && run.stderr.contains("closed"), "\(run.stderr)")
    }

    /// The error message itself cannot be written: nothing to say it with, so only the status tells.
    @Test func fullStandardErrorExits74() throws {
        let run = try Self.shell(["fit", "no-such-file.csv", "--model", "exponential"], redirections: "2>/dev/full")
        #expect(!run.crashed && run.status == 74, "\(run)")
    }

    @Test func helpToAFullStandardOutputExits74() throws {
        let run = try Self.shell(["--help"], redirections: ">/dev/full")
        #expect(!run.crashed && run.status == 74, "\(run)")
    }

    @Test func helpDocumentsExitStatus74() throws {
        let run = try EndToEndTests.gdpfit("--help")
        #expect(run.stdout.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("74 ") }, "\(run)")
    }

    // MARK: Atomic --output and plot --out

    static let series = "year,pop\n" + [(-10000, 4), (-5000, 5), (-1000, 50), (1, 170), (1000, 265), (1500, 425), (1700, 610), (1800, 900), (1900, 1625), (1950, 2516)]
        .map { "\($0.0),\($0.1)" }.joined(separator: "\n") + "\n"

    @Test func outputNamingADirectoryIsRefused() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        for output in ["x.txt/", scratch.url.path] {
            let run = try EndToEndTests.gdpfit(["fit", "kremer-1993", "--model", "exponential", "--output", output], in: scratch.url)
            #expect(run.status == 73, "\(run)")
            #expect(run.errorLines.count == 1 && run.errorLines[0].contains("--output") && run.errorLines[0].contains("directory"), "\(run)")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path("x.txt")), "--output x.txt/ wrote x.txt")
    }

    /// A file-size limit stops the write part-way: the old file stays whole and no temporary is left.
    @Test func fileSizeLimitKeepsTheOldOutput() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let old = "an earlier complete result\n"
        try scratch.write("result.json", old)
        // ulimit -f counts 512-byte blocks in POSIX sh: 1 block is far below the JSON of a fit.
        let run = try Self.shell(
            ["fit", "kremer-1993", "--model", "hyperbolic", "--format", "json", "--output", "result.json"],
            redirections: "", prefix: "ulimit -f 1;", in: scratch.url)
        #expect(!run.crashed && run.status == 73, "\(run)")
        #expect(try String(contentsOfFile: scratch.path("result.json"), encoding: .utf8) == old)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).sorted() == ["result.json"])
    }

    /// plot --kind all: the third file (residuals) cannot be written, so none is: the first two keep
    /// their old contents and no temporary is left.
    @Test func plotKindAllIsAllOrNothing() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let data = try scratch.write("data.csv", Self.series)
        try scratch.write("plot-series.svg", "old series\n")
        try scratch.write("plot-growth.svg", "old growth\n")
        try FileManager.default.createDirectory(atPath: scratch.path("plot-residuals.svg"), withIntermediateDirectories: false)
        let run = try EndToEndTests.gdpfit(["plot", data, "--kind", "all", "--weights", "gap", "--quiet", "--out", "plot.svg"], in: scratch.url)
        #expect(run.status == 73, "\(run)")
        #expect(run.errorLines.first?.contains("plot-residuals.svg") == true, "\(run)")
        #expect(try String(contentsOfFile: scratch.path("plot-series.svg"), encoding: .utf8) == "old series\n")
        #expect(try String(contentsOfFile: scratch.path("plot-growth.svg"), encoding: .utf8) == "old growth\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).sorted()
            == ["data.csv", "plot-growth.svg", "plot-residuals.svg", "plot-series.svg"])
        // Once the way is clear, all three are written.
        try FileManager.default.removeItem(atPath: scratch.path("plot-residuals.svg"))
        let again = try EndToEndTests.gdpfit(["plot", data, "--kind", "all", "--weights", "gap", "--quiet", "--out", "plot.svg"], in: scratch.url)
        #expect(again.status == 0, "\(again)")
        for name in ["plot-series.svg", "plot-growth.svg", "plot-residuals.svg"] {
            #expect(try String(contentsOfFile: scratch.path(name), encoding: .utf8).hasPrefix(ExportedFile.svgPrologue), "\(name)")
        }
    }

    /// A write that fails part-way through the set removes the temporaries already written and leaves
    /// every destination as it was. The second file's name is valid (245 characters, under NAME_MAX =
    /// 255) but its temporary's name, "." + name + ".gdpfit-XXXXXX", is not (260), so its temporary
    /// cannot be created whatever the permissions (the test may run as root).
    @Test func aFailedTemporaryRemovesTheOthers() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try scratch.write("first.txt", "old first\n")
        let long = String(repeating: "n", count: 245)
        #expect(throws: CommandFailure.self) {
            try AtomicFileWriting.write(
                [OutputFile(path: scratch.path("first.txt"), contents: "new first\n"), OutputFile(path: scratch.path(long), contents: "x")],
                flag: "--out")
        }
        #expect(try String(contentsOfFile: scratch.path("first.txt"), encoding: .utf8) == "old first\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).sorted() == ["first.txt"])
    }

    // MARK: export's containment

    /// export's check and write, as ExportCommand.run calls them, on a planted directory.
    static func export(_ files: [String: String], into directory: ScratchDirectory, force: Bool = false) throws {
        try AtomicFileWriting.write(
            files.sorted { $0.key < $1.key }.map { OutputFile(path: directory.path($0.key), contents: $0.value) }, flag: "--out",
            mayReplace: { path in force ? nil : ExportedFile.whyNotReplaceable(path) })
    }

    static let notebook = "{\n \"cells\": [\n  {\n   \"cell_type\": \"markdown\",\n   \"source\": [\"Written by `gdpfit export`. Each code cell\"]\n  }\n ]\n}\n"

    @Test func exportDoesNotWriteThroughASymbolicLink() throws {
        let outside = try ScratchDirectory(), out = try ScratchDirectory()
        defer { outside.remove(); out.remove() }
        let precious = try outside.write("precious.txt", "keep me\n")
        try FileManager.default.createSymbolicLink(atPath: out.path("kremer-1993.ipynb"), withDestinationPath: precious)
        #expect(throws: CommandFailure.self) { try Self.export(["kremer-1993.ipynb": Self.notebook], into: out) }
        #expect(try String(contentsOfFile: precious, encoding: .utf8) == "keep me\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out.path("kremer-1993.ipynb")) == precious)
        do {
            try Self.export(["kremer-1993.ipynb": Self.notebook], into: out)
        } catch let error as CommandFailure {
            #expect(error.message.contains("symbolic link") && error.message.contains("--force"), "\(error.message)")
            #expect(error.status == ExitStatus.cannotCreate)
        }
        // --force replaces the link itself; its target is untouched.
        try Self.export(["kremer-1993.ipynb": Self.notebook], into: out, force: true)
        #expect(try String(contentsOfFile: precious, encoding: .utf8) == "keep me\n")
        #expect(try String(contentsOfFile: out.path("kremer-1993.ipynb"), encoding: .utf8) == Self.notebook)
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: out.path("kremer-1993.ipynb"))) == nil)
    }

    @Test func exportDoesNotFollowADanglingLink() throws {
        let outside = try ScratchDirectory(), out = try ScratchDirectory()
        defer { outside.remove(); out.remove() }
        let target = outside.path("created-outside.ipynb")
        try FileManager.default.createSymbolicLink(atPath: out.path("roodman-2020.ipynb"), withDestinationPath: target)
        #expect(throws: CommandFailure.self) { try Self.export(["roodman-2020.ipynb": Self.notebook], into: out) }
        #expect(!FileManager.default.fileExists(atPath: target))
        try Self.export(["roodman-2020.ipynb": Self.notebook], into: out, force: true)
        #expect(!FileManager.default.fileExists(atPath: target), "--force wrote through the dangling link")
    }

    @Test func exportReplacesOnlyItsOwnFiles() throws {
        let out = try ScratchDirectory()
        defer { out.remove() }
        // Files gdpfit wrote: replaced without --force.
        try out.write("a.ipynb", Self.notebook.replacingOccurrences(of: "Each code cell", with: "old"))
        let svg = SVGRenderer.render(Chart(title: "t", xAxis: ChartAxis(label: "x", range: 0...1), yAxis: ChartAxis(label: "y", range: 0...1)))
        try out.write("a.svg", svg)
        #expect(ExportedFile.whyNotReplaceable(out.path("a.ipynb")) == nil)
        #expect(ExportedFile.whyNotReplaceable(out.path("a.svg")) == nil)
        #expect(ExportedFile.whyNotReplaceable(out.path("absent.ipynb")) == nil)
        try Self.export(["a.ipynb": Self.notebook, "a.svg": svg], into: out)
        // Anything else stands in the way of the whole set: nothing is written.
        try out.write("b.ipynb", "{\"cells\": []}\n")
        try out.write("b.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")
        #expect(ExportedFile.whyNotReplaceable(out.path("b.ipynb")) != nil)
        #expect(ExportedFile.whyNotReplaceable(out.path("b.svg")) != nil)
        #expect(throws: CommandFailure.self) { try Self.export(["a.ipynb": "new\n", "b.ipynb": Self.notebook], into: out) }
        #expect(try String(contentsOfFile: out.path("a.ipynb"), encoding: .utf8) == Self.notebook)
        #expect(try String(contentsOfFile: out.path("b.ipynb"), encoding: .utf8) == "{\"cells\": []}\n")
        try FileManager.default.createDirectory(atPath: out.path("c.svg"), withIntermediateDirectories: false)
        #expect(ExportedFile.whyNotReplaceable(out.path("c.svg")) != nil)
    }

    /// The note export recognises its notebooks by is the one every exported notebook carries.
    @Test func exportedNotebooksCarryTheMarker() {
        #expect(ExportedNotebooks.rerunning.hasPrefix(ExportedFile.notebookMarker))
    }
}
