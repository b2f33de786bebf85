import Foundation
import Testing
@testable import GrowthModels

/// A CSV file in its own temporary folder, deleted with the value.
private final class TemporaryCSV {
    let folder: URL
    let path: String

    convenience init(_ text: String) throws { try self.init(bytes: Data(text.utf8)) }

    init(bytes: Data) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("gdpfit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("data.csv").path
        try bytes.write(to: URL(fileURLWithPath: path))
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func load(_ spec: SeriesSpec = SeriesSpec(valueColumn: "gdp")) throws -> LoadedSeries {
        try SeriesLoader.load(path: path, spec: spec)
    }

    /// The message of the error loading this file raises, with the file's path shown as `data.csv`.
    func message(_ spec: SeriesSpec = SeriesSpec(valueColumn: "gdp")) -> String? {
        let error = #expect(throws: SeriesError.self) { try self.load(spec) }
        return error?.description.replacingOccurrences(of: path, with: "data.csv")
    }
}

/// Expected years and values are the ones written in each test's CSV text; expected line numbers are
/// counted in that text (line 1 is the first line, comments and blank lines included).
@Suite struct SeriesLoaderTests {
    // MARK: bad input, each with its message

    @Test(arguments: [
        ("year,gdp\n1,2\n2,-3\n", "data.csv:3: column 'gdp': value -3 is not positive"),
        ("year,gdp\n1,0\n", "data.csv:2: column 'gdp': value 0 is not positive"),
        ("year,gdp\n1,inf\n", "data.csv:2: column 'gdp': value inf is not finite"),
        ("year,gdp\n1,NaN\n", "data.csv:2: column 'gdp': value NaN is not finite"),
        ("year,gdp\n1,1e999\n", "data.csv:2: column 'gdp': value 1e999 is not finite"),
        ("year,gdp\n1,abc\n", "data.csv:2: column 'gdp': 'abc' is not a number"),
        ("year,gdp\n1,\"1,5\"\n", "data.csv:2: column 'gdp': '1,5' is not a number"),
        ("year,gdp\nc. 1500,3\n",
         "data.csv:2: column 'year': cannot read 'c. 1500' as a year: expected a number such as -10000 or 1500, or an era such as '10000 BCE' or 'AD 1500'"),
        ("year,gdp\n0 BCE,3\n",
         "data.csv:2: column 'year': cannot read '0 BCE' as a year: there is no year 0 in BCE/CE notation: 1 BCE (-1) is followed by 1 CE (1)"),
        ("year,gdp\n1500,1\n1600,2\n1500 CE,3\n",
         "data.csv:4: column 'year': year 1500 CE appears twice (first on line 2)"),
        ("year,gdp\n1500,1\n1600,2\n1550,3\n",
         "data.csv:4: column 'year': year 1550 comes after 1600 (line 3); years must increase down the file"),
        ("year,pop\n1,2\n", "data.csv:1: no column 'gdp' in the header (columns: year, pop)"),
        ("year,gdp,gdp\n1,2,3\n", "data.csv:1: column 'gdp' appears more than once in the header"),
        ("year,gdp\n1,2\n2,\"3\"x\n",
         "data.csv:3: malformed CSV: field 2: 'x' after the closing quote (write a quote inside a quoted field as \"\")"),
        ("year,gdp\n1,2\n2,3\"x\n",
         "data.csv:3: malformed CSV: field 2: a quote inside an unquoted field (quote the whole field and write the quote as \"\")"),
        ("year,gdp\n1,2\n\n# note\n-3000,\"50\n-500,100\n1,200\n",
         "data.csv:5: malformed CSV: unterminated quoted field starting here (field 2)"),
        ("year,gdp\n1,2\n2,6,7\n", "data.csv:3: malformed CSV: 3 fields, but the header has 2 (an unquoted comma?)"),
        ("", "data.csv: no header row (the file is empty or holds only blank and comment lines)"),
        ("# only a comment\n\n", "data.csv: no header row (the file is empty or holds only blank and comment lines)"),
        ("year,gdp\n1,NA\n2,\n", "data.csv: no observations (every row was blank, a comment or skipped)"),
        ("year,gdp,lower\n1,2,x\n", "data.csv:2: column 'lower': 'x' is not a number"),
    ])
    func refusesBadInput(csv: String, message: String) throws {
        let file = try TemporaryCSV(csv)
        #expect(file.message(SeriesSpec(valueColumn: "gdp", extraColumns: csv.contains("lower") ? ["lower"] : []))
            == message)
    }

    @Test func lineNumbersCountCommentsBlankLinesAndQuotedLineBreaks() throws {
        let file = try TemporaryCSV("""
            # World GDP, made-up figures
            # units: billions

            year,gdp,note
            1,2,"a note
            over two lines"
            # a comment between rows, with an odd " quote

            2,-3,
            """)
        #expect(file.message(SeriesSpec(valueColumn: "gdp")) == "data.csv:9: column 'gdp': value -3 is not positive")
    }

    @Test func missingFileAndInvalidUTF8() throws {
        let missing = "/nonexistent-gdpfit-folder/data.csv"
        let error = #expect(throws: SeriesError.self) { try SeriesLoader.load(path: missing, spec: .init(valueColumn: "gdp")) }
        #expect(error?.description == "/nonexistent-gdpfit-folder/data.csv: cannot read the file: no such file")

        let file = try TemporaryCSV(bytes: Data([0x79, 0x65, 0x61, 0x72, 0x0A, 0xFF, 0xFE, 0x0A]))
        #expect(file.message() == "data.csv: cannot read the file: not valid UTF-8 text")
    }

    /// Issue 14: a long cell (1 MB here) gives a short message; an unterminated quote is named, not echoed to the end of the file.
    @Test func longCellsAreCutInMessages() throws {
        let cell = String(repeating: "x", count: 1_000_000)
        let message = try #require(try TemporaryCSV("year,gdp\n1,\(cell)\n").message())
        #expect(message == "data.csv:2: column 'gdp': '\(String(repeating: "x", count: 79))…' is not a number")

        var rows = "year,gdp\n1,2\n2,\"3\n"
        for year in 3...20_000 { rows += "\(year),\(year)\n" }
        let unterminated = try #require(try TemporaryCSV(rows).message())
        #expect(unterminated == "data.csv:3: malformed CSV: unterminated quoted field starting here (field 2)")

        let year = try #require(try TemporaryCSV("year,gdp\n\(cell),1\n").message())
        #expect(year.hasPrefix("data.csv:2: column 'year': cannot read '\(String(repeating: "x", count: 79))…' as a year: "))
        #expect(year.count < 250)
    }

    /// Issue 14: a directory and /dev/zero are named for what they are (not "NSCocoaErrorDomain error
    /// 256" or "You don't have permission").
    @Test func filesThatAreNotRegularFiles() throws {
        let file = try TemporaryCSV("year,gdp\n1,2\n")
        let folder = file.folder.path
        let error = #expect(throws: SeriesError.self) { try SeriesLoader.load(path: folder, spec: .init(valueColumn: "gdp")) }
        #expect(error?.description == "\(folder): cannot read the file: it is a directory, not a file")

        let zero = #expect(throws: SeriesError.self) { try SeriesLoader.load(path: "/dev/zero", spec: .init(valueColumn: "gdp")) }
        #expect(zero?.description == "/dev/zero: cannot read the file: not a text file (a NUL byte at byte 1)")

        let binary = try TemporaryCSV(bytes: Data("year,gdp\n1,2\n".utf8) + Data([0, 1, 2]))
        #expect(binary.message() == "data.csv: cannot read the file: not a text file (a NUL byte at byte 14)")
    }

    /// Input above the size cap is refused by name (checked before reading a regular file, and
    /// while reading a stream, so an endless pipe cannot exhaust memory).
    @Test func inputAboveTheSizeCapIsRefused() throws {
        let file = try TemporaryCSV("year,gdp\n" + String(repeating: "1,2\n", count: 500))
        let error = #expect(throws: SeriesError.self) { try InputFile.bytes(atPath: file.path, maximumSize: 1000) }
        #expect(error?.description == "\(file.path): cannot read the file: larger than 1000 bytes, the most gdpfit reads")
        #expect(try InputFile.bytes(atPath: file.path, maximumSize: 3000).count == 2009)
    }

    /// A FIFO is read as a stream, to its end, without asking for its size (`cat data.csv | gdpfit
    /// fit /dev/stdin` works the same way).
    @Test func readsAFIFO() throws {
        let file = try TemporaryCSV("")
        let fifo = file.folder.appendingPathComponent("pipe.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            let handle = FileHandle(forWritingAtPath: fifo)!
            handle.write(Data("year,gdp\n1,2\n3,4\n".utf8))
            try? handle.close()
        }
        writer.start()
        let loaded = try SeriesLoader.load(path: fifo, spec: .init(valueColumn: "gdp"))
        #expect(loaded.series.years == [1, 3] && loaded.series.values == [2, 4])
    }

    // MARK: what is accepted

    @Test func readsBOMCRLFQuotedFieldsAndComments() throws {
        let text = "\u{FEFF}# source: a \"test\r\nyear,\"gdp\",label\r\n\"10,000 BC\",\"1,234.5\",\"a, b\"\r\n"
            + "# mid-file comment\r\nAD 1500,7,\"say \"\"hi\"\"\"\r\n1950 ,  8.25 ,\r\n"
        let loaded = try TemporaryCSV(text).load()
        #expect(loaded.series.years == [-10000, 1500, 1950])
        #expect(loaded.series.values == [1234.5, 7, 8.25])
        #expect(loaded.warnings.isEmpty)
    }

    @Test func readsCarriageReturnLineEnds() throws {
        let loaded = try TemporaryCSV("year,gdp\r1,2\r3,4").load()
        #expect(loaded.series.years == [1, 3])
        #expect(loaded.series.values == [2, 4])
    }

    @Test func skipsEmptyAndNACellsWithWarnings() throws {
        let file = try TemporaryCSV("year,gdp,lower\n1,2,NA\n1000,,1\n\nNA,5,1\n1500,NA,1\n1820,6,\n")
        let loaded = try file.load(SeriesSpec(valueColumn: "gdp", extraColumns: ["lower"]))
        #expect(loaded.series.years == [1, 1820])
        #expect(loaded.series.values == [2, 6])
        #expect(loaded.series.extraColumns == ["lower": [nil, nil]])
        // One warning per column, at its first skipped row (issue 14: counted per column, in one line).
        #expect(loaded.warnings.map { $0.description.replacingOccurrences(of: file.path, with: "data.csv") } == [
            "data.csv:3: column 'gdp' is empty or NA on 2 rows (lines 3, 6); rows skipped",
            "data.csv:5: column 'year' is NA; row skipped",
        ])
    }

    @Test func manySkippedRowsGiveOneWarningPerColumn() throws {
        var text = "year,gdp\n"
        for year in 1...1000 { text += year.isMultiple(of: 2) ? "\(year),\n" : "\(year),\(year)\n" }
        let file = try TemporaryCSV(text)
        let loaded = try file.load()
        #expect(loaded.series.count == 500)
        #expect(loaded.warnings.map { $0.description.replacingOccurrences(of: file.path, with: "data.csv") } == [
            "data.csv:3: column 'gdp' is empty on 500 rows (lines 3, 5, 7, 9, 11, …); rows skipped"
        ])
    }

    /// With the caller's window known, value gaps outside it are not noted; a missing year always is.
    @Test func notesOnlyGapsInsideTheWindow() throws {
        let file = try TemporaryCSV("year,gdp\n1000,\n1500,2\n1600,NA\nNA,3\n1820,4\n1900,\n")
        let loaded = try file.load(SeriesSpec(valueColumn: "gdp", noteWindow: YearWindow(from: 1500, to: 1850)))
        #expect(loaded.series.years == [1500, 1820])
        #expect(loaded.warnings.map { $0.description.replacingOccurrences(of: file.path, with: "data.csv") } == [
            "data.csv:4: column 'gdp' is NA; row skipped",
            "data.csv:5: column 'year' is NA; row skipped",
        ])
    }

    @Test func keepsExtraColumnsIncludingZero() throws {
        let loaded = try TemporaryCSV("lower,yr,gdp,flag\n0,-10000,4.4,1\n-1,1,5,0\n")
            .load(SeriesSpec(valueColumn: "gdp", yearColumn: "yr", extraColumns: ["lower", "flag"]))
        #expect(loaded.series.extraColumns == ["lower": [0, -1], "flag": [1, 0]])
    }

    @Test func warnsThatAPlainYearZeroIsTheNumberZero() throws {
        let loaded = try TemporaryCSV("year,gdp\n-1000,1\n0,2\n").load()
        #expect(loaded.series.years == [-1000, 0])
        #expect(loaded.warnings.map(\.message) == [
            "year 0 read as the number 0; the calendar has no year 0 (if it means 1 CE, as in HYDE, write 1)"
        ])
    }

    @Test func labelsTheSeries() throws {
        let provenance = Provenance(publication: "Kremer (1993)", table: "Table I")
        let loaded = try TemporaryCSV("year,pop\n1,170\n").load(SeriesSpec(
            valueColumn: "pop", name: "world", measure: .population, unit: "millions of people", provenance: provenance))
        #expect(loaded.series.name == "world")
        #expect(loaded.series.measure == .population)
        #expect(loaded.series.unit == "millions of people")
        #expect(loaded.series.provenance == provenance)
        let unlabelled = try TemporaryCSV("year,pop\n1,170\n")
        #expect(try unlabelled.load(SeriesSpec(valueColumn: "pop")).series.provenance.publication == unlabelled.path)
    }

    // MARK: the Series value

    @Test(arguments: [
        ([1.0, 1.0], [1.0, 2.0], "invalid series: years must increase strictly: 1.0 at observation 2 follows 1.0"),
        ([1.0, 2.0], [1.0, 0.0], "invalid series: value 0.0 at observation 2 is not positive and finite"),
        ([1.0], [1.0, 2.0], "invalid series: 1 years but 2 values"),
    ])
    func seriesRefusesBrokenInvariants(years: [Double], values: [Double], message: String) {
        let error = #expect(throws: SeriesError.self) {
            try Series(name: "s", measure: .other, unit: "", years: years, values: values, provenance: .init(publication: "p"))
        }
        #expect(error?.description == message)
    }

    @Test func decodingChecksTheInvariants() throws {
        let json = #"{"name":"s","measure":"gdp","unit":"","years":[2,1],"values":[1,1],"provenance":{"publication":"p","caveats":[]}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Series.self, from: Data(json.utf8)) }
    }
}
