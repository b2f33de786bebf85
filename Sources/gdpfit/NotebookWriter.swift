import Foundation

/// A Jupyter notebook (nbformat 4.5) as a value, and its serialisation in nbformat's own canonical
/// form, so that the same notebook always gives the same bytes and `nbformat.write` of the file
/// read back gives the file again:
///
/// - JSON as Python's `json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False)` writes it
///   (nbformat.v4.nbjson): keys sorted by code point, one space of indent per level, ": " after keys,
///   non-ASCII characters unescaped, a final newline;
/// - every multi-line string (cell sources, stream text, text and SVG outputs) split into a list of
///   lines that keep their "\n", as nbformat's `split_lines` does;
/// - nothing that varies between runs: cell ids numbered in order, execution counts numbered in order
///   of the code cells, no timestamps, no paths, no kernel state.
///
/// Reference: the nbformat 4.5 JSON schema (nbformat/v4/nbformat.v4.5.schema.json) and nbformat's
/// `v4/nbjson.py`, `v4/rwbase.py` (split_lines).
struct Notebook {
    enum Output {
        /// Text printed on standard output (nbformat `stream`, name `stdout`).
        case stdout(String)
        /// An SVG picture (nbformat `display_data`, `image/svg+xml`) with its plain-text stand-in.
        case svg(String, plainText: String)
    }

    enum Cell {
        case markdown(String)
        case code(String, outputs: [Output])
    }

    var cells: [Cell] = []

    /// The notebook's JSON text.
    func json() -> String {
        var executionCount = 0
        let cellValues: [JSONValue] = cells.enumerated().map { index, cell in
            let id = JSONValue.string(String(format: "cell-%03d", index + 1))
            switch cell {
            case .markdown(let text):
                return .object(["cell_type": .string("markdown"), "id": id, "metadata": .object([:]), "source": .lines(text)])
            case .code(let source, let outputs):
                executionCount += 1
                return .object([
                    "cell_type": .string("code"), "execution_count": .integer(executionCount), "id": id,
                    "metadata": .object([:]), "outputs": .array(outputs.map(Notebook.outputValue)), "source": .lines(source),
                ])
            }
        }
        let document = JSONValue.object([
            "cells": .array(cellValues),
            "metadata": .object([
                "kernelspec": .object([
                    "display_name": .string("Python 3 (ipykernel)"), "language": .string("python"), "name": .string("python3"),
                ]),
                "language_info": .object(["name": .string("python")]),
            ]),
            "nbformat": .integer(4),
            "nbformat_minor": .integer(5),
        ])
        return document.serialised() + "\n"
    }

    private static func outputValue(_ output: Output) -> JSONValue {
        switch output {
        case .stdout(let text):
            return .object(["name": .string("stdout"), "output_type": .string("stream"), "text": .lines(text)])
        case .svg(let svg, let plainText):
            return .object([
                "data": .object(["image/svg+xml": .lines(svg), "text/plain": .lines(plainText)]),
                "metadata": .object([:]), "output_type": .string("display_data"),
            ])
        }
    }
}

/// The JSON values a notebook holds, written as Python's `json.dumps(..., sort_keys=True, indent=1,
/// ensure_ascii=False)` writes them.
indirect enum JSONValue {
    case string(String)
    case integer(Int)
    case array([JSONValue])
    case object([String: JSONValue])

    /// A multi-line string as nbformat stores it: a list of lines, each keeping its "\n" (Python's
    /// `str.splitlines(keepends=True)`; the texts here contain no other line separators).
    static func lines(_ text: String) -> JSONValue {
        var lines: [JSONValue] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == "\n" {
                lines.append(.string(current))
                current = ""
            }
        }
        if !current.isEmpty { lines.append(.string(current)) }
        return .array(lines)
    }

    func serialised(indent: Int = 0) -> String {
        let inner = String(repeating: " ", count: indent + 1), outer = String(repeating: " ", count: indent)
        switch self {
        case .string(let text): return JSONValue.quoted(text)
        case .integer(let value): return String(value)
        case .array(let items):
            guard !items.isEmpty else { return "[]" }
            return "[\n" + items.map { inner + $0.serialised(indent: indent + 1) }.joined(separator: ",\n") + "\n" + outer + "]"
        case .object(let members):
            guard !members.isEmpty else { return "{}" }
            // Python sorts keys by code point; UTF-8 byte order is code-point order.
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            return "{\n" + keys.map { key in
                inner + JSONValue.quoted(key) + ": " + (members[key]?.serialised(indent: indent + 1) ?? "null")
            }.joined(separator: ",\n") + "\n" + outer + "}"
        }
    }

    /// Python's json string escaping with ensure_ascii=False: the quote, the backslash and the
    /// control characters below U+0020 are escaped (\n, \r, \t, \b, \f by name, the rest as \u00XX);
    /// everything else, "/" and non-ASCII included, is written as is.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case let c where c.value < 0x20: out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
