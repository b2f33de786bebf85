import ArgumentParser
import Foundation

/// gdpfit's documented exit statuses (see `gdpfit --help`), after BSD's sysexits.h where one fits.
enum ExitStatus {
    static let notConverged = ExitCode(1)
    static let usage = ExitCode(64)
    static let dataError = ExitCode(65)
    static let noInput = ExitCode(66)
    static let software = ExitCode(70)
    static let cannotCreate = ExitCode(73)
    static let ioError = ExitCode(74)
}

/// Why a command gives up: a message of a line or a few, and the documented status. `GDPFit.main`
/// prints the message on standard error and exits with the status, so a command only throws it.
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    var status: ExitCode

    init(_ message: String, _ status: ExitCode) {
        self.message = message
        self.status = status
    }

    var description: String { message }
}
