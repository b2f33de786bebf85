/// One token of a formula, with the 0-based Character offset where it starts (for error carets).
struct FormulaToken: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        case number(Double)
        case identifier(String)
        case plus, minus, times, divide
        /// `^` or its synonym `**`.
        case power
        case open(FormulaBracket)
        case close(FormulaBracket)
        case equals
        case end
    }

    var kind: Kind
    /// The token as written, e.g. "**" or "1.5e-3"; empty for `end`.
    var text: String
    var position: Int

    /// How the token is named in an error message.
    var quoted: String { kind == .end ? "the end of the formula" : "'\(FormulaError.excerpt(text))'" }

    /// Whether the token can begin an operand; seeing one where an operator belongs means the
    /// user left an operator out (e.g. `2x`, `b1 (x+1)`).
    var beginsOperand: Bool {
        switch kind {
        case .number, .identifier, .open: return true
        default: return false
        }
    }
}

/// Round `( )` or square `[ ]` brackets. Both group (NIST writes `exp[-b2*x]`); each must be
/// closed by its own kind.
enum FormulaBracket: Sendable {
    case round, square

    var opening: Character { self == .round ? "(" : "[" }
    var closing: Character { self == .round ? ")" : "]" }
}

/// Splits a formula into tokens. Positions count Characters from 0, matching `FormulaError.position`.
///
/// Numbers: digits with an optional fraction and exponent, where either side of the point may be
/// empty (`12`, `1.5`, `.5`, `2.`, `1.5e-3`, `2.E+4`); an `e` that is not followed by an exponent is
/// an error (`2e`), not an implicit product. Identifiers: a letter or `_`, then letters, digits or `_`.
enum FormulaLexer {
    static func tokens(of source: String) throws(FormulaError) -> [FormulaToken] {
        let characters = Array(source)
        var tokens: [FormulaToken] = []
        var i = 0

        func fail(_ message: String, at position: Int) -> FormulaError {
            FormulaError(message: message, source: source, position: position)
        }
        func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
        func isDigit(at k: Int) -> Bool { k < characters.count && isDigit(characters[k]) }
        func emit(_ kind: FormulaToken.Kind, from start: Int) {
            tokens.append(FormulaToken(kind: kind, text: String(characters[start..<i]), position: start))
        }

        while i < characters.count {
            let c = characters[i]
            let start = i
            if c.isWhitespace {
                i += 1
            } else if isDigit(c) || (c == "." && isDigit(at: i + 1)) {
                while isDigit(at: i) { i += 1 }
                if i < characters.count, characters[i] == "." {
                    i += 1
                    while isDigit(at: i) { i += 1 }
                }
                if i < characters.count, characters[i] == "e" || characters[i] == "E" {
                    var k = i + 1
                    if k < characters.count, characters[k] == "+" || characters[k] == "-" { k += 1 }
                    guard isDigit(at: k) else {
                        let text = String(characters[start..<min(k, characters.count)])
                        throw fail("malformed number '\(FormulaError.excerpt(text))': the exponent needs digits, e.g. 1.5e-3",
                                   at: start)
                    }
                    i = k
                    while isDigit(at: i) { i += 1 }
                }
                let text = String(characters[start..<i])
                guard let value = Double(text) else {
                    throw fail("malformed number '\(FormulaError.excerpt(text))'", at: start)
                }
                emit(.number(value), from: start)
            } else if c.isLetter || c == "_" {
                while i < characters.count,
                      characters[i].isLetter || characters[i] == "_" || isDigit(characters[i]) {
                    i += 1
                }
                emit(.identifier(String(characters[start..<i])), from: start)
            } else {
                i += 1
                switch c {
                case "+": emit(.plus, from: start)
                case "-": emit(.minus, from: start)
                case "/": emit(.divide, from: start)
                case "^": emit(.power, from: start)
                case "*":
                    if i < characters.count, characters[i] == "*" {
                        i += 1
                        emit(.power, from: start)
                    } else {
                        emit(.times, from: start)
                    }
                case "(": emit(.open(.round), from: start)
                case "[": emit(.open(.square), from: start)
                case ")": emit(.close(.round), from: start)
                case "]": emit(.close(.square), from: start)
                case "=": emit(.equals, from: start)
                default:
                    throw fail("unexpected character '\(c)'", at: start)
                }
            }
        }
        tokens.append(FormulaToken(kind: .end, text: "", position: characters.count))
        return tokens
    }
}
