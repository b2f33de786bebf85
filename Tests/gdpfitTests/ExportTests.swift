import Foundation
import Testing
@testable import gdpfit

/// `gdpfit export`: deterministic bytes, nbformat 4.5 structure, outputs that are the commands' own.
/// (scripts/check-notebooks.sh validates the committed notebooks with Python's nbformat itself.)
@Suite struct ExportTests {
    /// Python's json.dumps(value, sort_keys=True, indent=1, ensure_ascii=False), as nbformat writes
    /// notebooks: the output of Tests/gdpfitTests/reference/notebook_json.py, pasted.
    @Test func jsonIsWrittenAsNbformatWritesIt() {
        let value = JSONValue.object([
            "zeta": .array([]),
            "alpha": .object(["b": .integer(1), "a": .string("quote \" backslash \\ tab \t bell \u{07} é ∆ / end\n")]),
            "lines": .lines("first\nsecond"),
            "empty": .object([:]),
        ])
        let python = """
            {
             "alpha": {
              "a": "quote \\" backslash \\\\ tab \\t bell \\u0007 é ∆ / end\\n",
              "b": 1
             },
             "empty": {},
             "lines": [
              "first\\n",
              "second"
             ],
             "zeta": []
            }
            """
        #expect(value.serialised() == python)
    }

    @Test func datasetNotebookIsDeterministicAndWellFormed() throws {
        let first = try ExportedNotebooks.datasetNotebook("kremer-1993")
        let second = try ExportedNotebooks.datasetNotebook("kremer-1993")
        let json = first.notebook.json()
        #expect(json == second.notebook.json())
        #expect(first.files.map(\.text) == second.files.map(\.text))
        #expect(first.files.map(\.name) == ["kremer-1993-series.svg", "kremer-1993-growth.svg", "kremer-1993-residuals.svg", "kremer-1993-fan.svg"])
        #expect(json.hasSuffix("}\n"))

        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(document["nbformat"] as? Int == 4 && document["nbformat_minor"] as? Int == 5)
        let metadata = try #require(document["metadata"] as? [String: Any])
        #expect((metadata["kernelspec"] as? [String: Any])?["name"] as? String == "python3")
        let cells = try #require(document["cells"] as? [[String: Any]])
        let ids = cells.compactMap { $0["id"] as? String }
        #expect(ids.count == cells.count && Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.range(of: "^[a-zA-Z0-9-_]{1,64}$", options: .regularExpression) != nil })
        let code = cells.filter { $0["cell_type"] as? String == "code" }
        #expect(code.compactMap { $0["execution_count"] as? Int } == Array(1...code.count))
        var figures = 0, pandasCells = 0
        for cell in code {
            let source = try #require(cell["source"] as? [String]).joined()
            let outputs = try #require(cell["outputs"] as? [[String: Any]])
            if source.hasPrefix("import json, subprocess") {
                // The pandas cell: no stored output (gdpfit runs no Python; check-notebooks.sh runs it).
                #expect(source.contains("\"gdpfit\", \"fit\"") && source.contains("\"--format\", \"json\", \"--quiet\""))
                #expect(source.contains("pd.DataFrame(result[\"observations\"])"))
                #expect(outputs.isEmpty)
                pandasCells += 1
                continue
            }
            #expect(source.hasPrefix("!gdpfit "))
            #expect(!outputs.isEmpty)
            for output in outputs {
                switch output["output_type"] as? String {
                case "stream":
                    #expect(output["name"] as? String == "stdout")
                    #expect(try #require(output["text"] as? [String]).joined().hasSuffix("\n"))
                case "display_data":
                    let data = try #require(output["data"] as? [String: Any])
                    let svg = try #require(data["image/svg+xml"] as? [String]).joined()
                    #expect(try SVGDocument(svg).root.name == "svg")
                    figures += 1
                default:
                    Issue.record("unexpected output type \(output["output_type"] ?? "none")")
                }
            }
        }
        #expect(figures == 4)
        #expect(pandasCells == 1)
        for cell in cells where cell["cell_type"] as? String == "markdown" {
            #expect(cell["outputs"] == nil && cell["execution_count"] == nil)
        }
    }

    /// The stored output of a cell is what its command prints: parse the cell's own command line again.
    @Test func storedOutputIsTheCommandsOwnText() throws {
        var recorder = NotebookRecorder()
        let arguments = ["breaks", "kremer-1993", "--max-breaks", "2", "--from", "-10000", "--to", "1950"]
        try recorder.command(arguments)
        guard case let .code(source, outputs) = try #require(recorder.notebook.cells.first),
              case let .stdout(text) = try #require(outputs.first) else {
            Issue.record("expected one code cell with a stdout output")
            return
        }
        #expect(source == "!gdpfit breaks kremer-1993 --max-breaks 2 --from -10000 --to 1950")
        let command = try #require(try GDPFit.parseAsRoot(arguments) as? BreaksCommand)
        #expect(text == OutputOptions.printed(try command.report()))
        #expect(text.hasSuffix("\n") && !text.hasSuffix("\n\n"))
    }

    @Test func commandLinesQuoteWhatAShellWouldInterpret() {
        #expect(NotebookRecorder.commandLine(["test", "--window=-5000:1900"]) == "gdpfit test --window=-5000:1900")
        #expect(NotebookRecorder.commandLine(["fit", "my data.csv", "--formula", "a*exp(r*t)"])
            == "gdpfit fit 'my data.csv' --formula 'a*exp(r*t)'")
        #expect(NotebookRecorder.commandLine(["fit", "it's.csv"]) == "gdpfit fit 'it'\\''s.csv'")
    }
}
