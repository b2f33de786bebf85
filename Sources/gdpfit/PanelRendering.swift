import Fitting
import Foundation
import GrowthModels

/// The reports of a panel (`--group COLUMN`): one entry per group, in the file's order.
///
/// Every group has a status, an ASCII word a script can filter on: `converged` (or, for `compare`
/// and `breaks`, `ok`), `not_converged`, `exponential_limit` or `degenerate` (a hyperbola at a limit
/// of its family), or, for a group without a result, `no_data`, `too_few_observations`,
/// `invalid_data` or `failed`, with the library's one-line message as its note. A group's failure
/// is its row, never the command's.
enum PanelRendering {
    /// JSON: the group column and, per group, its key, status, note and the object the command prints
    /// for one series (null for a group without a result).
    struct Document<Result: Encodable>: Encodable {
        var groupColumn: String
        var groups: [Entry]

        struct Entry: Encodable {
            var group: String
            var status: String
            @NullEncoded var note: String?
            @NullEncoded var result: Result?
        }
    }

    /// The status and note of a group without a result.
    static func status(_ failure: GroupFailure) -> (status: String, note: String) {
        (failure.reason.rawValue, failure.message)
    }

    /// The status and note of a group's fit: converged, at a limit of the family, or not converged.
    static func status(_ fit: GrowthModelFit) -> (status: String, note: String?) {
        if let limit = fit.limit { return (limit.rawValue, fit.fit.status.rawValue) }
        return fit.converged ? ("converged", nil) : ("not_converged", fit.fit.status.rawValue)
    }

    /// Notes under a text, Markdown or LaTeX table: one line per group with a note.
    static func notes(_ entries: [(group: String, note: String?)], format: OutputFormat) -> [String] {
        let lines = entries.compactMap { entry in entry.note.map { "note: \(entry.group): \($0)" } }
        return TableRendering.prose(lines, format: format)
    }

    /// The command's failure when no group has a result (exit 65, as for one series without one),
    /// naming the first group's reason; nil when some group has one.
    static func noGroupAnalysed<Value>(_ outcomes: [GroupOutcome<Value>], source: String, verb: String) -> CommandFailure? {
        guard !outcomes.contains(where: { $0.value != nil }) else { return nil }
        let first = outcomes.first.map { outcome in outcome.result.failure.map { " (\(outcome.group): \($0.message))" } ?? "" }
        return CommandFailure("no group of \(source) could be \(verb)" + (first ?? " (the file selects no rows)"), ExitStatus.dataError)
    }

    // MARK: fit

    /// `gdpfit fit --group`: one row per group with its status, sample, parameters with standard
    /// errors, derived quantities, RSS, log-likelihood and criteria. The text table keeps to the
    /// estimates and BIC; CSV, Markdown and LaTeX carry every column; JSON each group's whole fit
    /// report (`FitReport`).
    static func renderFits(
        _ outcomes: [GroupOutcome<GrowthModelFit>], groupColumn: String, dataset: String, format: OutputFormat
    ) throws -> String {
        switch format {
        case .json:
            return try JSONOutput.encode(Document(groupColumn: groupColumn, groups: outcomes.map { outcome in
                switch outcome.result {
                case let .success(fit):
                    let (status, note) = status(fit)
                    return .init(group: outcome.group, status: status, note: note, result: FitReport(fit, dataset: dataset))
                case let .failure(failure):
                    let (status, note) = status(failure)
                    return .init(group: outcome.group, status: status, note: note, result: nil)
                }
            }))
        case .csv, .markdown, .latex:
            return TableRendering.render(fitTable(outcomes, groupColumn: groupColumn, complete: true), format: format)
        case .table:
            let notes = outcomes.map { outcome in
                (outcome.group, outcome.value.map { status($0).note } ?? outcome.result.failure?.message)
            }
            return ([fitTable(outcomes, groupColumn: groupColumn, complete: false).render()] + Self.notes(notes, format: format))
                .joined(separator: "\n")
        }
    }

    /// The rows of a panel's fits. `complete`: every column (CSV, Markdown, LaTeX), else the text
    /// table's (estimates, standard errors and BIC). Numbers are the text report's (6 significant
    /// digits, 3 for standard errors); cells of a group without a fit are empty.
    static func fitTable(_ outcomes: [GroupOutcome<GrowthModelFit>], groupColumn: String, complete: Bool) -> TextTable {
        let fits = outcomes.compactMap(\.value)
        let parameters = fits.first?.fit.parameterNames ?? []
        let derived = complete ? (fits.first?.derived.map(\.name) ?? []) : []
        var header: [TableColumn] = [
            .text(groupColumn, key: TableColumn.snakeCase(groupColumn)), .text("status"), "n", "first_year", "last_year",
        ]
        // Parameter names keep their capitals in CSV (B and b are different parameters).
        for name in parameters + derived { header += [TableColumn(name, key: name), TableColumn("\(name)_se", key: "\(name)_se")] }
        header += complete ? ["rss", "log_likelihood", "aic", "aicc", "bic", .text("note")] : ["bic"]
        var table = TextTable(header: header, leftAligned: [])
        for outcome in outcomes {
            switch outcome.result {
            case let .failure(failure):
                var cells: [TableCell] = [TableCell(outcome.group), TableCell(failure.reason.rawValue)]
                cells += Array(repeating: TableCell.empty, count: header.count - 2)
                if complete { cells[header.count - 1] = TableCell(failure.message) }
                table.add(cells)
            case let .success(fit):
                let (status, note) = status(fit)
                var cells: [TableCell] = [TableCell(outcome.group), TableCell(status), .count(fit.fit.n),
                                          .year(fit.sample.firstYear), .year(fit.sample.lastYear)]
                for name in parameters {
                    let index = fit.fit.parameterNames.firstIndex(of: name)
                    cells += [.number(index.map { fit.fit.parameters[$0] }), .number(index.map { fit.fit.standardErrors[$0] }, digits: 3)]
                }
                for name in derived {
                    let quantity = fit.derived.first { $0.name == name }
                    cells += [.number(quantity?.value), .number(quantity?.standardError, digits: 3)]
                }
                if complete {
                    cells += [.number(fit.fit.rss), .number(fit.fit.logLikelihood, digits: 7), .number(fit.fit.aic, digits: 7),
                              .number(fit.fit.aicc, digits: 7), .number(fit.fit.bic, digits: 7), TableCell(note ?? "")]
                } else {
                    cells.append(.number(fit.fit.bic, digits: 7))
                }
                table.add(cells)
            }
        }
        return table
    }

    // MARK: compare

    /// `gdpfit compare --group`: the ranking table of `compare` with the group and its status in
    /// front, one block of rows per group; the text report adds each group's winner and test lines,
    /// JSON each group's `compare` document.
    static func renderComparisons(
        _ outcomes: [GroupOutcome<[FormComparison]>], groupColumn: String, format: OutputFormat
    ) throws -> String {
        switch format {
        case .json:
            return try JSONOutput.encode(Document(groupColumn: groupColumn, groups: outcomes.map { outcome in
                switch outcome.result {
                case let .success(comparisons):
                    let title = comparisons.lazy.flatMap(\.fits).first?.sample.seriesName ?? outcome.group
                    return .init(group: outcome.group, status: "ok", note: nil,
                                 result: ComparisonRendering.document(comparisons, title: title))
                case let .failure(failure):
                    let (status, note) = status(failure)
                    return .init(group: outcome.group, status: status, note: note, result: nil)
                }
            }))
        case .csv, .markdown, .latex:
            let table = prefixed(outcomes, groupColumn: groupColumn, complete: format == .csv) { ComparisonRendering.table($0) }
            let notes = format == .csv ? [] : Self.notes(outcomes.map { ($0.group, $0.result.failure?.message) }, format: format)
            return ([TableRendering.render(table, format: format)] + notes).joined(separator: "\n")
        case .table:
            var lines = [prefixed(outcomes, groupColumn: groupColumn, complete: false) { ComparisonRendering.table($0) }.render()]
            for outcome in outcomes {
                switch outcome.result {
                case let .success(comparisons):
                    for comparison in comparisons {
                        lines.append("\(outcome.group): " + ComparisonRendering.winnerLine(comparison))
                        lines += ComparisonRendering.testLines(comparison)
                    }
                case let .failure(failure):
                    lines.append("\(outcome.group): \(failure.reason.rawValue): \(failure.message)")
                }
            }
            return lines.joined(separator: "\n")
        }
    }

    // MARK: breaks

    /// `gdpfit breaks --group`: the best path's segments (by BIC) per group, with the group, its
    /// status and the number of breaks in front; JSON each group's `breaks` document.
    static func renderGrowthModes(_ outcomes: [GroupOutcome<GrowthModes>], groupColumn: String, format: OutputFormat) throws -> String {
        switch format {
        case .json:
            return try JSONOutput.encode(Document(groupColumn: groupColumn, groups: outcomes.map { outcome in
                switch outcome.result {
                case let .success(modes): return .init(group: outcome.group, status: "ok", note: nil, result: modes)
                case let .failure(failure):
                    let (status, note) = status(failure)
                    return .init(group: outcome.group, status: status, note: note, result: nil)
                }
            }))
        case .csv, .markdown, .latex, .table:
            let table = prefixed(outcomes, groupColumn: groupColumn, complete: format == .csv) { modes in
                var segments = BreaksRendering.segmentTable(modes.best)
                segments.header.insert("breaks", at: 0)
                segments.rows = segments.rows.map { [TableCell.count(modes.bestBreakCount)] + $0 }
                return segments
            }
            let notes = format == .csv ? [] : Self.notes(outcomes.map { ($0.group, $0.result.failure?.message) }, format: format)
            return ([TableRendering.render(table, format: format)] + notes).joined(separator: "\n")
        }
    }

    /// Each group's rows of `table`, behind the group and its status (`ok`, or why the group has no
    /// rows: then a row of its own with empty cells, and with `complete` its message in a `note`
    /// column).
    static func prefixed<Value>(
        _ outcomes: [GroupOutcome<Value>], groupColumn: String, complete: Bool, table: (Value) -> TextTable
    ) -> TextTable {
        var width: Int?
        var header: [TableColumn] = []
        var blocks: [(group: String, result: Result<TextTable, GroupFailure>)] = []
        for outcome in outcomes {
            switch outcome.result {
            case let .success(value):
                let rows = table(value)
                if width == nil { width = rows.header.count; header = rows.header }
                blocks.append((outcome.group, .success(rows)))
            case let .failure(failure):
                blocks.append((outcome.group, .failure(failure)))
            }
        }
        let columns = width ?? 0
        var result = TextTable(
            header: [.text(groupColumn, key: TableColumn.snakeCase(groupColumn)), .text("status")] + header + (complete ? [.text("note")] : []),
            leftAligned: [])
        for block in blocks {
            switch block.result {
            case let .success(rows):
                for row in rows.rows { result.add([TableCell(block.group), "ok"] + row + (complete ? [.empty] : [])) }
            case let .failure(failure):
                result.add([TableCell(block.group), TableCell(failure.reason.rawValue)] + Array(repeating: TableCell.empty, count: columns)
                    + (complete ? [TableCell(failure.message)] : []))
            }
        }
        return result
    }

    // MARK: plot

    /// A file name part for a group's key: letters and digits kept, every other run of characters
    /// one `-` ("Côte d'Ivoire" → "Côte-d-Ivoire"), so that a key cannot reach another folder.
    static func fileNamePart(_ key: String) -> String {
        var part = ""
        for character in key {
            if character.isLetter || character.isNumber {
                part.append(character)
            } else if !part.isEmpty, part.last != "-" {
                part.append("-")
            }
        }
        while part.hasSuffix("-") { part.removeLast() }
        return part.isEmpty ? "group" : part
    }
}

extension Result {
    /// The error, or nil for a success.
    var failure: Failure? {
        if case let .failure(error) = self { return error }
        return nil
    }
}
