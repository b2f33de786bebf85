import Foundation
import Fitting

/// A margin in BIC and its strength on Kass & Raftery's (1995) scale.
public struct BICMargin: Sendable, Equatable {
    public var deltaBIC: Double
    public var strength: ModelComparison.BICEvidence

    /// The strength is read from |ΔBIC|: a negative margin is evidence the other way.
    public init(_ deltaBIC: Double) {
        self.deltaBIC = deltaBIC
        strength = ModelComparison.BICEvidence(deltaBIC: abs(deltaBIC))
    }
}

/// What one era's comparison of one form says: the model preferred by BIC and by how much, as
/// values the command line words. The library builds no sentences.
public struct EraVerdict: Sendable, Equatable {
    public var form: ModelForm
    public var era: Era
    public var observations: Int
    /// The model with the smallest BIC; nil when no comparison was possible.
    public var preferred: GrowthModelID?
    /// Growth form: whether the preferred law's growth rises with the level (nil: constant growth,
    /// or a law without a sign).
    public var growthRisesWithLevel: Bool?
    /// ΔBIC from the preferred model to the next one.
    public var margin: BICMargin?
    /// Every other converged model's BIC minus the preferred one's, in table order.
    public var marginsOverOthers: [ModelMargin] = []

    /// Another model and the preferred model's margin over it.
    public struct ModelMargin: Sendable, Equatable {
        public var model: GrowthModelID
        public var margin: BICMargin
    }
    /// Growth form: BIC(constant growth) minus the smallest BIC of the other laws, the margin that
    /// matters to the debate (positive: a law in which growth depends on the level beats constant
    /// growth).
    public var againstConstantGrowth: BICMargin?
    /// Growth form: how B sits against 0 and 1 (`ProportionalityTest`).
    public var proportionality: ProportionalityTest?
    /// Level form: the parametric bootstrap of exponential against hyperbolic.
    public var bootstrapPValue: MonteCarloPValue?
    /// Level form: the exponent B = 1/k that the free hyperbola implies (growth proportional to y^B),
    /// with its delta-method standard error, when the hyperbola converged.
    public var hyperbolaImpliedExponent: DerivedQuantity?
    /// Why there is no comparison: the era's first note, if any.
    public var reasonUnavailable: String?
    /// Some model compared has fewer than `FormComparison.minimumResidualDegreesOfFreedom` residual
    /// degrees of freedom: the numbers are reported, but the era is not graded.
    public var tooFewToGrade: Bool = false

    init(_ comparison: FormComparison) {
        form = comparison.form
        era = comparison.era
        observations = comparison.observations
        guard let (model, delta) = comparison.preferred else {
            reasonUnavailable = comparison.notes.first
            return
        }
        preferred = model
        tooFewToGrade = !comparison.isGradable
        marginsOverOthers = (comparison.comparison?.entries ?? []).filter { $0.deltaBIC > 0 }
            .map { ModelMargin(model: GrowthModelID(rawValue: $0.model), margin: BICMargin($0.deltaBIC)) }
        margin = delta.map(BICMargin.init)
        proportionality = comparison.proportionality
        againstConstantGrowth = comparison.deltaBICAgainstConstantGrowth.map(BICMargin.init)
        if let fit = comparison.fits.first(where: { $0.isModel(model) }), let law = fit.builtInModel {
            growthRisesWithLevel = law.growthRisesWithLevel(fit.fit.parameters)
        }
        bootstrapPValue = comparison.bootstrap?.monteCarloPValue
        if comparison.form == .level, let hyperbola = comparison.fits.converged(.hyperbolic) {
            hyperbolaImpliedExponent = hyperbola.derived.first { $0.name == "implied_B" }
        }
    }
}

/// Over the whole window: stable dynamics (one hyperbola) against a phase transition (the
/// continuous path with its break count chosen by the modified BIC), and the other rivals' margins.
public struct PhaseVerdict: Sendable, Equatable {
    public var preferred: StableVersusPhase.Reading
    /// |ΔBIC| between the two (BIC of the hyperbola against the path's modified BIC).
    public var margin: BICMargin
    /// The rival the verdict used, its break years and K.
    public var rival: StableVersusPhase.RivalKind
    public var breakYears: [Double]
    public var hyperbolicParameterCount: Int
    public var rivalParameterCount: Int
    /// Every other rival: BIC(hyperbolic) minus its criterion (positive favours it), its years and K.
    public var otherRivals: [OtherRival]
    /// The break count and margin with each cap on the number of breaks, caps 0 to `maxBreaks`.
    public var capSensitivity: [CapMargin]
    /// Rivals that could not be fitted, and why (`StableVersusPhase.notes`).
    public var notes: [String]

    public struct OtherRival: Sendable, Equatable {
        public var kind: StableVersusPhase.RivalKind
        public var deltaBIC: BICMargin
        public var breakYears: [Double]
        public var parameterCount: Int
    }

    public struct CapMargin: Sendable, Equatable {
        public var cap: Int
        public var breakCount: Int
        public var deltaBIC: Double
    }

    /// The pre-specified two-transition path among the other rivals, if it was fitted.
    public var transitionPath: OtherRival? { otherRivals.first { $0.kind == .fixedTransitionPath } }

    init(_ stable: StableVersusPhase) {
        preferred = stable.preferred
        margin = BICMargin(abs(stable.deltaBIC))
        rival = stable.rival.kind
        breakYears = stable.rival.breakYears
        hyperbolicParameterCount = stable.hyperbolicParameterCount
        rivalParameterCount = stable.rival.parameterCount
        otherRivals = stable.rivals.dropFirst().map {
            OtherRival(kind: $0.kind, deltaBIC: BICMargin($0.deltaBIC), breakYears: $0.breakYears, parameterCount: $0.parameterCount)
        }
        capSensitivity = stable.capSensitivity.map { CapMargin(cap: $0.cap, breakCount: $0.breakCount, deltaBIC: $0.deltaBIC) }
        notes = stable.notes
    }
}

/// Every verdict of one hypothesis test: per era, growth form then level form, and over the window.
public struct HypothesisVerdicts: Sendable, Equatable {
    public var growth: [EraVerdict]
    public var level: [EraVerdict]
    public var phase: PhaseVerdict?

    init(growth: [FormComparison], level: [FormComparison], stableVersusPhase: StableVersusPhase?) {
        self.growth = growth.map(EraVerdict.init)
        self.level = level.map(EraVerdict.init)
        phase = stableVersusPhase.map(PhaseVerdict.init)
    }
}
