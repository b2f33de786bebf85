import Foundation
import Synchronization

/// Standard output and standard error, written with every failure checked.
///
/// `FileHandle.write(_:)` traps when the descriptor cannot be written (a full disk, `>/dev/full`, a
/// closed descriptor), so gdpfit writes its streams with POSIX `write(2)`, retrying short writes and
/// `EINTR`, and turns a failure into exit status 74 (EX_IOERR, sysexits.h). A failure on standard
/// error cannot be reported anywhere: it is remembered, and `GDPFit.main` exits 74 at the end.
///
/// A descriptor that is closed at start-up (`gdpfit datasets >&-`) is reopened on /dev/null before
/// anything else is opened, so that no file gdpfit opens later can take its number and receive text
/// meant for the terminal; writing to it then fails as "closed" instead of disappearing.
///
/// A reader that goes away (`gdpfit datasets | head -1`) still ends gdpfit with SIGPIPE, as it ends
/// any Unix filter in a pipeline.
enum StandardStream: Sendable {
    case output, error

    var descriptor: Int32 {
        switch self {
        case .output: STDOUT_FILENO
        case .error: STDERR_FILENO
        }
    }

    var name: String {
        switch self {
        case .output: "standard output"
        case .error: "standard error"
        }
    }

    private static let closedAtStart = Mutex<Set<Int32>>([])
    private static let errorFailed = Atomic<Bool>(false)

    /// True once a write to standard error has failed.
    static var errorHasFailed: Bool { errorFailed.load(ordering: .relaxed) }

    /// Reopens a closed standard output or error on /dev/null (see the type's comment). Call first.
    static func claimClosedDescriptors() {
        for stream in [StandardStream.output, .error] where fcntl(stream.descriptor, F_GETFD) == -1 {
            let reopened = open("/dev/null", O_WRONLY)
            if reopened == stream.descriptor {
                closedAtStart.withLock { _ = $0.insert(stream.descriptor) }
            } else if reopened >= 0 {
                close(reopened)
            }
        }
    }

    /// Writes `text` whole, or throws why it could not (a failure on standard error is also
    /// remembered for the exit status).
    func write(_ text: String) throws(CommandFailure) {
        if let reason = writeAll(Array(text.utf8)) {
            if self == .error { Self.errorFailed.store(true, ordering: .relaxed) }
            throw CommandFailure("cannot write \(name): \(reason)", ExitStatus.ioError)
        }
    }

    /// Writes `text`; a failure is remembered (standard error) and otherwise ignored. For progress
    /// lines, which must not end a computation.
    func writeIgnoringFailure(_ text: String) {
        _ = try? write(text)
    }

    /// Nil when every byte was written, else the reason.
    private func writeAll(_ bytes: [UInt8]) -> String? {
        if Self.closedAtStart.withLock({ $0.contains(descriptor) }) { return "it is closed" }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            offset += written
        }
        return nil
    }
}

/// Writes one line to standard error, prefixed with the program name.
func printError(_ message: String) throws(CommandFailure) {
    try StandardStream.error.write("gdpfit: \(message)\n")
}
