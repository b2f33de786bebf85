import Foundation

/// A forward-mode dual number carrying a value and its gradient in four parameters, used to
/// differentiate the stochastic model's log-likelihood exactly (to rounding) without writing the
/// chain rule by hand. Each operation applies its derivative rule once: for f(u), ∇f = f'(u) ∇u.
/// The one non-elementary primitive, ln(e^(-z) I_ν(z)), is `logScaledBesselI`.
struct Dual4 {
    var value: Double
    var gradient: SIMD4<Double>

    init(_ value: Double, gradient: SIMD4<Double> = .zero) {
        self.value = value
        self.gradient = gradient
    }

    /// The independent variable number `index` (0-based) with value `value`.
    static func variable(_ value: Double, index: Int) -> Dual4 {
        var g = SIMD4<Double>.zero
        g[index] = 1
        return Dual4(value, gradient: g)
    }

    static func + (a: Dual4, b: Dual4) -> Dual4 { Dual4(a.value + b.value, gradient: a.gradient + b.gradient) }
    static func - (a: Dual4, b: Dual4) -> Dual4 { Dual4(a.value - b.value, gradient: a.gradient - b.gradient) }
    static prefix func - (a: Dual4) -> Dual4 { Dual4(-a.value, gradient: -a.gradient) }
    static func * (a: Dual4, b: Dual4) -> Dual4 {
        Dual4(a.value * b.value, gradient: b.value * a.gradient + a.value * b.gradient)
    }
    static func / (a: Dual4, b: Dual4) -> Dual4 {
        let q = a.value / b.value
        return Dual4(q, gradient: (a.gradient - q * b.gradient) / b.value)
    }
    static func + (a: Dual4, b: Double) -> Dual4 { Dual4(a.value + b, gradient: a.gradient) }
    static func - (a: Dual4, b: Double) -> Dual4 { Dual4(a.value - b, gradient: a.gradient) }
    static func * (a: Double, b: Dual4) -> Dual4 { Dual4(a * b.value, gradient: a * b.gradient) }
    static func / (a: Dual4, b: Double) -> Dual4 { Dual4(a.value / b, gradient: a.gradient / b) }

    /// Applies f with value f(u) and derivative f'(u).
    private func map(_ value: Double, _ derivative: Double) -> Dual4 {
        Dual4(value, gradient: derivative * gradient)
    }

    func exp() -> Dual4 { let e = Foundation.exp(value); return map(e, e) }
    func log() -> Dual4 { map(Foundation.log(value), 1 / value) }
    func expm1() -> Dual4 { map(Foundation.expm1(value), Foundation.exp(value)) }
    func log1p() -> Dual4 { map(Foundation.log1p(value), 1 / (1 + value)) }
    func squared() -> Dual4 { map(value * value, 2 * value) }
    /// |u|, with the derivative sign(u) (0 at u = 0).
    func magnitude() -> Dual4 { map(Swift.abs(value), value > 0 ? 1 : value < 0 ? -1 : 0) }
}
