import Foundation
import Testing
import GrowthModels
import TestSupport

/// Expected counts and year ranges: output of `python3 datasets/build/build_from_issue.py --counts`,
/// which counts the figures of issue #3 (datasets/build/issue-3-figures.txt) without Swift:
///
///     kremer-1993: 38 rows, years -1000000 to 1990; non-missing: population_millions 38
///     hyde-3.2.1: 75 rows, years -10000 to 2017; non-missing: population_millions 75, population_lower_millions 75, population_upper_millions 75
///     maddison-2010: 70 rows, years 1 to 2008; non-missing: population_millions 70, gdp_billion_1990_gk 69
///     delong-1998: 56 rows, years -1000000 to 2000; non-missing: population_millions 56, gwp_billion_1990_intl 56
///     roodman-2020: 103 rows, years -1000000 to 2019; non-missing: population_millions 103, gwp_billion_1990_intl 101, main_sample 103; main_sample=1: 36 rows, years -10000 to 2019
///     un-wpp-2019: 71 rows, years 1950 to 2020; non-missing: population_millions 71
///     uscb-summary: 39 rows, years -10000 to 1950; non-missing: population_lower_millions 39, population_upper_millions 39
///
/// (uscb-summary's figures are issue #12's, in datasets/build/issue-12-figures.txt.)
///
/// HYDE's first year after -1000 is 1 because the script recodes HYDE's 0 (1 CE) to 1, as the issue asks.
@Suite struct DatasetCatalogTests {
    @Test func catalogueOrder() {
        #expect(DatasetCatalog.names == ["kremer-1993", "hyde-3.2.1", "maddison-2010", "delong-1998", "roodman-2020", "un-wpp-2019", "uscb-summary"])
    }

    @Test(arguments: [
        ("kremer-1993", "population_millions", 38, -1_000_000.0, 1990.0),
        ("hyde-3.2.1", "population_millions", 75, -10000, 2017),
        ("maddison-2010", "population_millions", 70, 1, 2008),
        ("maddison-2010", "gdp_billion_1990_gk", 69, 1, 2008),
        ("delong-1998", "population_millions", 56, -1_000_000, 2000),
        ("delong-1998", "gwp_billion_1990_intl", 56, -1_000_000, 2000),
        ("roodman-2020", "population_millions", 103, -1_000_000, 2019),
        ("roodman-2020", "gwp_billion_1990_intl", 101, -1_000_000, 2019),
        ("un-wpp-2019", "population_millions", 71, 1950, 2020),
    ])
    func everyValueColumnLoads(name: String, column: String, count: Int, first: Double, last: Double) throws {
        let dataset = try DatasetCatalog.dataset(named: name)
        let series = try dataset.load(column: column).series
        #expect(series.count == count)
        #expect(series.years.first == first)
        #expect(series.years.last == last)
        #expect(series.name == "\(name):\(column)")
        #expect(series.provenance.publication == dataset.metadata.citation)
    }

    @Test func everyValueColumnIsListed() throws {
        let columns = try DatasetCatalog.all().flatMap { d in d.metadata.valueColumns.map { "\(d.name):\($0)" } }
        #expect(columns == [
            "kremer-1993:population_millions", "hyde-3.2.1:population_millions", "maddison-2010:population_millions",
            "maddison-2010:gdp_billion_1990_gk", "delong-1998:population_millions", "delong-1998:gwp_billion_1990_intl",
            "roodman-2020:population_millions", "roodman-2020:gwp_billion_1990_intl", "un-wpp-2019:population_millions",
        ])
    }

    /// Missing figures named in issue #3: Maddison's 1920 GDP (line 11 of the CSV), Roodman's 1900 and
    /// 1920 GWP (lines 31 and 33).
    @Test func defaultColumnsAndMissingFigures() throws {
        let maddison = try DatasetCatalog.dataset(named: "maddison-2010").load()
        #expect(maddison.series.measure == .gdp)
        #expect(maddison.series.unit == "billions of 1990 Geary-Khamis international dollars")
        #expect(!maddison.series.years.contains(1920))
        #expect(maddison.warnings.map(\.description) == [
            "datasets/maddison-2010.csv:11: column 'gdp_billion_1990_gk' is empty; row skipped"
        ])
        let roodman = try DatasetCatalog.dataset(named: "roodman-2020").load()
        #expect(roodman.warnings.map(\.line) == [31])  // one warning for the column, at its first gap; it lists both lines
        #expect(roodman.warnings.first?.message.contains("(lines 31, 33)") == true)
        let kremer = try DatasetCatalog.dataset(named: "kremer-1993").load()
        #expect(kremer.series.measure == .population)
        #expect(kremer.warnings.isEmpty)
    }

    @Test(arguments: ["gwp_billion_1990_intl", "population_millions"])
    func roodmanMainSample(column: String) throws {
        let series = try DatasetCatalog.dataset(named: "roodman-2020").load(column: column, sample: "main").series
        #expect(series.count == 36)
        #expect(series.years.first == -10000)
        #expect(series.years.last == 2019)
        #expect(series.extraColumns["main_sample"]?.allSatisfy { $0 == 1 } == true)
        #expect(series.name == "roodman-2020:\(column)[main]")
    }

    @Test func hydeCodesOneCEAsOne() throws {
        let dataset = try DatasetCatalog.dataset(named: "hyde-3.2.1")
        let series = try dataset.load().series
        #expect(Array(series.years.prefix(12)) == [-10000, -9000, -8000, -7000, -6000, -5000, -4000, -3000, -2000, -1000, 1, 100])
        #expect(series.extraColumns["population_lower_millions"]?.first == 0)
        #expect(dataset.metadata.yearCoding.contains("HYDE labels 1 CE as year 0"))
        #expect(dataset.metadata.yearCoding.contains("stored here as 1"))
    }

    @Test func metadataDescribesTheFile() throws {
        for dataset in try DatasetCatalog.all() {
            let m = dataset.metadata
            let header = dataset.csv.prefix { $0 != "\n" }.split(separator: ",").map(String.init)
            #expect(header == m.columns.map(\.name), "\(m.name): CSV header and metadata columns differ")
            #expect(m.columns.first?.role == .year && m.columns.dropFirst().allSatisfy { $0.role != .year })
            if let defaultColumn = m.defaultColumn {
                #expect(m.valueColumns.contains(defaultColumn), "\(m.name): default column is not a value column")
            } else {
                #expect(m.band != nil && m.band?.central == nil, "\(m.name): no default column and no band to take the midpoint of")
            }
            if let band = m.band {
                #expect(m.columns.first { $0.name == band.lower }?.role == .bound, "\(m.name): band's lower column")
                #expect(m.columns.first { $0.name == band.upper }?.role == .bound, "\(m.name): band's upper column")
                #expect(band.central == m.defaultColumn, "\(m.name): the band surrounds the default series")
            }
            #expect(Set(m.measures) == Set(m.columns.filter { $0.role == .value || $0.role == .bound }.compactMap(\.measure)))
            for sample in m.samples {
                #expect(m.columns.first { $0.name == sample.column }?.role == .flag, "\(m.name): sample \(sample.name)")
                let flags = try dataset.load(column: m.valueColumns.first).series.extraColumns[sample.column] ?? []
                #expect(flags.allSatisfy { $0 == 0 || $0 == 1 }, "\(m.name): flag \(sample.column) is not 0/1")
            }
            #expect(!m.citation.isEmpty && !m.licence.isEmpty && !m.caveats.isEmpty)
            #expect(m.provenance.transcribedFrom.contains(m.name == "uscb-summary" ? "issue #12" : "issue #3"))
        }
    }

    @Test(arguments: [
        ("hyde-3.3", nil, nil,
         "no curated dataset named 'hyde-3.3'; did you mean 'hyde-3.2.1'? (datasets: kremer-1993, hyde-3.2.1, maddison-2010, delong-1998, roodman-2020, un-wpp-2019, uscb-summary)"),
        ("hyde-3.2.1", "population_lower_millions", nil,
         "dataset hyde-3.2.1 has no value column 'population_lower_millions' (value columns: population_millions)"),
        ("roodman-2020", nil, "annual",
         "dataset roodman-2020 has no sample 'annual' (samples: main)"),
        ("kremer-1993", nil, "main",
         "dataset kremer-1993 defines no samples, so there is no sample 'main'"),
    ] as [(String, String?, String?, String)])
    func refusesUnknownNames(name: String, column: String?, sample: String?, message: String) {
        let error = #expect(throws: SeriesError.self) {
            try DatasetCatalog.dataset(named: name).load(column: column, sample: sample)
        }
        #expect(error?.description == message)
    }

    /// The binary carries the datasets so that they load from any directory; the copy must be the files.
    @Test func embeddedCopyEqualsTheFiles() throws {
        let folder = packageRoot.appendingPathComponent("datasets")
        for dataset in try DatasetCatalog.all() {
            let csv = try Data(contentsOf: folder.appendingPathComponent("\(dataset.name).csv"))
            let json = try Data(contentsOf: folder.appendingPathComponent("\(dataset.name).json"))
            #expect(Data(dataset.csv.utf8) == csv, "\(dataset.name).csv differs: run datasets/build/build_from_issue.py")
            #expect(Data(dataset.metadataJSON.utf8) == json, "\(dataset.name).json differs: run datasets/build/build_from_issue.py")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".csv") }
        #expect(Set(files) == Set(DatasetCatalog.names.map { "\($0).csv" }), "a CSV in datasets/ is not in the catalogue")
    }
}
