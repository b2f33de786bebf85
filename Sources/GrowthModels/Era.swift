import Foundation

/// One era of a window of years: the observations from `from` (inclusive) to before `before`
/// (exclusive), either end open. A level observation belongs to an era by its year, a growth
/// interval by its start year.
public struct Era: Hashable, Sendable {
    /// What the era stands for in the analysis.
    public enum Role: Hashable, Sendable {
        /// Before the split year of the hypothesis test.
        case preModern
        /// From the split year to the end of the window.
        case modern
        /// The whole window.
        case wholeWindow
        /// The i-th era (from 1) of a window cut at N - 1 split years.
        case numbered(Int)
    }

    public var role: Role
    /// First year included; nil: from the start of the window.
    public var from: Double?
    /// First year no longer included; nil: to the end of the window.
    public var before: Double?
    /// The years it covers, as tables label them: "before 1700", "1700 to 1950", "from 1800".
    public var range: String

    public init(role: Role, from: Double?, before: Double?, range: String) {
        self.role = role
        self.from = from
        self.before = before
        self.range = range
    }

    /// The era's name as outputs key it: "pre-modern", "modern", "whole window", "era 2".
    public var name: String {
        switch role {
        case .preModern: "pre-modern"
        case .modern: "modern"
        case .wholeWindow: "whole window"
        case let .numbered(index): "era \(index)"
        }
    }

    public func contains(_ year: Double) -> Bool {
        (from.map { year >= $0 } ?? true) && (before.map { year < $0 } ?? true)
    }
}

/// Cuts a window of years into eras at split years: the one place eras are made, for `compare`,
/// `test`, the robustness table and plots alike.
public enum EraPartition {
    /// The hypothesis test's three eras: pre-modern (before `split`), modern (from `split` to the
    /// window's end) and the whole window.
    public static func hypothesisTest(window: YearWindow, split: Double) -> [Era] {
        let splitText = YearText.format(split)
        let end = window.to.map(YearText.format) ?? "end"
        return [
            Era(role: .preModern, from: nil, before: split, range: "before \(splitText)"),
            Era(role: .modern, from: split, before: nil, range: "\(splitText) to \(end)"),
            Era(role: .wholeWindow, from: nil, before: nil, range: window.description),
        ]
    }

    /// N numbered eras for N - 1 split years (sorted here), then the whole window; no split years
    /// give the whole window alone.
    /// - Throws: a split year outside the window.
    public static func numbered(window: YearWindow, splits: [Double]) throws(AnalysisError) -> [Era] {
        let cuts = splits.sorted()
        if let outside = cuts.first(where: { !window.contains($0) }) {
            throw .invalidRequest("split year \(YearText.format(outside)) is outside the window \(window)")
        }
        var eras: [Era] = []
        if !cuts.isEmpty {
            let bounds: [Double?] = [nil] + cuts.map { Optional($0) } + [nil]
            for index in 0..<(bounds.count - 1) {
                let lower = bounds[index], upper = bounds[index + 1]
                let range = switch (lower, upper) {
                case let (nil, upper?): "before \(YearText.format(upper))"
                case let (lower?, nil): "from \(YearText.format(lower))"
                case let (lower?, upper?): "\(YearText.format(lower)) to before \(YearText.format(upper))"
                case (nil, nil): window.description
                }
                eras.append(Era(role: .numbered(index + 1), from: lower, before: upper, range: range))
            }
        }
        eras.append(Era(role: .wholeWindow, from: nil, before: nil, range: window.description))
        return eras
    }
}

extension ModelSample {
    /// The entries of one era, labelled "<dataset> <era> (<range>)" for messages.
    public func restricted(to era: Era, dataset: String) -> ModelSample {
        restricted(label: "\(dataset) \(era.name) (\(era.range))", where: era.contains)
    }
}
