import Foundation
import Testing

/// The evidence that needs `../shared/reference-data` (the NIST StRD certification, the dataset
/// cross-checks, the end-to-end NIST run) must never vanish from a run unnoticed.
///
/// Put `.requiresReferenceData` on such a suite or test. When the folder is present the tests run.
/// When it is absent:
/// - by default each such test is skipped (Swift Testing lists it as skipped, with no reason of its
///   own), and the process prints ONE line when it exits, after Swift Testing's summary, naming how
///   many tests were skipped and why;
/// - with `GDPFIT_REQUIRE_REFERENCE_DATA=1` (CI sets it in `.ci/run`) every such test fails instead,
///   with the reason as its issue.
///
/// How the count is exact: Swift Testing plans the whole run before running anything, and while
/// planning it evaluates each test's condition traits once, suites and the tests inside them alike
/// (a suite's condition is recursive: its tests inherit it). The condition below counts the
/// evaluations that are tests, not suites, so a test filtered out by `--filter` is not counted, and
/// a parameterized test counts once however many cases it has.
public enum ReferenceDataRequirement {
    /// The environment variable that turns a missing folder into failures.
    public static let requireVariable = "GDPFIT_REQUIRE_REFERENCE_DATA"

    /// Why a test that needs the folder failed instead of skipping.
    public struct Missing: Error, CustomStringConvertible {
        public var description: String
    }

    /// Whether a missing folder must fail the run: `GDPFIT_REQUIRE_REFERENCE_DATA` is `1`; unset,
    /// empty or `0` means skip; any other value is an error of its own (never silently ignored).
    static func isRequired() throws -> Bool {
        switch ProcessInfo.processInfo.environment[requireVariable] {
        case nil, "", "0": return false
        case "1": return true
        case let value?: throw Missing(description: "\(requireVariable) must be 1 or 0, not '\(value)'")
        }
    }

    /// True when the folder is there; false (a skip, counted) when it is absent and not required;
    /// throws (a failure) when it is absent and required.
    static func evaluate() throws -> Bool {
        let required = try isRequired()
        if SharedData.referenceData != nil { return true }
        if required {
            throw Missing(description: "\(requireVariable)=1 and \(SharedData.missingMessage)")
        }
        if Test.current?.isSuite != true { skipped.recordSkip() }
        return false
    }

    /// The tests skipped so far in this process, and the one-time registration of the exit summary.
    final class SkipCounter: @unchecked Sendable {  // every access holds `lock`
        private let lock = NSLock()
        private var count = 0
        private var summaryRegistered = false

        func recordSkip() {
            lock.lock()
            defer { lock.unlock() }
            count += 1
            if !summaryRegistered {
                summaryRegistered = true
                atexit { ReferenceDataRequirement.printSummary() }
            }
        }

        var total: Int {
            lock.lock()
            defer { lock.unlock() }
            return count
        }
    }

    static let skipped = SkipCounter()

    /// The one summary line (stderr, where Swift Testing writes its own summary).
    static func printSummary() {
        let total = skipped.total
        guard total > 0 else { return }
        let tests = total == 1 ? "1 test" : "\(total) tests"
        let line = "gdpfit: \(tests) needing reference data skipped (NIST StRD certification, dataset cross-checks): "
            + "\(SharedData.missingMessage); set \(requireVariable)=1 to make this a failure\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}

extension Trait where Self == ConditionTrait {
    /// The suite or test reads `../shared/reference-data`: see `ReferenceDataRequirement`.
    public static var requiresReferenceData: Self {
        .enabled { try ReferenceDataRequirement.evaluate() }
    }
}
