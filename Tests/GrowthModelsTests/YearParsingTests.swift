import Testing
import GrowthModels

/// Expected years are the written years themselves under the convention of issue #3 and
/// docs/statistics.md: BCE negative, 1 CE = 1, no year 0.
@Suite struct YearParsingTests {
    @Test(arguments: [
        ("-10000", -10000.0), ("10000 BCE", -10000), ("10,000 BC", -10000), ("10000bc", -10000),
        ("1500 CE", 1500), ("AD 1500", 1500), ("1500 AD", 1500), ("ad 1500", 1500), ("1500 A.D.", 1500),
        ("500 B.C.", -500), ("500 B.C.E.", -500), ("CE 1500", 1500), ("1 CE", 1), ("1 BCE", -1),
        ("1500", 1500), ("  1950 ", 1950), ("1950.5", 1950.5), ("-1,000,000", -1_000_000), ("+14", 14),
        ("0", 0),
    ])
    func readsYear(text: String, expected: Double) throws {
        #expect(try YearParsing.year(from: text) == expected)
    }

    @Test(arguments: [
        ("0 BCE", "cannot read '0 BCE' as a year: there is no year 0 in BCE/CE notation: 1 BCE (-1) is followed by 1 CE (1)"),
        ("AD 0", "cannot read 'AD 0' as a year: there is no year 0 in BCE/CE notation: 1 BCE (-1) is followed by 1 CE (1)"),
        ("-500 BC", "cannot read '-500 BC' as a year: a year with an era takes no sign (write '500 BCE' or -500)"),
        ("1500.5 AD", "cannot read '1500.5 AD' as a year: a year with an era must be a whole number"),
        ("BC", "cannot read 'BC' as a year: expected a number before or after the era"),
        ("", "cannot read '' as a year: the cell is empty"),
        ("c. 1500", "cannot read 'c. 1500' as a year: expected a number such as -10000 or 1500, or an era such as '10000 BCE' or 'AD 1500'"),
        ("1,5", "cannot read '1,5' as a year: expected a number such as -10000 or 1500, or an era such as '10000 BCE' or 'AD 1500'"),
        ("inf", "cannot read 'inf' as a year: the year is not finite"),
    ])
    func refusesYear(text: String, message: String) {
        let error = #expect(throws: YearParsingError.self) { try YearParsing.year(from: text) }
        #expect(error?.description == message)
    }

    /// Kremer's (1993) interval from 200 BCE to 1 CE is 201 years under the project's convention
    /// (issue #3, "Year convention"): the gap is the difference of the coded years.
    @Test func intervalAcrossTheEraIsTheDifference() throws {
        #expect(try YearParsing.year(from: "1 CE") - YearParsing.year(from: "200 BCE") == 201)
    }
}
