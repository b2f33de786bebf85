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
            let breaks = phase.breakYears.map(BreaksRendering.breakYear).joined(separator: ", ")
            let reading = switch phase.preferred {
            case .phaseTransition: "phase transition"
            case .stableDynamics: "stable dynamics (hyperbolic)"
            }
            var sentence = "whole window: \(reading) preferred (ΔBIC \(oneDecimal(phase.margin.deltaBIC)), "
                + "\(phase.margin.strength.rawValue)) against the \(rivalName(phase.rival)) with "
                + "\(phase.breakYears.count) break\(phase.breakYears.count == 1 ? "" : "s")"
                + (breaks.isEmpty ? "" : " at \(breaks)")
                + " (K = \(phase.rivalParameterCount) against the hyperbola's \(phase.hyperbolicParameterCount); "
                + "break count by the modified BIC, which charges each searched year)"
            if phase.capSensitivity.count > 1 {
                sentence += "; by cap on breaks: " + phase.capSensitivity.map {
                    "at most \($0.cap) → \($0.breakCount) break\($0.breakCount == 1 ? "" : "s"), ΔBIC \(oneDecimal($0.deltaBIC))"
                }.joined(separator: ", ")
            }
            for other in phase.otherRivals {
                let years = other.breakYears.map(BreaksRendering.breakYear).joined(separator: " and ")
                let side = other.deltaBIC.deltaBIC > 0 ? "preferred to" : "loses to"
                sentence += "; the \(rivalName(other.kind))" + (other.kind == .fixedTransitionPath ? " at \(years)" : "")
                    + " (K = \(other.parameterCount)) \(side) the hyperbola by ΔBIC \(oneDecimal(abs(other.deltaBIC.deltaBIC))) "
                    + "(\(other.deltaBIC.strength.rawValue))"
            }
            for note in phase.notes { sentence += "; \(note)" }
            lines.append(sentence)
        }
        return lines
    }

    /// The phase-transition rivals in words.
    static func rivalName(_ kind: StableVersusPhase.RivalKind) -> String {
        switch kind {
        case .continuousPath: "continuous path (break years searched exactly)"
        case .fixedTransitionPath: "continuous path with transitions fixed in advance"
        case .twoExponentialModes: "sum of 2 exponential modes"
        case .threeExponentialModes: "sum of 3 exponential modes"
        case .discontinuousGrowthModes: "discontinuous growth-mode path (by BIC)"
        }
    }

    /// The growth form answers the debate's question directly: how B of g = s y^B sits against 0
    /// and 1, and the margin of the best law over constant growth. The model ranked first by BIC
    /// follows, without a label of its own margin.
    private static func growthSentence(_ verdict: EraVerdict) -> String {
        guard let model = verdict.preferred else { return unavailable(verdict) }
        guard !verdict.tooFewToGrade else { return tooFew(verdict) }
        var parts: [String] = []
        if let test = verdict.proportionality {
            parts.append("\(DebateWording.ReadingWords(test.reading).verdict) (\(exponent(test)))")
        } else if model == .constantGrowth {
            parts.append("constant growth")
        } else {
            parts.append(verdict.growthRisesWithLevel == true ? "growth rising with the level" : "growth falling with the level")
        }
        if let margin = verdict.againstConstantGrowth {
            let side = margin.deltaBIC >= 0 ? "against constant growth" : "for constant growth"
            parts.append("\(side) ΔBIC \(oneDecimal(abs(margin.deltaBIC))) (\(margin.strength.rawValue))")
        }
        parts.append("best by BIC: \(model)")
        return parts.joined(separator: "; ")
    }

    /// "B = 0.307, 95% profile interval 0.104 to 0.523; B = 0: LR p = 0.003; B = 1: LR p = 2.1e-06".
    static func exponent(_ test: ProportionalityTest) -> String {
        let percent = String(format: "%.0f%%", test.confidenceLevel * 100)
        let interval = "\(test.lower.map { String(format: "%.3g", $0) } ?? "open") to \(test.upper.map { String(format: "%.3g", $0) } ?? "open")"
        return "B = \(String(format: "%.3g", test.exponent)), \(percent) profile interval \(interval); "
            + "B = 0: LR p = \(NumberFormat.pValue(test.constantGrowthTest.pValue)); "
            + "B = 1: LR p = \(NumberFormat.pValue(test.proportionalGrowthTest.pValue))"
    }

    private static func levelSentence(_ verdict: EraVerdict) -> String {
        guard let model = verdict.preferred else { return unavailable(verdict) }
        guard !verdict.tooFewToGrade else { return tooFew(verdict) }
        let reading = switch model {
        case .hyperbolic: "hyperbolic (free k: curvature of ln y)"
        case .proportionalHyperbolic: "proportional-hyperbolic (k = 1: growth proportional to the level)"
        default: model.rawValue
        }
        var sentence = "\(reading) preferred"
        if !verdict.marginsOverOthers.isEmpty {
            sentence += "; ΔBIC over " + verdict.marginsOverOthers.map {
                "\($0.model) \(oneDecimal($0.margin.deltaBIC)) (\($0.margin.strength.rawValue))"
            }.joined(separator: ", ")
        }
        if let exponent = verdict.hyperbolaImpliedExponent, exponent.value.isFinite {
            sentence += String(format: "; the free hyperbola implies B = 1/k = %.3g", exponent.value)
            if exponent.standardError.isFinite {
                let half = 1.959963984540054 * exponent.standardError
                sentence += String(format: " (95%% delta-method interval %.3g to %.3g)", exponent.value - half, exponent.value + half)
            }
        }
        if let p = verdict.bootstrapPValue {
            sentence += "; bootstrap test of exponential against hyperbolic p \(NumberFormat.monteCarloPValue(p.value, atFloor: p.isAtFloor)) "
                + "(\(p.replicates) replicates" + (p.isAtFloor ? ", its floor" : String(format: ", MC SE %.2g", p.monteCarloStandardError)) + ")"
        }
        return sentence
    }

    private static func margin(_ margin: BICMargin?) -> String {
        guard let margin else { return "" }
        return " (ΔBIC \(oneDecimal(margin.deltaBIC)) to the next model, \(margin.strength.rawValue))"
    }

    /// An era whose models have fewer than 3 residual degrees of freedom: its numbers stay in the
    /// tables, but no verdict is read from them.
    private static func tooFew(_ verdict: EraVerdict) -> String {
        "too few observations to grade (\(verdict.observations) observations; a model compared has fewer than "
            + "\(FormComparison.minimumResidualDegreesOfFreedom) residual degrees of freedom)"
    }

    private static func unavailable(_ verdict: EraVerdict) -> String {
        "no comparison (\(verdict.observations) observations" + (verdict.reasonUnavailable.map { "; \($0)" } ?? "") + ")"
    }

    /// ΔBIC as the verdicts print it: one decimal.
    private static func oneDecimal(_ x: Double) -> String { String(format: "%.1f", x) }
}
