import Foundation
import GrowthModels

/// The closing section of `gdpfit test`: the debate's question answered in plain words, per dataset
/// and then per measure, from the library's `DebateAnswer` values.
enum DebateWording {
    /// What growth did, as the predicate of a sentence about an era.
    static func predicate(_ reading: ProportionalityTest.Reading) -> String {
        switch reading {
        case .proportional: "growth was proportional to the level"
        case .constant: "growth was constant"
        case .risingLessThanProportionally: "growth rose with the level, less than proportionally"
        case .risingMoreThanProportionally: "growth rose with the level, more than proportionally"
        case .falling: "growth fell as the level rose"
        case .indeterminate: "constant and proportional growth cannot be told apart"
        }
    }

    /// The reading in a table cell.
    static func shortReading(_ reading: ProportionalityTest.Reading) -> String {
        switch reading {
        case .proportional: "proportional"
        case .constant: "constant"
        case .risingLessThanProportionally: "less than prop."
        case .risingMoreThanProportionally: "more than prop."
        case .falling: "falling"
        case .indeterminate: "indeterminate"
        }
    }

    static func reading(_ reading: ProportionalityTest.Reading) -> String {
        switch reading {
        case .proportional: "proportional to the level"
        case .constant: "constant"
        case .risingLessThanProportionally: "rising less than proportionally to the level"
        case .risingMoreThanProportionally: "rising more than proportionally to the level"
        case .falling: "falling as the level rose"
        case .indeterminate: "indeterminate between constant and proportional"
        }
    }

    static func sentence(_ answer: DebateAnswer, split: Double?) -> String {
        let era = split.map { "before \(YearText.format($0))" } ?? "in the pre-modern era"
        var parts: [String] = []
        if let preModern = answer.preModern {
            parts.append("\(era) \(predicate(preModern))"
                + (answer.preModernExponent.map { String(format: " (B = %.3g)", $0) } ?? ""))
        } else if answer.caveats.contains(.preModernTooFewToGrade) {
            parts.append("\(era) there are too few observations to grade")
        } else {
            parts.append("\(era) proportionality could not be tested")
        }
        if let across = answer.acrossEras {
            parts.append("across eras, over the whole window, \(predicate(across))"
                + (answer.acrossErasExponent.map { String(format: " (B = %.3g)", $0) } ?? ""))
        }
        if let longRun = answer.longRun, let margin = answer.longRunMargin {
            let rival = answer.longRunAgainstFixedTransitions
                ? "the path with transitions fixed in advance" : "the searched growth-mode path"
            switch longRun {
            case .phaseTransition:
                parts.append(String(format: "the long run favours a phase transition (%@) over one hyperbola by ΔBIC %.1f", rival, margin))
            case .stableDynamics:
                parts.append(String(format: "the long run favours one hyperbola over %@ by ΔBIC %.1f", rival, margin))
            }
        }
        var sentence = "\(answer.dataset) (\(answer.measure.rawValue)): " + parts.joined(separator: "; ")
        if answer.caveats.contains(.bootstrapPValueAtFloor) {
            sentence += " (some level-form bootstrap p-values sit at their floor: bounds, not values)"
        }
        return sentence + "."
    }

    /// "population series (3): before 1700 proportional in 0, rising less than proportionally in 2, ...".
    static func summary(_ answers: [DebateAnswer], measure: Measure) -> String? {
        let group = answers.filter { $0.measure == measure }
        guard !group.isEmpty else { return nil }
        func counts(_ readings: [ProportionalityTest.Reading?]) -> String {
            var tally: [(String, Int)] = []
            for reading in readings.compactMap({ $0 }) {
                let text = Self.reading(reading)
                if let index = tally.firstIndex(where: { $0.0 == text }) { tally[index].1 += 1 } else { tally.append((text, 1)) }
            }
            let ungraded = readings.filter { $0 == nil }.count
            return (tally.map { "\($0.0) in \($0.1)" } + (ungraded > 0 ? ["not graded in \(ungraded)"] : [])).joined(separator: ", ")
        }
        let phase = group.filter { $0.longRun == .phaseTransition }.count
        let judged = group.filter { $0.longRun != nil }.count
        return "\(measure.rawValue) series (\(group.count)): pre-modern growth \(counts(group.map(\.preModern))); "
            + "across eras \(counts(group.map(\.acrossEras))); a phase transition preferred in \(phase) of \(judged)."
    }

    static func section(_ answers: [DebateAnswer], split: Double?, format: OutputFormat) -> [String] {
        guard !answers.isEmpty else { return [] }
        let style = ProseStyle(format), bullet = style.item
        var lines = [style.heading(
            markdown: "### The debate's question",
            text: "== The debate's question: is growth proportional to the level, and do the data prefer one law or a phase transition?"), ""]
        lines += answers.map { bullet + sentence($0, split: split) }
        lines.append("")
        lines += Measure.allCases.compactMap { summary(answers, measure: $0) }.map { bullet + $0 }
        lines.append(bullet + "Series of one measure share sources, and GDP series built from population (Roodman's GWP "
            + "before 1500) are not independent evidence of the population series.")
        return lines + [""]
    }
}
