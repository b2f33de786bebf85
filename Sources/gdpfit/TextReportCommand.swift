import ArgumentParser

/// A subcommand whose whole result is one text. `run()` prints it; `gdpfit export` parses the same
/// command line and stores `report()` as the output of the notebook cell that shows the command, so
/// a notebook's command and its output cannot drift apart.
protocol TextReportCommand: ParsableCommand {
    /// The text the command prints, computed without printing anything on standard output.
    func report() throws -> String
}
