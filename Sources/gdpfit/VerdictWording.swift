import Foundation
import Fitting
import GrowthModels

/// The hypothesis test's verdicts in plain words, each sentence with the numbers behind it (ΔBIC
/// with its Kass & Raftery 1995 reading, the bootstrap p-value), so that a reader can check it.
/// The library gives the verdicts as values (`HypothesisVerdicts`); this is the one place they
/// become English.
enum VerdictWording {
    static func sentences(_ verdicts: HypothesisVerdicts) -> [String] {
        var lines: [String] = []
        for verdict in verdicts.growth {
            lines.append("growth form, \(verdict.era.name) (\(verdict.era.range)): " + growthSentence(verdict))
        }
        for verdict in verdicts.level {
            lines.append("level form, \(verdict.era.name) (\(verdict.era.range)): " + levelSentence(verdict))
        }
        if let phase = verdicts.phase {
            let breaks = phase.breakYears.map(YearText.format).joined(separator: ", ")
            let reading = switch phase.preferred {
            case .phaseTransition: "phase transition"
            case .stableDynamics: "stable dynamics (hyperbolic)"
            }
            lines.append(
                "whole window: \(reading) preferred (ΔBIC \(oneDecimal(phase.margin.deltaBIC)), "
                    + "\(phase.margin.strength.rawValue)); best growth-mode path has "
                    + "\(phase.breakYears.count) break\(phase.breakYears.count == 1 ? "" : "s")"
                    + (breaks.isEmpty ? "" : " at \(breaks)"))
        }
        return lines
    }

    private static func growthSentence(_ verdict: EraVerdict) -> String {
        guard let model = verdict.preferred else { return unavailable(verdict) }
        let reading = if model == .constantGrowth {
            "constant growth"
        } else if verdict.growthRisesWithLevel == true {
            "growth rising with the level (\(model))"
        } else {
            "growth falling with the level (\(model))"
        }
        return "\(reading) preferred" + margin(verdict.margin)
    }

    private static func levelSentence(_ verdict: EraVerdict) -> String {
        guard let model = verdict.preferred else { return unavailable(verdict) }
        var sentence = "\(model) preferred" + margin(verdict.margin)
        if let p = verdict.bootstrapPValue {
            sentence += "; bootstrap test of exponential against hyperbolic p = \(String(format: "%.3g", p.value)) "
                + "(\(p.replicates) replicates)"
        }
        return sentence
    }

    private static func margin(_ margin: BICMargin?) -> String {
        guard let margin else { return "" }
        return " (ΔBIC \(oneDecimal(margin.deltaBIC)) to the next model, \(margin.strength.rawValue))"
    }

    private static func unavailable(_ verdict: EraVerdict) -> String {
        "no comparison (\(verdict.observations) observations" + (verdict.reasonUnavailable.map { "; \($0)" } ?? "") + ")"
    }

    /// ΔBIC as the verdicts print it: one decimal.
    private static func oneDecimal(_ x: Double) -> String { String(format: "%.1f", x) }
}
