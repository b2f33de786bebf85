import Foundation
import Fitting

/// The plain-words reading of a hypothesis-test result. Each sentence carries the numbers behind it
/// (ΔBIC with its Kass & Raftery 1995 reading, the bootstrap p-value), so that a reader can check it.
enum Verdicts {
    static func of(_ result: HypothesisTestResult) -> [String] {
        var lines: [String] = []
        for comparison in result.growth {
            lines.append("growth form, \(comparison.era) (\(comparison.eraRange)): " + growthSentence(comparison))
        }
        for comparison in result.level {
            lines.append("level form, \(comparison.era) (\(comparison.eraRange)): " + levelSentence(comparison))
        }
        if let stable = result.stableVersusPhase {
            let breaks = stable.modes.breakYears.map(YearText.format).joined(separator: ", ")
            lines.append(
                "whole window: \(stable.preferred) preferred (ΔBIC \(format(abs(stable.deltaBIC))), "
                    + "\(ModelComparison.BICEvidence(deltaBIC: abs(stable.deltaBIC)).rawValue)); best growth-mode path has "
                    + "\(stable.modes.breakCount) break\(stable.modes.breakCount == 1 ? "" : "s")"
                    + (breaks.isEmpty ? "" : " at \(breaks)"))
        }
        return lines
    }

    private static func growthSentence(_ comparison: FormComparison) -> String {
        guard let (model, delta) = comparison.preferred else { return unavailable(comparison) }
        let reading: String
        switch model {
        case GrowthModelKind.constantGrowth.rawValue: reading = "constant growth"
        default:
            // The sign of dg/dy: b for g = a + b y; s·B for g = s y^B (+ d).
            let fit = comparison.fits.first { $0.model == model }
            let slope = fit?.parameter("b") ?? ((fit?.parameter("s") ?? 0) * (fit?.parameter("B") ?? 0))
            reading = slope > 0 ? "growth rising with the level (\(model))" : "growth falling with the level (\(model))"
        }
        return "\(reading) preferred" + margin(delta)
    }

    private static func levelSentence(_ comparison: FormComparison) -> String {
        guard let (model, delta) = comparison.preferred else { return unavailable(comparison) }
        var sentence = "\(model) preferred" + margin(delta)
        if let bootstrap = comparison.bootstrap, let p = bootstrap.pValue {
            sentence += "; bootstrap test of exponential against hyperbolic p = \(format(p, digits: 3)) "
                + "(\(bootstrap.succeeded) replicates)"
        }
        return sentence
    }

    private static func margin(_ delta: Double?) -> String {
        guard let delta else { return "" }
        return " (ΔBIC \(format(delta)) to the next model, \(ModelComparison.BICEvidence(deltaBIC: delta).rawValue))"
    }

    private static func unavailable(_ comparison: FormComparison) -> String {
        "no comparison (\(comparison.observations) observations"
            + (comparison.notes.first.map { "; \($0)" } ?? "") + ")"
    }

    static func format(_ x: Double, digits: Int = 2) -> String {
        if digits == 3 { return String(format: "%.3g", x) }
        return String(format: "%.1f", x)
    }
}
