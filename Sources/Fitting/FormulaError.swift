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
    public var description: String {
        "formula error at column \(position + 1): \(message)\n  \(source)\n  "
            + String(repeating: " ", count: max(0, position)) + "^"
    }

    /// The first line of `description` only, for contexts that want one line.
    public var summary: String { "formula error at column \(position + 1): \(message)" }
}
