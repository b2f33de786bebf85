import Foundation

/// The extra columns of a series that hold each observation's lower and upper bound, as a source
/// publishes them (HYDE 3.2.1's lower and upper scenarios, the Census Bureau's summary lower and
/// upper estimates).
public struct BandColumns: Codable, Sendable, Equatable {
    public var lower: String
    public var upper: String

    public init(lower: String, upper: String) {
        self.lower = lower
        self.upper = upper
    }
}

/// Which curve of an uncertainty band a series follows instead of its central estimate.
public enum BandChoice: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
    /// The lower bound. A lower bound of 0 cannot be logged: that observation is left out, with a note.
    case lower
    /// The upper bound.
    case upper
    /// The geometric midpoint √(lower · upper), the middle of the band on ln y: the level models
    /// and growth rates work on ln y, and the arithmetic mean would sit above the middle of a band
    /// spanning a factor of ten (1 to 10 million: 5.5 against 3.16). Left out where the lower bound is 0.
    case midpoint

    public var description: String { rawValue }
}

/// An observation's uncertainty on ln y, from its series' band where the band is usable and from
/// Roodman's (2020) standard-deviation spline elsewhere.
public enum UncertaintyBand {
    /// ln(lower) and ln(upper) of observation `index`, when the series has a band there that is
    /// usable on ln y: both bounds present, the lower bound positive, and the band of positive width.
    /// A band of zero width (HYDE's 2012–2017, many of the Census Bureau's single figures) says the
    /// source printed one figure, not that the figure is exact; a lower bound of 0 has no logarithm.
    /// Both are nil here, so that callers fall back to the spline.
    public static func logBounds(of series: Series, at index: Int) -> (lower: Double, upper: Double)? {
        guard let band = series.band,
              let lower = series.extraColumns[band.lower]?[index], let upper = series.extraColumns[band.upper]?[index],
              lower > 0, upper > lower, upper.isFinite
        else { return nil }
        return (log(lower), log(upper))
    }

    /// The standard deviation of ln y at observation `index`: (ln upper − ln lower)/√12, the standard
    /// deviation of a uniform distribution on ln y between the bounds, where the band is usable
    /// (`logBounds`); otherwise Roodman's spline at the observation's year
    /// (`RoodmanUncertainty.relativeSD`, which Roodman 2020 uses as the standard deviation of ln y).
    public static func logSD(of series: Series, at index: Int) -> Double {
        if let bounds = logBounds(of: series, at: index) {
            return (bounds.upper - bounds.lower) / 12.0.squareRoot()
        }
        return RoodmanUncertainty.relativeSD(atYear: series.years[index], coding: series.yearCoding)
    }
}

/// Reads a series whose values are one curve of an uncertainty band (the lower or upper bound, or
/// their geometric midpoint), or a central series that carries its band along.
///
/// Rules, each with the reason:
/// - The upper bound is read as the loader's value column, so every row's year and upper bound are
///   checked as any series' are (an upper bound of 0 or below is an error: the series itself would be
///   0). A row without an upper bound is skipped with a note, as any empty value is.
/// - A lower bound may be 0 (HYDE's at 10,000 BCE): it cannot be logged, so the lower bound and the
///   midpoint leave that observation out, with one note naming the column and lines. A negative lower
///   bound, and a lower bound above the upper, are errors naming the file, line and columns.
/// - The chosen curve's series keeps both bounds as extra columns and names them (`Series.band`),
///   so that a Monte Carlo over the data (and inverse-variance weights) can use the band.
enum BandLoader {
    /// How a series that follows `choice` is named after its column(s): the bound's column, or
    /// "midpoint(lower,upper)".
    static func curveName(_ choice: BandChoice, of band: BandColumns) -> String {
        switch choice {
        case .lower: return band.lower
        case .upper: return band.upper
        case .midpoint: return "midpoint(\(band.lower),\(band.upper))"
        }
    }

    /// Loads `choice` of the band in `band` (nil: the central column `central`, with the band along).
    static func load(
        table: CSVTable, band: BandColumns, central: String?, choice: BandChoice?, spec: SeriesSpec
    ) throws(SeriesError) -> LoadedSeries {
        let others = spec.extraColumns.filter { $0 != band.lower && $0 != band.upper && $0 != central }
        guard let choice else {
            // The central series, as ever, with the bounds kept and checked.
            var centralSpec = spec
            centralSpec.valueColumn = central ?? spec.valueColumn
            centralSpec.extraColumns = others + [band.lower, band.upper]
            let loaded = try SeriesLoader.load(table: table, spec: centralSpec)
            try check(loaded.series, band: band, table: table, spec: spec)
            var series = loaded.series
            series.band = band
            return LoadedSeries(series: series, warnings: loaded.warnings)
        }
        var upperSpec = spec
        upperSpec.valueColumn = band.upper
        upperSpec.extraColumns = others + [band.lower] + (central.map { [$0] } ?? [])
        let loaded = try SeriesLoader.load(table: table, spec: upperSpec)
        let read = loaded.series
        try check(read, band: band, table: table, spec: spec, upperIsValue: true)
        let lowers = read.extraColumns[band.lower] ?? []
        var kept: [Int] = [], values: [Double] = [], unloggable: [Int] = []
        for i in read.years.indices {
            let upper = read.values[i]
            switch choice {
            case .upper:
                kept.append(i)
                values.append(upper)
            case .lower, .midpoint:
                guard let lower = lowers[i], lower > 0 else {
                    unloggable.append(i)
                    continue
                }
                kept.append(i)
                values.append(choice == .lower ? lower : (lower * upper).squareRoot())
            }
        }
        var warnings = loaded.warnings
        if !unloggable.isEmpty {
            let lines = rows(table: table, yearColumn: spec.yearColumn, years: unloggable.map { read.years[$0] }).map { table.lines[$0] }
            warnings.append(unloggableNote(
                source: table.source, column: band.lower, choice: choice, lines: lines,
                missing: unloggable.filter { lowers[$0] == nil }.count))
        }
        guard !kept.isEmpty else { throw .noObservations(source: table.source) }
        var extras = read.extraColumns.mapValues { cells in kept.map { cells[$0] } }
        extras[band.upper] = kept.map { read.values[$0] }
        let series = try Series(
            name: spec.name ?? "\(table.source):\(curveName(choice, of: band))", measure: read.measure, unit: read.unit,
            years: kept.map { read.years[$0] }, values: values, provenance: read.provenance, extraColumns: extras,
            band: band)
        warnings.sort { $0.line < $1.line }
        return LoadedSeries(series: series, warnings: warnings)
    }

    /// One note for the rows a lower-bound curve leaves out: "column 'l' is 0 on line 2: a lower
    /// bound of 0 cannot be logged; row left out of the midpoint".
    private static func unloggableNote(
        source: String, column: String, choice: BandChoice, lines: [Int], missing: Int
    ) -> SeriesWarning {
        let shown = lines.prefix(SkippedRows.linesShown).map(String.init).joined(separator: ", ")
            + (lines.count > SkippedRows.linesShown ? ", …" : "")
        let what = missing == 0 ? "is 0" : missing == lines.count ? "is empty" : "is 0 or empty"
        let rows = lines.count == 1 ? "on line \(shown)" : "on \(lines.count) rows (lines \(shown))"
        let curve = choice == .lower ? "the lower bound" : "the band's midpoint"
        let why = missing == lines.count ? "" : ": a lower bound of 0 cannot be logged"
        return SeriesWarning(
            source: source, line: lines.first ?? 0,
            message: "column '\(column)' \(what) \(rows)\(why); "
                + "\(lines.count == 1 ? "row" : "rows") left out of \(curve)")
    }

    /// Refuses a negative bound and a lower bound above the upper, naming the line and quoting the
    /// cells as written.
    private static func check(
        _ series: Series, band: BandColumns, table: CSVTable, spec: SeriesSpec, upperIsValue: Bool = false
    ) throws(SeriesError) {
        let lowers = series.extraColumns[band.lower] ?? []
        let uppers = upperIsValue ? series.values.map(Optional.some) : series.extraColumns[band.upper] ?? []
        for i in series.years.indices {
            let lower = lowers[i], upper = uppers[i]
            let negative = (lower ?? 0) < 0 || (upper ?? 0) < 0
            let reversed = lower.flatMap { l in upper.map { l > $0 } } ?? false
            guard negative || reversed else { continue }
            let row = rows(table: table, yearColumn: spec.yearColumn, years: [series.years[i]]).first ?? 0
            let line = table.lines[row]
            func cell(_ name: String) -> String { (try? table.column(name)).map { table.cell(row, $0) } ?? "" }
            if (lower ?? 0) < 0 {
                throw .negativeBound(source: table.source, line: line, column: band.lower, text: cell(band.lower))
            }
            if (upper ?? 0) < 0 {
                throw .negativeBound(source: table.source, line: line, column: band.upper, text: cell(band.upper))
            }
            throw .reversedBounds(
                source: table.source, line: line, lowerColumn: band.lower, upperColumn: band.upper,
                lower: cell(band.lower), upper: cell(band.upper))
        }
    }

    /// The 0-based table rows holding `years` (looked up only on the paths that report them).
    private static func rows(table: CSVTable, yearColumn: String, years: [Double]) -> [Int] {
        guard let column = try? table.column(yearColumn) else { return [] }
        var rowOfYear: [Double: Int] = [:]
        for row in 0..<table.rowCount {
            if let year = try? YearParsing.year(from: table.cell(row, column)), rowOfYear[year] == nil {
                rowOfYear[year] = row
            }
        }
        return years.compactMap { rowOfYear[$0] }
    }
}
