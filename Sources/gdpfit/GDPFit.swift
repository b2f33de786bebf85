import ArgumentParser
import Foundation
import GrowthModels

@main
struct GDPFit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gdpfit",
        abstract: "Fit constant-growth, exponential and hyperbolic models to long-run population and GDP series.",
        discussion: """
            gdpfit tests the Hyperbolic Growth Hypothesis (Kremer 1993; Roodman 2020) against constant \
            growth within eras (Garfinkel 2020) with least-squares fits compared by AIC, AICc and BIC.

            Examples:
              gdpfit datasets
              gdpfit test --datasets kremer-1993 --format markdown
              gdpfit fit kremer-1993 --model hyperbolic --from 1 --to 1950
              gdpfit compare delong-1998 --split 1800 --form growth
              gdpfit fit data.csv --formula "a*exp(r*x)" --start a=1,r=0.01 --x x --y y

            Exit status:
              0   success
              1   a fit did not converge (status printed; its numbers are not estimates)
              64  usage error (a bad flag, value or combination of flags)
              65  data error (malformed CSV, bad column, non-positive or duplicate values,
                  formula error, too few observations, a model undefined at its start)
              66  no input (a file that does not exist or cannot be read)
              70  internal failure (a linear-algebra routine failed; a figure could not be
                  rendered as PNG or PDF)
              73  an output file (--output, --out) cannot be written
              74  standard output or standard error cannot be written (a full disk,
                  a closed descriptor)
            """,
        version: GDPFitVersion.string,
        subcommands: [
            DatasetsCommand.self, FitCommand.self, CompareCommand.self, BreaksCommand.self, TestCommand.self, ForecastCommand.self, PlotCommand.self,
            ExportCommand.self,
        ]
    )

    /// ArgumentParser's `main()`, with every write to the terminal checked (`StandardStream`): help
    /// goes to standard output, errors to standard error with the usage where ArgumentParser adds it,
    /// a `CommandFailure` is printed as its message, and a failed write exits 74.
    /// A first argument that is neither a flag nor a subcommand but close to one ("fitt") is a usage
    /// error that names the subcommand meant, instead of ArgumentParser's "unexpected arguments".
    static func suggestSubcommand(for first: String?) throws {
        guard let first, !first.hasPrefix("-") else { return }
        let names = configuration.subcommands.map { $0._commandName } + ["help"]
        guard !names.contains(first), let meant = NameSuggestion.closest(to: first, in: names) else { return }
        throw CommandFailure("no subcommand '\(first)'; did you mean '\(meant)'? (see gdpfit --help)", ExitStatus.usage)
    }

    /// On a failed parse: the first long flag the subcommand does not take ("--modle") that is close
    /// to one it does, as a usage error naming both. ArgumentParser runs `validate()` before it
    /// reports leftover arguments, so without this `--modle hyperbolic` is reported as a missing
    /// --model; nil when every flag is known or none is close to a known one.
    static func misspeltFlag(in arguments: [String]) -> CommandFailure? {
        var command: ParsableCommand.Type = GDPFit.self
        var rest = arguments[...]
        while let first = rest.first,
              let sub = command.configuration.subcommands.first(where: { $0._commandName == first }) {
            command = sub
            rest = rest.dropFirst()
        }
        let help = GDPFit.helpMessage(for: command, includeHidden: true)
        var known = Set(["--help", "--version"])
        let pattern = /--[a-z][a-z0-9-]*/
        for match in help.matches(of: pattern) { known.insert(String(match.output)) }
        for argument in rest {
            if argument == "--" { break }
            guard argument.hasPrefix("--") else { continue }
            let flag = String(argument.prefix { $0 != "=" })
            guard !known.contains(flag), let meant = NameSuggestion.closest(to: flag, in: known.sorted()) else { continue }
            let name = command == GDPFit.self ? "gdpfit" : "gdpfit \(command._commandName)"
            return CommandFailure("unknown option '\(flag)'; did you mean '\(meant)'? (see \(name) --help)", ExitStatus.usage)
        }
        return nil
    }

    static func main() {
        StandardStream.claimClosedDescriptors()
        // A file-size limit (ulimit -f) then fails the write with EFBIG, which is reported (exit 73,
        // the old file kept), instead of killing gdpfit mid-write with SIGXFSZ.
        signal(SIGXFSZ, SIG_IGN)
        var status: Int32
        do {
            try suggestSubcommand(for: CommandLine.arguments.dropFirst().first)
            var command: ParsableCommand
            do {
                command = try parseAsRoot()
            } catch {
                throw misspeltFlag(in: Array(CommandLine.arguments.dropFirst())) ?? error
            }
            try command.run()
            status = 0
        } catch let failure as CommandFailure {
            status = failure.status.rawValue
            if !failure.message.isEmpty, (try? printError(failure.message)) == nil { status = ExitStatus.ioError.rawValue }
        } catch {
            status = exitCode(for: error).rawValue
            let message = fullMessage(for: error)
            if !message.isEmpty {
                let stream: StandardStream = status == 0 ? .output : .error
                do {
                    try stream.write(message + "\n")
                } catch {
                    status = ExitStatus.ioError.rawValue
                    if stream == .output { _ = try? printError(error.message) }
                }
            }
        }
        Foundation.exit(StandardStream.errorHasFailed ? ExitStatus.ioError.rawValue : status)
    }
}
