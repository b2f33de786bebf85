import ArgumentParser
import Foundation

@main
struct GDPFit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gdpfit",
        abstract: "Fit constant-growth, exponential and hyperbolic models to long-run population and GDP series.",
        discussion: """
            gdpfit tests the Hyperbolic Growth Hypothesis (Kremer 1993; Roodman 2020) against constant \
            growth within eras (Garfinkel 2020) with least-squares fits compared by AIC, AICc and BIC.

            Exit status:
              0   success
              1   a fit did not converge (its status is printed; its numbers are not results)
              64  usage error (a bad flag, value or combination of flags)
              65  data error (malformed CSV, bad column, non-positive or duplicate values, formula error,
                  too few observations, a model undefined at its start)
              66  no input (a file that does not exist or cannot be read)
              70  internal numerical failure (a linear-algebra routine failed)
            """,
        subcommands: [
            DatasetsCommand.self, FitCommand.self, CompareCommand.self, BreaksCommand.self, TestCommand.self, PlotCommand.self,
            ExportCommand.self,
        ]
    )
}
