import ArgumentParser
import GrowthModels

/// Which curve of an uncertainty band to analyse, and a CSV file's bound columns.
struct BandOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Analyse a curve of the data's uncertainty band instead of its central series: lower, upper, or midpoint "
            + "(the geometric midpoint √(lower·upper), the default for data without a central series such as uscb-summary). "
            + "A lower bound of 0 cannot be logged: that observation is left out, with a note.",
        valueName: "lower|upper|midpoint"))
    var bound: BandChoice?

    @Option(help: ArgumentHelp("A CSV file's lower-bound column (with --upper).", valueName: "column"))
    var lower: String?

    @Option(help: ArgumentHelp("A CSV file's upper-bound column (with --lower).", valueName: "column"))
    var upper: String?

    func validate() throws {
        guard (lower == nil) == (upper == nil) else { throw ValidationError("--lower and --upper go together: name both bound columns") }
        if let lower, lower == upper { throw ValidationError("--lower and --upper name the same column '\(lower)'") }
    }

    /// A CSV file's band, as named.
    var columns: BandColumns? {
        guard let lower, let upper else { return nil }
        return BandColumns(lower: lower, upper: upper)
    }

    /// Refuses --lower/--upper on a curated dataset, whose bounds come with its metadata.
    func check(data: String) throws {
        if columns != nil, DatasetCatalog.names.contains(data) {
            throw CommandFailure(
                "--lower and --upper name a CSV file's columns; \(data)'s bounds are in its metadata: choose a curve with --bound",
                ExitStatus.usage)
        }
    }
}

extension BandChoice: ExpressibleByArgument {}
