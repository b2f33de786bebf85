import Foundation
import GrowthModels

/// The closing section of `gdpfit test`: the debate's question answered in plain words, per dataset
/// and then per measure, from the library's `DebateAnswer` values.
enum DebateWording {
    /// The words for one reading of B, in each place they appear: a verdict's headline, the
    /// predicate of a sentence about an era, a tally, and a table cell. One switch, so a new
    /// reading cannot be worded in one place and missed in another.
    struct ReadingWords {
        let verdict: String, predicate: String, tally: String, cell: String

        init(_ reading: ProportionalityTest.Reading) {
            switch reading {
            case .proportional:
                (verdict, predicate, tally, cell) = ("growth proportional to the level", "growth was proportional to the level",
                                                     "proportional to the level", "proportional")
            case .constant:
                (verdict, predicate, tally, cell) = ("constant growth", "growth was constant", "constant", "constant")
            case .risingLessThanProportionally:
                (verdict, predicate, tally, cell) = (
                    "growth rising less than proportionally to the level", "growth rose with the level, less than proportionally",
                    "rising less than proportionally to the level", "less than prop.")
            case .risingMoreThanProportionally:
                (verdict, predicate, tally, cell) = (
                    "growth rising more than proportionally to the level", "growth rose with the level, more than proportionally",
                    "rising more than proportionally to the level", "more than prop.")
            case .falling:
                (verdict, predicate, tally, cell) = (
                    "growth falling as the level rises", "growth fell as the level rose", "falling as the level rose", "falling")
            case .indeterminate:
                (verdict, predicate, tally, cell) = (
                    "indeterminate between constant and proportional growth", "constant and proportional growth cannot be told apart",
                    "indeterminate between constant and proportional", "indeterminate")
            }
        }
    }

    static func sentence(_ answer: DebateAnswer, split: Double?) -> String {
        let era = split.map { "before \(YearText.format($0))" } ?? "in the pre-modern era"
        var parts: [String] = []
        if let preModern = answer.preModern {
            parts.append("\(era) \(ReadingWords(preModern).predicate)"
                + (answer.preModernExponent.map { String(format: " (B = %.3g)", $0) } ?? ""))
        } else if answer.caveats.contains(.preModernTooFewToGrade) {
            parts.append("\(era) there are too few observations to grade")
        } else {
            parts.append("\(era) proportionality could not be tested")
        }
        if let across = answer.acrossEras {
            parts.append("across eras, over the whole window, \(ReadingWords(across).predicate)"
                + (answer.acrossErasExponent.map { String(format: " (B = %.3g)", $0) } ?? ""))
        }
        if let longRun = answer.longRun, let margin = answer.longRunMargin {
            let breaks = answer.longRunBreakCount.map { " with \($0) break\($0 == 1 ? "" : "s")" } ?? ""
            let rival = (answer.longRunRival.map(VerdictWording.rivalName) ?? "phase-transition path") + breaks
            switch longRun {
            case .phaseTransition:
                parts.append(String(format: "the long run favours a phase transition (%@) over one hyperbola by ΔBIC %.1f", rival, margin))
            case .stableDynamics:
                parts.append(String(format: "the long run favours one hyperbola over %@ by ΔBIC %.1f", rival, margin))
            }
            if answer.longRunDependsOnCap { parts[parts.count - 1] += " (a smaller cap on breaks reverses it)" }
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
                let text = ReadingWords(reading).tally
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
