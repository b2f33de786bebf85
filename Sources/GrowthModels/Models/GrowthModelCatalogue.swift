/// The built-in least-squares growth models: one line per model, in the order tables list them
/// (within a form, simplest first). Adding a model is a new file conforming to `GrowthModel` and one
/// line here.
///
/// Roodman's stochastic hyperbolic model is not here: it is fitted by maximum likelihood of y's
/// transition densities, a different response, so it is never ranked against these by AIC or BIC
/// (see Stochastic/).
public enum GrowthModelCatalogue {
    public static let all: [any GrowthModel] = [
        ExponentialModel(),
        HyperbolicModel(),
        ProportionalHyperbolicModel(),
        ConstantGrowthModel(),
        LinearGrowthModel(),
        PowerGrowthModel(),
        PowerGrowthDriftModel(),
        ProportionalGrowthModel(),
    ]

    private static let byID: [GrowthModelID: any GrowthModel] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.id, $0) })

    /// The model with this identity.
    public static func model(_ id: GrowthModelID) -> (any GrowthModel)? { byID[id] }

    /// The model users name on the command line, or nil.
    public static func model(named name: String) -> (any GrowthModel)? { byID[GrowthModelID(rawValue: name)] }

    /// The models of a form, in table order.
    public static func models(of form: ModelForm) -> [any GrowthModel] { all.filter { $0.form == form } }

    /// Every model's name, in table order.
    public static var names: [String] { all.map(\.id.rawValue) }
}
