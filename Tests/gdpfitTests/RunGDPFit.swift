import Foundation
import Testing
import TestSupport

/// What one run of the built `gdpfit` executable printed and how it exited.
struct GDPFitRun: CustomStringConvertible {
    var arguments: [String]
    var status: Int32
    /// True when a signal ended the process (a trap, an abort): `status` is then the signal number.
    var crashed: Bool
    var stdout: String
    var stderr: String

    /// stderr's lines, without the trailing empty one.
    var errorLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }

    /// The parsed JSON on stdout (nil when stdout is not JSON).
    var json: Any? { try? JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed]) }

    var description: String {
        "gdpfit \(arguments.joined(separator: " ")) -> \(crashed ? "signal" : "exit") \(status)\n--- stdout\n\(stdout.prefix(2000))\n--- stderr\n\(stderr.prefix(2000))"
    }
}

/// Runs the `gdpfit` executable that `swift build`/`swift test` built beside this test bundle.
///
/// Where it is: SwiftPM puts the test runner (`gdpfitPackageTests.xctest`, an executable on Linux, a
/// bundle inside the same folder on macOS) and the products of the package in one build folder, so
/// the executable is found beside the running test binary, and `<package>/.build/debug/gdpfit` is the
/// last resort. `GDPFIT_EXECUTABLE` replaces that search: when set, it is the only candidate, so a
/// wrong path fails the end-to-end suites instead of quietly testing another build. `swift test`
/// builds the executable because gdpfitTests depends on the gdpfit target.
enum GDPFitExecutable {
    static let url: URL? = {
        let fm = FileManager.default
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["GDPFIT_EXECUTABLE"] {
            candidates.append(URL(fileURLWithPath: path))
        } else {
            candidates += searchedCandidates()
        }
        return candidates.first { url in
            var isDirectory: ObjCBool = false
            return fm.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && fm.isExecutableFile(atPath: url.path)
        }
    }()

    /// Where SwiftPM puts the executable relative to the running test binary, then the debug build.
    private static func searchedCandidates() -> [URL] {
        var candidates: [URL] = []
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {  // the runner may sit inside a .xctest bundle's Contents/MacOS
            candidates.append(directory.appendingPathComponent("gdpfit"))
            directory.deleteLastPathComponent()
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("gdpfit"))
        candidates.append(packageRoot.appendingPathComponent(".build/debug/gdpfit"))
        return candidates
    }

    static var missingMessage: String {
        if let path = ProcessInfo.processInfo.environment["GDPFIT_EXECUTABLE"] {
            return "GDPFIT_EXECUTABLE=\(path) is not an executable file"
        }
        return "the built gdpfit executable was not found beside the test binary (build it, or set GDPFIT_EXECUTABLE)"
    }

    /// Fails (never skips) when the executable is missing: the end-to-end suites are the evidence
    /// that the command line works, and a run without them must not pass.
    static func requirePresent() throws -> Bool {
        guard url != nil else { throw RunError.notBuilt }
        return true
    }

    /// Runs gdpfit with `arguments` in `directory` (default: the temporary folder) and waits for it.
    /// stdout and stderr go to files, so a large output can never block the child on a full pipe.
    static func run(_ arguments: [String], in directory: URL? = nil) throws -> GDPFitRun {
        guard let url else { throw RunError.notBuilt }
        let fm = FileManager.default
        let capture = fm.temporaryDirectory.appendingPathComponent("gdpfit-run-\(UUID().uuidString)")
        try fm.createDirectory(at: capture, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: capture) }
        let outURL = capture.appendingPathComponent("stdout"), errURL = capture.appendingPathComponent("stderr")
        _ = fm.createFile(atPath: outURL.path, contents: nil)
        _ = fm.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer { try? out.close(); try? err.close() }

        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? fm.temporaryDirectory
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return GDPFitRun(
            arguments: arguments, status: process.terminationStatus,
            crashed: process.terminationReason == .uncaughtSignal,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    enum RunError: Error, CustomStringConvertible {
        case notBuilt
        var description: String { GDPFitExecutable.missingMessage }
    }
}

/// A fresh temporary folder for one test's files, removed by `remove()`.
struct ScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("gdpfit-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` in the folder and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

extension Trait where Self == ConditionTrait {
    /// The suite runs the built `gdpfit` executable. A missing executable is an issue recorded
    /// against every test of the suite (an error thrown while Swift Testing prepares a trait fails
    /// the test), not a skip.
    static var requiresGDPFitExecutable: Self {
        .enabled { try GDPFitExecutable.requirePresent() }
    }
}
