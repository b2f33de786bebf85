/// A formula that cannot be parsed or refers to an unknown name, with the 0-based character offset
/// where the problem was found so a user sees a caret under it.
public struct FormulaError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong, e.g. "unknown name 'z'" or "expected ')'".
    public var message: String
    /// The formula text as given.
    public var source: String
    /// 0-based offset (in Characters) of the offending token in `source`.
    public var position: Int

    public init(message: String, source: String, position: Int) {
        self.message = message
        self.source = source
        self.position = position
    }

    /// One line naming the column (1-based), then the formula, then a caret under the problem.
    ///
    /// The echo is at most `echoWidth` characters: a longer formula (a generated one, nested 200 deep)
    /// is shown as the stretch around the problem with "…" where text was left out, so the message
    /// stays three short lines. Line breaks and other control characters in the formula are shown as
    /// "⏎" and "�", one character each, so the caret stays under its column.
    public var description: String {
        let characters = Array(source)
        let at = min(max(position, 0), characters.count)
        let start = characters.count <= Self.echoWidth ? 0 : min(max(at - Self.echoWidth / 2, 0), characters.count - Self.echoWidth)
        let end = min(characters.count, start + Self.echoWidth)
        let shown = characters[start..<end].map { c -> Character in
            if c.isNewline { return "⏎" }
            return c.unicodeScalars.contains { $0.properties.generalCategory == .control } ? "\u{FFFD}" : c
        }
        let echo = (start > 0 ? "…" : "") + String(shown) + (end < characters.count ? "…" : "")
        let caret = at - start + (start > 0 ? 1 : 0)
        return "formula error at column \(position + 1): \(message)\n  \(echo)\n  " + String(repeating: " ", count: caret) + "^"
    }

    /// The most characters of the formula `description` echoes.
    public static let echoWidth = 72

    /// `text` (a token, a name) as a message quotes it: at most `limit` characters, then "…".
    static func excerpt(_ text: some StringProtocol, limit: Int = 40) -> String {
        text.count <= limit ? String(text) : String(text.prefix(limit)) + "…"
    }

    /// The first line of `description` only, for contexts that want one line.
    public var summary: String { "formula error at column \(position + 1): \(message)" }
}
