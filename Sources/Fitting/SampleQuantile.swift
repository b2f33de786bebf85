/// The type-7 sample quantile of an ascending array (Hyndman & Fan 1996; numpy's and R's default):
/// linear interpolation between the order statistics at position (n - 1)u.
///
/// Infinite values are allowed (a simulated path that has exploded, a draw under which an event
/// never happens): where the position falls exactly on an order statistic, or both neighbours are
/// equal, that value is returned as is, so +∞ never meets +∞ in a subtraction and gives NaN.
///
/// - Parameters:
///   - values: ascending, non-empty.
///   - u: the probability, in [0, 1].
public func typeSevenQuantile(sorted values: [Double], _ u: Double) -> Double {
    let position = Double(values.count - 1) * u
    let below = Int(position.rounded(.down))
    let above = min(below + 1, values.count - 1)
    let fraction = position - Double(below)
    if fraction == 0 || values[above] == values[below] { return values[below] }
    return values[below] + fraction * (values[above] - values[below])
}
