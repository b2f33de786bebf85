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
}

/// Writes one line to standard error, prefixed with the program name.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("gdpfit: \(message)\n".utf8))
}

/// Prints `message` on stderr and exits with `status`: the one place a command gives up.
func fail(_ message: String, _ status: ExitCode) -> ExitCode {
    printError(message)
    return status
}
