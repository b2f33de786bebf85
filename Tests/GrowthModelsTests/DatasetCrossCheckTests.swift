import Foundation
import Testing
import GrowthModels
import TestSupport

/// Each curated dataset (transcribed from the figures of issue #3, uscb-summary from issue #12) against an independent
/// transcription of the same source in shared/reference-data (see its README.md: converted from
/// Roodman's GWP.xlsx, values to 10 significant digits). The figures are rounded, so a value
/// agrees when the reference, rounded to the decimals the issue prints, gives it back: the tolerance is
/// half a unit in the last printed decimal. The figures stay authoritative for the datasets;
/// a disagreement found here belongs in the dataset's caveats, not in a silent change of figures.
@Suite(.requiresReferenceData)
struct DatasetCrossCheckTests {
    struct Pairing: CustomTestStringConvertible, Sendable {
        let dataset: String
        let referenceFile: String
        /// Our column name -> the reference file's column name; the first is the population column.
        let columns: KeyValuePairs<String, String>
        /// Reference years recoded to ours (HYDE's "0 AD" is 1 CE, stored as 1).
        var recode: [Double: Double] = [:]
        /// Years the reference has and the figures leave out.
        var referenceOnlyYears: [Double] = []
        /// A dataset of bounds alone is read through its upper bound (the first column), the lower
        /// bound coming along as an extra column.
        var bound: BandChoice? = nil

        var testDescription: String { dataset }
    }

    static let pairings: [Pairing] = [
        Pairing(dataset: "kremer-1993", referenceFile: "kremer1993_world_population.csv",
                columns: ["population_millions": "population_millions"]),
        Pairing(dataset: "hyde-3.2.1", referenceFile: "hyde321_world_population.csv",
                columns: ["population_millions": "population_millions", "population_lower_millions": "lower_millions",
                          "population_upper_millions": "upper_millions"],
                recode: [0: 1]),
        Pairing(dataset: "maddison-2010", referenceFile: "maddison2010_world_population_gdp.csv",
                columns: ["population_millions": "population_millions", "gdp_billion_1990_gk": "gdp_billion_1990_gk_dollars"],
                referenceOnlyYears: [2009, 2030]),
        Pairing(dataset: "delong-1998", referenceFile: "delong1998_world_gdp.csv",
                columns: ["population_millions": "population_million", "gwp_billion_1990_intl": "gwp_preferred_billion_1990intl_usd"]),
        Pairing(dataset: "roodman-2020", referenceFile: "roodman2020_gwp_series.csv",
                columns: ["population_millions": "population_million", "gwp_billion_1990_intl": "gwp_billion_1990intl_usd",
                          "main_sample": "in_sample_12KDec"]),
        Pairing(dataset: "un-wpp-2019", referenceFile: "un_wpp2019_world_population.csv",
                columns: ["population_millions": "population_millions"]),
        // Issue #12's figures against the Census Bureau's summary columns as transcribed in
        // FutureChildHealth/globalHumanPopSwitch (see shared/reference-data/README.md).
        Pairing(dataset: "uscb-summary", referenceFile: "uscb_historical_world_population_summary.csv",
                columns: ["population_upper_millions": "upper_millions", "population_lower_millions": "lower_millions"],
                bound: .upper),
    ]

    @Test func everyDatasetIsPaired() {
        #expect(Self.pairings.map(\.dataset) == DatasetCatalog.names)
    }

    @Test(arguments: pairings)
    func agreesWithReference(pairing: Pairing) throws {
        let folder = try #require(SharedData.referenceData)
        let dataset = try DatasetCatalog.dataset(named: pairing.dataset)
        let ours = try (pairing.bound.map { try dataset.load(bound: $0) } ?? dataset.load(column: pairing.columns[0].key)).series
        let reference = try SeriesLoader.load(
            path: folder.appendingPathComponent(pairing.referenceFile).path,
            spec: SeriesSpec(valueColumn: pairing.columns[0].value, extraColumns: pairing.columns.dropFirst().map(\.value))
        ).series

        let ourRows = Self.rows(ours, columns: pairing.columns.map(\.key), recode: [:])
        let referenceRows = Self.rows(reference, columns: pairing.columns.map(\.value), recode: pairing.recode)
        #expect(Set(ourRows.keys).subtracting(referenceRows.keys).isEmpty, "years missing from the reference")
        #expect(Set(referenceRows.keys).subtracting(ourRows.keys).sorted() == pairing.referenceOnlyYears)

        var disagreements: [String] = []
        for (year, cells) in ourRows.sorted(by: { $0.key < $1.key }) {
            guard let referenceCells = referenceRows[year] else { continue }
            for (index, (ourColumn, _)) in pairing.columns.enumerated() {
                if !Self.agree(cells[index], referenceCells[index]) {
                    disagreements.append("\(year) \(ourColumn): \(String(describing: cells[index])) vs reference "
                        + String(describing: referenceCells[index]))
                }
            }
        }
        // None found when this test was written: the caveats of the datasets record no disagreement.
        #expect(disagreements == [], "\(pairing.dataset) disagrees with \(pairing.referenceFile)")
    }

    /// year -> cells of `columns` (the value column first, then extras; nil where missing).
    private static func rows(_ series: Series, columns: [String], recode: [Double: Double]) -> [Double: [Double?]] {
        var rows: [Double: [Double?]] = [:]
        for i in series.years.indices {
            rows[recode[series.years[i]] ?? series.years[i]] =
                [series.values[i]] + columns.dropFirst().map { series.extraColumns[$0]?[i] ?? nil }
        }
        return rows
    }

    /// Both missing, or the reference within half a unit of the last decimal `ours` is written with.
    private static func agree(_ ours: Double?, _ reference: Double?) -> Bool {
        guard let ours, let reference else { return ours == nil && reference == nil }
        let decimals = (0...12).first { d in
            let scale = pow(10.0, Double(d))
            return (ours * scale).rounded() / scale == ours
        } ?? 12
        return abs(reference - ours) <= 0.5 * pow(10.0, -Double(decimals)) * (1 + 1e-9)
    }
}
