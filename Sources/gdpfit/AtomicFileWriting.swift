import Foundation

/// A file gdpfit writes: where, and its whole contents.
struct OutputFile {
    var path: String
    var bytes: [UInt8]

    /// A text file, written as UTF-8.
    init(path: String, contents: String) {
        self.path = path
        self.bytes = Array(contents.utf8)
    }

    /// A binary file (a PNG or PDF figure).
    init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}

/// Writes a set of files all or nothing, and never leaves a half-written one.
///
/// Each file goes first to a temporary file beside it (same directory, so the final `rename(2)` is
/// atomic on POSIX file systems), created with `mkstemp` (O_EXCL: it never follows or reuses an
/// existing name), written whole and `fsync`ed. Only when every temporary of the set is complete are
/// they renamed over their destinations, in order, and the directories synced. A failure before the
/// renames removes every temporary and leaves each old file as it was, so a killed process, a full
/// disk or an unwritable third file of `plot --kind all` never leaves a truncated or mixed set.
/// `rename` replaces a symbolic link at the destination itself and never writes through it.
enum AtomicFileWriting {
    /// `flag` names the option the paths came from, for the messages; `mayReplace` returns why an
    /// existing destination must not be replaced (nil: it may), checked for every file before anything
    /// is written.
    static func write(_ files: [OutputFile], flag: String, mayReplace: (String) -> String? = { _ in nil }) throws(CommandFailure) {
        for file in files {
            if let problem = destinationProblem(file.path) ?? mayReplace(file.path) {
                throw CommandFailure("\(flag): cannot write \(file.path): \(problem)", ExitStatus.cannotCreate)
            }
        }
        var temporaries: [String] = []
        func removeTemporaries() { for path in temporaries { unlink(path) } }
        for file in files {
            switch writeTemporary(file) {
            case .success(let path): temporaries.append(path)
            case .failure(let reason):
                removeTemporaries()
                throw CommandFailure("\(flag): cannot write \(file.path): \(reason.message)", ExitStatus.cannotCreate)
            }
        }
        for (index, (file, temporary)) in zip(files, temporaries).enumerated() where rename(temporary, file.path) != 0 {
            let reason = lastError()
            for path in temporaries[index...] { unlink(path) }
            throw CommandFailure("\(flag): cannot write \(file.path): \(reason)", ExitStatus.cannotCreate)
        }
        for directory in Set(files.map { directoryOf($0.path) }) {
            let descriptor = open(directory, O_RDONLY | O_DIRECTORY)
            if descriptor >= 0 {
                _ = fsync(descriptor)  // some file systems refuse to sync a directory; the rename stands
                close(descriptor)
            }
        }
    }

    /// Why `path` cannot name a file to write, or nil.
    static func destinationProblem(_ path: String) -> String? {
        if path.isEmpty { return "no file name given" }
        if path.hasSuffix("/") { return "the path ends with '/', so it names a directory, not a file" }
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { return "it is a directory" }
        var parent = stat()
        if stat(directoryOf(path), &parent) != 0 { return "its directory \(directoryOf(path)): \(lastError())" }
        if parent.st_mode & S_IFMT != S_IFDIR { return "\(directoryOf(path)) is not a directory" }
        return nil
    }

    private struct Reason: Error { var message: String }

    /// The complete, synced temporary file beside `file.path`, or why it could not be written.
    private static func writeTemporary(_ file: OutputFile) -> Result<String, Reason> {
        let directory = directoryOf(file.path)
        let name = (file.path as NSString).lastPathComponent
        var template = Array("\(directory)/.\(name).gdpfit-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return .failure(Reason(message: lastError())) }
        let path = String(cString: template)
        let mask = umask(0)
        umask(mask)
        let bytes = file.bytes
        var offset = 0
        var failure: String?
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                failure = lastError()
                break
            }
            offset += written
        }
        if failure == nil, fchmod(descriptor, 0o666 & ~mask) != 0 { failure = lastError() }
        if failure == nil, fsync(descriptor) != 0 { failure = lastError() }
        if close(descriptor) != 0, failure == nil { failure = lastError() }
        if let failure {
            unlink(path)
            return .failure(Reason(message: failure))
        }
        return .success(path)
    }

    static func directoryOf(_ path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        return directory.isEmpty ? "." : directory
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
