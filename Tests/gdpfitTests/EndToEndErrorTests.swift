import Foundation
import Testing
import TestSupport

/// Each class of error through the built executable: the exit status `gdpfit --help` documents
/// (1 not converged, 64 usage, 65 data error, 66 no input), and a first stderr line that says what
/// was wrong and where (the flag, file:line, the column, the formula position). Expected statuses
/// and places come from the documentation (GDPFit.swift) and the input each case writes, not from
/// running the program.
@Suite(.requiresGDPFitExecutable)
struct EndToEndErrorTests {
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        /// `FILE` is replaced by the path of `csv` written to a scratch folder (named `data.csv`).
        var arguments: [String]
        var csv: String? = nil
        var status: Int32
        /// Texts the first stderr line must contain (`FILE` as above).
        var firstLine: [String]
        var description: String { name }
    }

    static let curve = "b1*(1-exp(-b2*x))"

    static let cases: [Case] = [
        Case(name: "unknown flag", arguments: ["fit", "kremer-1993", "--model", "hyperbolic", "--bogus"], status: 64, firstLine: ["--bogus"]),
        Case(name: "misspelt subcommand", arguments: ["fitt", "kremer-1993"], status: 64, firstLine: ["'fitt'", "did you mean 'fit'"]),
        Case(name: "misspelt dataset", arguments: ["fit", "kremer1993", "--model", "exponential"], status: 64,
             firstLine: ["'kremer1993'", "did you mean 'kremer-1993'"]),
        Case(name: "bad enumerated value", arguments: ["fit", "kremer-1993", "--model", "nonsense"], status: 64, firstLine: ["--model", "nonsense"]),
        Case(name: "bad format", arguments: ["compare", "kremer-1993", "--format", "yaml"], status: 64, firstLine: ["--format", "yaml"]),
        Case(name: "out-of-range value", arguments: ["fit", "kremer-1993", "--model", "hyperbolic", "--max-iterations", "0"], status: 64, firstLine: ["--max-iterations"]),
        Case(name: "bad year", arguments: ["fit", "kremer-1993", "--model", "exponential", "--from", "abc"], status: 64, firstLine: ["--from", "abc"]),
        Case(name: "bad start value", arguments: ["fit", "FILE", "--formula", curve, "--start", "b1=500,b2=x", "--x", "x", "--y", "y"],
             csv: "x,y\n1,2\n2,3\n3,4\n", status: 64, firstLine: ["--start", "b2"]),
        Case(name: "conflicting flags", arguments: ["fit", "kremer-1993", "--model", "exponential", "--formula", "a*t"], status: 64, firstLine: ["--model", "--formula"]),
        Case(name: "bad window", arguments: ["test", "--window", "1950:1000", "--bootstrap", "0"], status: 64, firstLine: ["--window"]),
        Case(name: "unreadable split year", arguments: ["compare", "kremer-1993", "--split", "17oo"], status: 64, firstLine: ["--split"]),
        Case(name: "unknown dataset", arguments: ["fit", "no-such-dataset", "--model", "exponential"], status: 64, firstLine: ["no-such-dataset"]),
        Case(name: "unknown dataset to show", arguments: ["datasets", "show", "no-such-dataset"], status: 64, firstLine: ["no-such-dataset"]),
        Case(name: "unknown dataset to test", arguments: ["test", "--datasets", "no-such-dataset"], status: 64, firstLine: ["no-such-dataset"]),
        Case(name: "unknown column", arguments: ["fit", "kremer-1993", "--model", "exponential", "--y", "gdp"], status: 64, firstLine: ["gdp"]),
        Case(name: "missing file", arguments: ["fit", "missing-gdpfit-input.csv", "--model", "exponential"], status: 66, firstLine: ["missing-gdpfit-input.csv"]),
        Case(name: "missing file for a formula", arguments: ["fit", "missing-gdpfit-input.csv", "--formula", curve, "--start", "b1=1,b2=1", "--x", "x"],
             status: 66, firstLine: ["missing-gdpfit-input.csv"]),
        Case(name: "malformed CSV", arguments: ["fit", "FILE", "--model", "exponential"],
             csv: "year,pop\n1,5\n2,\"6\"x\n3,8\n", status: 65, firstLine: ["FILE:3:", "malformed CSV"]),
        Case(name: "unterminated quote", arguments: ["fit", "FILE", "--model", "exponential"],
             csv: "year,pop\n1,5\n2,\"6\n3,8\n", status: 65, firstLine: ["FILE:3:", "unterminated quoted field starting here"]),
        Case(name: "non-positive value", arguments: ["fit", "FILE", "--model", "exponential"],
             csv: "year,pop\n1,5\n2,-3\n3,7\n4,8\n", status: 65, firstLine: ["FILE:3:", "column 'pop'", "-3", "not positive"]),
        Case(name: "non-numeric value", arguments: ["compare", "FILE"],
             csv: "year,pop\n1,5\n2,6\n3,seven\n4,8\n", status: 65, firstLine: ["FILE:4:", "column 'pop'", "seven"]),
        Case(name: "duplicate year", arguments: ["breaks", "FILE"],
             csv: "year,pop\n1,5\n2,6\n2,7\n3,8\n", status: 65, firstLine: ["FILE:4:", "year 2", "twice"]),
        Case(name: "unsorted years", arguments: ["fit", "FILE", "--model", "exponential"],
             csv: "year,pop\n1,5\n3,6\n2,7\n4,8\n", status: 65, firstLine: ["FILE:4:", "year"]),
        Case(name: "missing column in a CSV file", arguments: ["fit", "FILE", "--formula", curve, "--start", "b1=1,b2=1", "--x", "x", "--y", "z"],
             csv: "x,y\n1,2\n2,3\n3,4\n", status: 65, firstLine: ["FILE:1:", "'z'"]),
        Case(name: "formula syntax error", arguments: ["fit", "FILE", "--formula", "b1*(1-exp(-b2*x)", "--start", "b1=1,b2=1", "--x", "x", "--y", "y"],
             csv: "x,y\n1,2\n2,3\n3,4\n", status: 65, firstLine: ["formula error at column"]),
        Case(name: "unknown name in formula", arguments: ["fit", "FILE", "--formula", "b1*(1-exp(-b2*z))", "--start", "b1=1,b2=1", "--x", "x", "--y", "y"],
             csv: "x,y\n1,2\n2,3\n3,4\n", status: 65, firstLine: ["formula error at column 15", "'z'"]),
        Case(name: "unknown name in a series formula", arguments: ["fit", "kremer-1993", "--formula", "a*exp(r*q)", "--start", "a=1,r=0.001"],
             status: 65, firstLine: ["formula error at column", "'q'"]),
        Case(name: "too few points for a formula", arguments: ["fit", "FILE", "--formula", curve, "--start", "b1=1,b2=1", "--x", "x", "--y", "y"],
             csv: "x,y\n1,2\n2,3\n", status: 65, firstLine: ["FILE", "too few"]),
        Case(name: "too few points for a model", arguments: ["fit", "FILE", "--model", "hyperbolic"],
             csv: "year,pop\n1,5\n2,6\n3,7\n", status: 65, firstLine: ["FILE", "too few", "hyperbolic"]),
        Case(name: "empty window", arguments: ["fit", "kremer-1993", "--model", "exponential", "--from", "2000"], status: 65, firstLine: ["kremer-1993", "too few"]),
        // Issue 14: counts above their documented maxima (CountLimits) and negative numbers name the
        // flag and the range instead of "Missing value" or a crash.
        Case(name: "bootstrap count of Int.max", arguments: ["fit", "kremer-1993", "--model", "exponential", "--bootstrap", "9223372036854775807"],
             status: 64, firstLine: ["--bootstrap", "9223372036854775807", "0 to 100000"]),
        Case(name: "huge bootstrap for compare", arguments: ["compare", "kremer-1993", "--form", "level", "--bootstrap", "1000000000"],
             status: 64, firstLine: ["--bootstrap", "0 to 100000"]),
        Case(name: "huge bootstrap for test", arguments: ["test", "--bootstrap", "1000000000"], status: 64, firstLine: ["--bootstrap", "0 to 100000"]),
        Case(name: "huge multistart", arguments: ["fit", "FILE", "--formula", curve, "--start", "b1=1,b2=1", "--x", "x", "--y", "y", "--multistart", "1000000000"],
             csv: "x,y\n1,2\n2,3\n3,4\n", status: 64, firstLine: ["--multistart", "0 to 10000"]),
        Case(name: "huge path count", arguments: ["plot", "kremer-1993", "--kind", "fan", "--paths", "1000000", "--out", "fan.svg"],
             status: 64, firstLine: ["--paths", "10 to 100000"]),
        Case(name: "too many breaks", arguments: ["breaks", "kremer-1993", "--max-breaks", "11"], status: 64, firstLine: ["--max-breaks", "0 to 10"]),
        Case(name: "negative bootstrap", arguments: ["fit", "kremer-1993", "--model", "exponential", "--bootstrap", "-1"],
             status: 64, firstLine: ["--bootstrap", "'-1'", "0 to 100000"]),
        Case(name: "negative seed", arguments: ["compare", "kremer-1993", "--seed", "-1"], status: 64, firstLine: ["--seed", "'-1'", "0 to"]),
        Case(name: "negative max-breaks", arguments: ["breaks", "kremer-1993", "--max-breaks", "-1"], status: 64, firstLine: ["--max-breaks", "'-1'", "0 to 10"]),
        Case(name: "negative tolerance", arguments: ["fit", "kremer-1993", "--model", "hyperbolic", "--xtol", "-1"], status: 64, firstLine: ["--xtol"]),
        Case(name: "empty dataset list", arguments: ["test", "--datasets", ""], status: 64, firstLine: ["--datasets"]),
        Case(name: "empty name in the dataset list", arguments: ["test", "--datasets", "kremer-1993,"], status: 64, firstLine: ["--datasets"]),
        Case(name: "test split outside the window", arguments: ["test", "--split", "2500", "--bootstrap", "0"], status: 64, firstLine: ["--split", "2500", "--window"]),
        Case(name: "compare split outside the window", arguments: ["compare", "kremer-1993", "--to", "1900", "--split", "1950"], status: 64, firstLine: ["--split", "1950"]),
        Case(name: "compare split repeated", arguments: ["compare", "kremer-1993", "--split", "1700", "--split", "1700"], status: 64, firstLine: ["--split", "twice"]),
        Case(name: "window reversed", arguments: ["breaks", "kremer-1993", "--from", "1900", "--to", "1000"], status: 64,
             firstLine: ["--from 1900", "--to 1000", "reversed"]),
        Case(name: "window reversed for fit", arguments: ["fit", "kremer-1993", "--model", "exponential", "--from", "1950", "--to", "1"], status: 64,
             firstLine: ["--from 1950 comes after --to 1", "reversed"]),
        Case(name: "growth weights for a column formula", arguments: ["fit", "FILE", "--formula", curve, "--start", "b1=1,b2=1", "--x", "x", "--y", "y", "--weights", "gap"],
             csv: "x,y\n1,2\n2,3\n3,4\n", status: 64, firstLine: ["--weights gap"]),
        Case(name: "compare on two rows", arguments: ["compare", "FILE"], csv: "year,pop\n1,5\n2,6\n", status: 65, firstLine: ["FILE", "too few"]),
        Case(name: "compare on one row", arguments: ["compare", "FILE", "--form", "level"], csv: "year,pop\n1,5\n", status: 65, firstLine: ["FILE", "too few"]),
        // Panels (issue 13, item 4).
        Case(name: "long file without --group", arguments: ["fit", "FILE", "--y", "gdp", "--model", "exponential"],
             csv: "country,year,gdp\nA,1,5\nA,2,6\nB,1,7\nB,2,8\n", status: 65,
             firstLine: ["FILE:4:", "year 1 appears twice (lines 2 and 4)", "--group", "'country'"]),
        Case(name: "malformed --where", arguments: ["fit", "FILE", "--y", "gdp", "--model", "exponential", "--where", "country"],
             csv: "country,year,gdp\nA,1,5\n", status: 64, firstLine: ["--where", "COLUMN=VALUE", "'country'"]),
        Case(name: "--where matching no row", arguments: ["fit", "FILE", "--y", "gdp", "--model", "exponential", "--where", "country=a"],
             csv: "country,year,gdp\nA,1,5\nA,2,6\nA,3,7\n", status: 64, firstLine: ["FILE", "country = 'a'", "did you mean 'A'"]),
        Case(name: "--group on a curated dataset", arguments: ["fit", "kremer-1993", "--group", "country", "--model", "exponential"],
             status: 64, firstLine: ["--group", "kremer-1993"]),
        Case(name: "--group naming no column", arguments: ["fit", "FILE", "--y", "gdp", "--group", "nation", "--model", "exponential"],
             csv: "country,year,gdp\nA,1,5\n", status: 65, firstLine: ["FILE:1:", "'nation'"]),
        Case(name: "--group with the stochastic model", arguments: ["fit", "FILE", "--y", "gdp", "--group", "country", "--model", "stochastic-hyperbolic"],
             csv: "country,year,gdp\nA,1,5\n", status: 64, firstLine: ["--group", "--where"]),
        Case(name: "--group with --bootstrap", arguments: ["fit", "FILE", "--y", "gdp", "--group", "country", "--model", "exponential", "--bootstrap", "9"],
             csv: "country,year,gdp\nA,1,5\n", status: 64, firstLine: ["--bootstrap", "--where"]),
        Case(name: "no group can be fitted", arguments: ["fit", "FILE", "--y", "gdp", "--group", "country", "--model", "exponential"],
             csv: "country,year,gdp\nA,1,5\nB,1,6\n", status: 65, firstLine: ["no group", "too few"]),
        Case(name: "no group can be compared", arguments: ["compare", "FILE", "--y", "gdp", "--group", "country"],
             csv: "country,year,gdp\nA,1,5\nB,1,6\n", status: 65, firstLine: ["no group", "compared", "too few"]),
        Case(name: "no group can be searched", arguments: ["breaks", "FILE", "--y", "gdp", "--group", "country"],
             csv: "country,year,gdp\nA,1,5\nB,1,6\n", status: 65, firstLine: ["no group", "searched", "too few"]),
        Case(name: "output path ending in a slash", arguments: ["fit", "kremer-1993", "--model", "exponential", "--output", "x.txt/"],
             status: 73, firstLine: ["--output", "x.txt/", "directory"]),
    ]

    /// The expected first-line texts with `FILE` replaced by the path the case wrote.
    static func expand(_ texts: [String], path: String) -> [String] {
        texts.map { $0.replacingOccurrences(of: "FILE", with: path) }
    }

    @Test(arguments: cases)
    func errorClass(_ errorCase: Case) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try errorCase.csv.map { try scratch.write("data.csv", $0) } ?? scratch.path("data.csv")
        let run = try EndToEndTests.gdpfit(Self.expand(errorCase.arguments, path: path), in: scratch.url)
        #expect(run.status == errorCase.status, "\(errorCase.name): expected exit \(errorCase.status)\n\(run)")
        #expect(run.stdout.isEmpty, "an error printed results:\n\(run)")
        let first = try #require(run.errorLines.first, "nothing on stderr:\n\(run)")
        if run.stderr.hasPrefix("gdpfit: ") && !errorCase.name.contains("formula") {
            #expect(run.errorLines.count == 1, "the message is not one line:\n\(run)")
        }
        #expect(first.hasPrefix("gdpfit: ") || first.hasPrefix("Error: "), "\(first)")
        if first.hasPrefix("Error: ") {
            #expect(run.stderr.contains("Usage: gdpfit \(errorCase.arguments[0])"), "the usage shown is not the subcommand's:\n\(run)")
        }
        for text in Self.expand(errorCase.firstLine, path: path) {
            #expect(first.contains(text), "\(errorCase.name): first stderr line lacks '\(text)': \(first)")
        }
    }

    /// A formula error shows the formula with a caret under the offending position.
    @Test func formulaErrorHasACaret() throws {
        let run = try EndToEndTests.gdpfit("fit", "kremer-1993", "--formula", "a*exp(r*q)", "--start", "a=1,r=0.001")
        #expect(run.status == 65, "\(run)")
        let lines = run.errorLines
        #expect(lines.first?.contains("column 9") == true, "q is the 9th character of a*exp(r*q): \(lines)")
        #expect(lines.count == 3 && lines[1].trimmingCharacters(in: .whitespaces) == "a*exp(r*q)", "\(lines)")
        if lines.count == 3, let caret = lines[2].firstIndex(of: "^"), let q = lines[1].firstIndex(of: "q") {
            #expect(lines[2].distance(from: lines[2].startIndex, to: caret) == lines[1].distance(from: lines[1].startIndex, to: q))
        }
    }

    /// A formula that starts with '-' is the formula, not a flag (`--formula "-b1*x"`): y = -2x exactly,
    /// so the least-squares estimate is b1 = 2.
    @Test func formulaStartingWithAMinus() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try scratch.write("data.csv", "x,y\n1,-2\n2,-4\n3,-6\n4,-8\n")
        let run = try EndToEndTests.gdpfit("fit", path, "--formula", "-b1*x", "--start", "b1=1", "--x", "x", "--y", "y", "--format", "json")
        #expect(run.status == 0, "\(run)")
        let parameters = try #require((run.json as? [String: Any])?["parameters"] as? [[String: Any]], "\(run)")
        let b1 = try #require(parameters.first?["value"] as? Double)
        #expect(abs(b1 - 2) < 1e-9, "\(run)")
    }

    /// A formula nested 200 deep (issue 14: echoed whole with a 120 KB caret line) gets three short
    /// lines, the caret under the token where the 201st level begins (column 201: 200 brackets, then b1).
    @Test func deeplyNestedFormulaIsEchoedShort() throws {
        let formula = String(repeating: "(", count: 200) + "b1" + String(repeating: ")", count: 200)
        let run = try EndToEndTests.gdpfit("fit", "kremer-1993", "--formula", formula, "--start", "b1=1")
        #expect(run.status == 65, "\(run)")
        let lines = run.errorLines
        #expect(lines.count == 3, "\(lines)")
        #expect(lines.allSatisfy { $0.count <= 200 }, "\(lines.map(\.count))")
        #expect(lines.first?.contains("column 201") == true, "\(lines)")
        if lines.count == 3, let caret = lines[2].firstIndex(of: "^"), let b = lines[1].firstIndex(of: "b") {
            #expect(lines[2].distance(from: lines[2].startIndex, to: caret) == lines[1].distance(from: lines[1].startIndex, to: b))
            #expect(lines[1].contains("…"))
        }
    }

    /// A fit stopped by the iteration limit exits 1, prints its status and says on stderr that it did
    /// not converge; its JSON says `converged: false` with that status. y = 5 exp(0.25 x) rounded to
    /// 3 digits from a start far away (b1 = 1, b2 = 1) cannot converge in one iteration per run.
    @Test(arguments: ["table", "json"])
    func notConvergedExitsOne(format: String) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try scratch.write("data.csv", "x,y\n1,6.42\n2,8.24\n3,10.6\n4,13.6\n5,17.5\n6,22.4\n7,28.8\n8,36.9\n")
        let run = try EndToEndTests.gdpfit(
            "fit", path, "--formula", "b1*exp(b2*x)", "--start", "b1=1,b2=1", "--x", "x", "--y", "y", "--max-iterations", "1", "--format", format)
        #expect(run.status == 1, "\(run)")
        #expect(run.errorLines.first?.contains("did not converge") == true, "\(run)")
        #expect(run.errorLines.first?.contains("iteration limit") == true, "\(run)")
        if format == "json" {
            let object = try #require(run.json as? [String: Any], "\(run)")
            #expect(object["converged"] as? Bool == false)
            #expect(object["status"] as? String == "iteration limit reached")
        } else {
            #expect(run.stdout.contains("NOT CONVERGED") && run.stdout.contains("iteration limit reached"), "\(run)")
        }
    }
}
