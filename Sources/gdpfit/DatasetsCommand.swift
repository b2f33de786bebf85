import ArgumentParser
import Foundation
import GrowthModels

struct DatasetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets",
        abstract: "List the curated datasets, or show one with its provenance.",
        discussion: """
            The datasets are embedded in gdpfit, so a name works from any directory. Each comes from one \
            publication, cited in its metadata, with its units, year coding and caveats.

            Examples:
              gdpfit datasets
              gdpfit datasets show roodman-2020
              gdpfit datasets show kremer-1993 --format json
            """,
        subcommands: [ListDatasets.self, ShowDataset.self],
        defaultSubcommand: ListDatasets.self
    )
}

struct ListDatasets: TextReportCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the curated datasets.")

    @OptionGroup var output: OutputOptions

    func run() throws { try output.emit(output.rendering { try report() }) }

    func report() throws -> String {
        let summaries = try DatasetCatalog.all().map { dataset in
            DatasetSummary(dataset: dataset, series: try? dataset.load().series)
        }
        return try DatasetRendering.list(summaries, format: output.format)
    }
}

struct ShowDataset: TextReportCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one dataset: provenance, columns, units, year range, n, caveats.")

    @Argument(help: "The dataset's name, e.g. kremer-1993 (see `gdpfit datasets`).", completion: .list(DatasetCatalog.names))
    var name: String

    @Flag(help: "Print the dataset's CSV instead of its description.")
    var data = false

    @OptionGroup var output: OutputOptions

    func run() throws { try output.emit(output.rendering { try report() }) }

    func report() throws -> String {
        let dataset: Dataset
        do {
            dataset = try DatasetCatalog.dataset(named: name)
        } catch {
            throw CommandFailure(error.description, ExitStatus.usage)
        }
        if data { return dataset.csv }
        var series = dataset.metadata.valueColumns.compactMap { column in
            try? dataset.load(column: column).series
        }
        if dataset.metadata.band != nil {
            series += [BandChoice.lower, .upper].compactMap { try? dataset.load(bound: $0).series }
        }
        return try DatasetRendering.detail(dataset, series: series, format: output.format)
    }
}

/// One row of the dataset list.
struct DatasetSummary: Encodable {
    var name: String
    var title: String
    var measures: [String]
    var firstYear: Double?
    var lastYear: Double?
    var observations: Int?
    var citation: String

    init(dataset: Dataset, series: Series?) {
        name = dataset.name
        title = dataset.metadata.title
        measures = dataset.metadata.measures.map(\.rawValue)
        firstYear = series?.years.first
        lastYear = series?.years.last
        observations = series?.count
        citation = dataset.metadata.citation
    }

    enum CodingKeys: String, CodingKey {
        case name, title, measures, citation, observations
        case firstYear = "first_year", lastYear = "last_year"
    }
}

enum DatasetRendering {
    static func list(_ rows: [DatasetSummary], format: OutputFormat) throws -> String {
        switch format {
        case .json:
            return try JSONOutput.encode(rows)
        case .table, .markdown, .csv, .latex:
            var table = TextTable(
                header: ["name", "measures", TableColumn("from", key: "first_year"), TableColumn("to", key: "last_year"), "n", "title"],
                leftAligned: [0, 1, 5], caption: "The curated datasets", label: "datasets")
            for row in rows {
                table.add([
                    TableCell(row.name), TableCell(row.measures.joined(separator: "+")),
                    .year(row.firstYear), .year(row.lastYear), .count(row.observations), TableCell(row.title),
                ])
            }
            return TableRendering.render(table, format: format)
        }
    }

    /// The description of a dataset. JSON is its metadata; CSV and LaTeX, machine-readable tables,
    /// hold the table of its columns only (prose lines would break a CSV reader or a tabular).
    static func detail(_ dataset: Dataset, series: [Series], format: OutputFormat) throws -> String {
        let m = dataset.metadata
        var columns = TextTable(
            header: ["column", .text("default", audience: .programs), "role", "unit", TableColumn("from", key: "first_year"),
                     TableColumn("to", key: "last_year"), "n"],
            leftAligned: [0, 2, 3], caption: "\(m.name): columns", label: "dataset-\(m.name)")
        for column in m.columns where column.role != .year {
            let s = series.first { $0.name.hasSuffix(":\(column.name)") }
            let isDefault = column.name == m.defaultColumn
            columns.add([
                TableCell(text: column.name + (isDefault ? " (default)" : ""), value: column.name, isNumber: false),
                TableCell(isDefault ? "true" : "false"), TableCell(column.role.rawValue), TableCell(column.unit),
                .year(s?.years.first), .year(s?.years.last), .count(s?.count),
            ])
        }
        switch format {
        case .json: return dataset.metadataJSON
        case .csv, .latex: return TableRendering.render(columns, format: format)
        case .table, .markdown: break
        }
        var lines = [
            "\(m.name): \(m.title)", "",
            "Cite:      \(m.citation)",
            "Table:     \(m.table)",
            "Years:     \(m.yearCoding)",
            "Licence:   \(m.licence)", "",
        ]
        lines.append(TableRendering.render(columns, format: format))
        if let band = m.band {
            lines.append("Band:      \(band.lower) to \(band.upper)"
                + (band.central.map { " around \($0)" } ?? " (no central series: the default is the midpoint)"))
            lines.append("           --bound lower, upper or midpoint (√(lower·upper)) analyses one curve; "
                + "n counts the bound's loggable values (a lower bound of 0 is left out)")
            lines.append("")
        }
        if !m.samples.isEmpty {
            lines.append("Samples:")
            lines += m.samples.map { "  \($0.name): \($0.description)" }
            lines.append("")
        }
        lines.append("Caveats:")
        lines += m.caveats.map { "  - \($0)" }
        lines += ["", "Transcribed from: \(m.provenance.transcribedFrom)", "Cross-checked:    \(m.provenance.crossCheckedAgainst)"]
        return lines.joined(separator: "\n")
    }
}
