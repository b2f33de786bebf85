import Foundation
@testable import gdpfit
import GrowthModels
import Testing
import TestSupport

/// `--year-coding roodman` reproduces Roodman (2020)'s archived output for his stochastic model's
/// main specification: ln L −230.8912 and median take-off year 2046.80076, the values issue 11
/// quotes from his Stata log (an independent computation: his own code), on his GWP series at full
/// precision (`../shared/reference-data/roodman2020_gwp_series.csv`, sheet "Data presentation" of
/// his GWP.xlsx, main sample = `in_sample_12KDec`), weighted by his spline. gdpfit's own coding
/// (1 CE = 1) does not reproduce them, which is why the option exists.
@Suite(.requiresGDPFitExecutable)
struct YearCodingTests {
    /// |value − published| within half a unit of the published value's last digit.
    static func agrees(_ value: Double, published: Double, decimals: Int) -> Bool {
        abs(value - published) <= 0.5 * pow(10, -Double(decimals))
    }

    static func fit(coding: String) throws -> (logLikelihood: Double, medianTakeoff: Double, series: String) {
        let folder = try #require(SharedData.referenceData)
        let path = folder.appendingPathComponent("roodman2020_gwp_series.csv").path
        let run = try EndToEndTests.gdpfit(
            "fit", path, "--y", "gwp_billion_1990intl_usd", "--where", "in_sample_12KDec=1", "--model", "stochastic-hyperbolic",
            "--weights", "roodman", "--year-coding", coding, "--format", "json", "--quiet")
        #expect(run.status == 0, "\(run)")
        let json = try #require(run.json as? [String: Any])
        let derived = try #require(json["derived"] as? [[String: Any]])
        let median = try #require(derived.first { $0["name"] as? String == "median_takeoff_year" }?["value"] as? Double)
        return (try #require(json["log_likelihood"] as? Double), median, try #require(json["series"] as? String))
    }

    @Test(.requiresReferenceData)
    func roodmanCodingReproducesHisArchivedOutput() throws {
        let his = try Self.fit(coding: "roodman")
        #expect(Self.agrees(his.logLikelihood, published: -230.8912, decimals: 4), "ln L \(his.logLikelihood)")
        #expect(Self.agrees(his.medianTakeoff, published: 2046.80076, decimals: 5), "median take-off \(his.medianTakeoff)")
        #expect(his.series.hasSuffix("[roodman years]"))
        let ours = try Self.fit(coding: "gdpfit")
        #expect(!Self.agrees(ours.logLikelihood, published: -230.8912, decimals: 4), "gdpfit's coding should differ: \(ours.logLikelihood)")
        #expect(!ours.series.contains("roodman years"))
    }

    /// The recoding moves only 1 CE, and the spline's knot with it: Roodman's sheet lists his sd at
    /// each year (column `hyde_sd`, computed with the knot at his year 0), which the recoded
    /// spline reproduces to the sheet's 6 decimals; a year between 1 BCE and 1 CE is refused.
    @Test(.requiresReferenceData)
    func splineKnotMovesWithFirstYearCE() throws {
        let folder = try #require(SharedData.referenceData)
        let text = try String(contentsOf: folder.appendingPathComponent("roodman2020_gwp_series.csv"), encoding: .utf8)
        let rows = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(rows.first)
        let year = try #require(header.firstIndex(of: "year")), sd = try #require(header.firstIndex(of: "hyde_sd"))
        var checked = 0
        for row in rows.dropFirst() {
            guard let t = Double(row[year]), let published = Double(row[sd]), t >= -10000 else { continue }
            let coded = t == 1 ? YearCoding.roodman.firstYearCE : t
            #expect(abs(RoodmanUncertainty.relativeSD(atYear: coded, coding: .roodman) - published) < 5e-7, "year \(t)")
            checked += 1
        }
        #expect(checked > 30)
        let series = try Series(name: "s", measure: .population, unit: "u", years: [-1, 0.5, 2], values: [1, 2, 3], provenance: .init(publication: "test"))
        #expect(throws: SeriesError.self) { try series.recoded(.roodman) }
    }
}
