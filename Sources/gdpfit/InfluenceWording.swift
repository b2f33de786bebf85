import Foundation
import GrowthModels

/// The influence flags of `gdpfit test` in words: one line per era verdict that one observation
/// flips, naming the observation, or one line saying that none does.
enum InfluenceWording {
    static func sentences(_ influence: DatasetInfluence) -> [String] {
        let flipped = influence.flipped
        guard !flipped.isEmpty else {
            return ["influence: no single observation, left out, flips an era's verdict (growth or level form)"]
        }
        return flipped.map { era in
            let observations = era.flips.map { flip in
                "\(YearText.format(flip.year)) (y = \(NumberFormat.significant(flip.value, digits: 4))"
                    + (influence.unit.isEmpty ? "" : " \(influence.unit)") + ") to " + verdict(flip.verdict, form: era.form)
                    + margin(flip.verdict, form: era.form)
            }
            return "influence: \(era.form.rawValue) form, \(era.era.name) (\(era.era.range)): \(verdict(era.verdict, form: era.form))"
                + margin(era.verdict, form: era.form) + " flips when one observation is left out: "
                + observations.joined(separator: "; ")
        }
    }

    private static func verdict(_ point: EraVerdictPoint, form: ModelForm) -> String {
        switch form {
        case .growth: return point.reading.map { DebateWording.ReadingWords($0).cell } ?? "not graded"
        case .level: return point.preferred?.rawValue ?? "not graded"
        }
    }

    /// "(B = 0.31, ΔBIC of constant growth 5.2)" or "(ΔBIC exponential − hyperbola 24.0)".
    private static func margin(_ point: EraVerdictPoint, form: ModelForm) -> String {
        let delta = NumberFormat.fixed(point.deltaBIC, decimals: 1)
        switch form {
        case .growth: return " (B = \(NumberFormat.significant(point.exponent, digits: 3)), ΔBIC of constant growth \(delta))"
        case .level: return " (ΔBIC exponential − hyperbola \(delta))"
        }
    }
}
