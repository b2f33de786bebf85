import Foundation

/// Locates the read-only `shared/` folder that sits beside the project checkout (CI lays a copy
/// of it next to its clone). The files there are never copied into the project. Tests that need
/// them carry the `.requiresReferenceData` trait (`ReferenceDataRequirement.swift`), which decides
/// what a missing folder means: one summary line and skips, or failures under
/// `GDPFIT_REQUIRE_REFERENCE_DATA=1`.
public enum SharedData {
    /// The `shared/reference-data` folder, or nil. `GDPFIT_SHARED` (path to `shared/`) wins when set;
    /// otherwise each ancestor of this source file is searched for `shared/reference-data`.
    public static let referenceData: URL? = {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["GDPFIT_SHARED"] {
            let url = URL(fileURLWithPath: env).appendingPathComponent("reference-data")
            return fm.fileExists(atPath: url.path) ? url : nil
        }
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("shared/reference-data")
            if fm.fileExists(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    /// `shared/reference-data/nist-strd`, or nil.
    public static var nistDirectory: URL? {
        referenceData.map { $0.appendingPathComponent("nist-strd") }
    }

    /// What is missing and where it was looked for, in one sentence.
    public static var missingMessage: String {
        if let env = ProcessInfo.processInfo.environment["GDPFIT_SHARED"] {
            return "\(env)/reference-data not found (GDPFIT_SHARED=\(env))"
        }
        return "../shared/reference-data not found beside the checkout (set GDPFIT_SHARED to the shared/ folder)"
    }
}

/// The root of this package (the folder holding Package.swift), from this source file's location.
public let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
