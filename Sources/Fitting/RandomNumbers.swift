import Foundation

/// SplitMix64 (Steele, Lea & Flood 2014; Vigna's reference `splitmix64.c`): a 64-bit counter with
/// increment γ = 0x9E3779B97F4A7C15 passed through a bijective mixing function. Used only to expand
/// a seed into the 256-bit state of `Xoshiro256StarStar`, as Vigna recommends.
struct SplitMix64 {
    var state: UInt64

    /// The output (finaliser) function of SplitMix64: a bijection of UInt64 that scrambles its
    /// input thoroughly (each input bit affects every output bit).
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }
}

/// xoshiro256** 1.0 (Blackman & Vigna 2021, "Scrambled linear pseudorandom number generators",
/// ACM TOMS 47(4); reference code at prng.di.unimi.it): 256 bits of state, period 2^256 - 1, passes
/// BigCrush and PractRand, a few nanoseconds per draw. Not cryptographic.
///
/// Seeding follows the authors' advice: the four state words are the first four outputs of
/// SplitMix64 started at the seed, so that nearby seeds give unrelated states.
///
/// **Independent streams.** Resampling code must give the same numbers whatever the thread count,
/// so each replicate draws from its own stream, `init(seed:stream:)`, rather than from one shared
/// sequence. The stream's SplitMix64 start is `mix(seed ^ mix(stream))`: for a fixed seed this map is
/// a bijection of the stream index (a composition of bijections), so distinct replicates always get
/// distinct, thoroughly scrambled starting points. Two streams could share state only if their
/// 256-bit states landed within a few draws of each other on a cycle of length 2^256 - 1, which for
/// scrambled starts has probability of order (draws × streams²) / 2^256: negligible. (The generator's
/// `jump()` would guarantee disjoint streams, but reaching stream k costs k jumps.)
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable, Equatable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A generator whose state is the first four SplitMix64 outputs from `seed`.
    public init(seed: UInt64) {
        var expander = SplitMix64(state: seed)
        s0 = expander.next()
        s1 = expander.next()
        s2 = expander.next()
        s3 = expander.next()
    }

    /// Stream number `stream` of `seed` (see the type's documentation): use the replicate index as
    /// the stream so each replicate's draws depend only on (seed, index).
    public init(seed: UInt64, stream: UInt64) {
        self.init(seed: SplitMix64.mix(seed ^ SplitMix64.mix(stream)))
    }

    /// A generator with the given raw state (not all zero), to check against the reference vectors.
    init(state: (UInt64, UInt64, UInt64, UInt64)) {
        (s0, s1, s2, s3) = state
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    /// A uniform double in [0, 1): the top 53 bits of one draw times 2^-53, so every value is an
    /// exact multiple of 2^-53 (Vigna's recommended conversion).
    @inline(__always)
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in 0..<bound, without modulo bias, by Lemire's multiply-and-reject method
    /// ("Fast random integer generation in an interval", ACM TOMACS 29(1), 2019). Written out here,
    /// rather than using `Int.random(in:using:)`, so that the numbers cannot change with the
    /// standard library's implementation. `bound` must be positive.
    @inline(__always)
    public mutating func nextIndex(below bound: Int) -> Int {
        let n = UInt64(bound)
        var product = next().multipliedFullWidth(by: n)
        if product.low < n {
            let threshold = (0 &- n) % n
            while product.low < threshold { product = next().multipliedFullWidth(by: n) }
        }
        return Int(product.high)
    }
}

/// Standard normal deviates by Marsaglia's polar method (Marsaglia & Bray 1964, SIAM Review 6(3);
/// Knuth TAOCP vol. 2, §3.4.1 algorithm P): draw (u, v) uniform on the square (-1, 1)², reject
/// unless 0 < s = u² + v² < 1 (acceptance π/4), then u·√(-2 ln s / s) and v·√(-2 ln s / s) are two
/// independent N(0, 1) deviates. The second is kept for the next call. Exact (no tabulated
/// approximation as in the ziggurat); its cost, one log and one sqrt per pair, is negligible beside
/// a refit. Values are bit-for-bit reproducible on one platform; across platforms they can differ
/// in the last bit where the C library's `log` differs.
public struct StandardNormalSampler: Sendable {
    private var spare: Double?

    public init() {}

    public mutating func next(using generator: inout Xoshiro256StarStar) -> Double {
        if let value = spare {
            spare = nil
            return value
        }
        var u: Double, v: Double, s: Double
        repeat {
            u = 2 * generator.nextUniform() - 1
            v = 2 * generator.nextUniform() - 1
            s = u * u + v * v
        } while s >= 1 || s == 0
        let factor = (-2 * Foundation.log(s) / s).squareRoot()
        spare = v * factor
        return u * factor
    }
}
