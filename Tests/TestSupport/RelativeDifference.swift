/// |a - b| / max(|a|, |b|), and 0 when both are 0: the tolerance measure for comparing a computed
/// number with a reference script's. NaN when either is NaN, so a NaN never passes a `<` check.
public func relativeDifference(_ a: Double, _ b: Double) -> Double {
    if a == b { return 0 }
    return abs(a - b) / max(abs(a), abs(b))
}
