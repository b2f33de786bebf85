import Fitting
import Foundation
@testable import GrowthModels
import Testing

/// Exact simulation of the Feller transition (FellerSampling.swift) against its law computed
/// independently by reference/feller_sampling_reference.py: scipy's noncentral χ² (Boost), for zero
/// reachable through the h-transform of the killed squared Bessel density, integrated by quadrature
/// (the script checks that it integrates to the survival probability P(c, λ)). One case per regime of
/// the sampler: inversion from k = 0, PTRS Poisson draws, the hyper-Poisson rejection with fractional
/// offsets f, cut at m, c above λ, a near-noiseless λ = 10⁶, and β ≠ 0.
///
/// 100,000 seeded draws per case. The absorbed share and the share below each reference quantile
/// must lie within 5 binomial standard errors of the reference probability, and the mean within 5
/// standard errors of the reference mean. A gamma shape one off misses the mean by more than 8
/// standard errors in every case with λ ≤ 200 (`aWrongSamplerFails` checks it); k drawn from the
/// plain Poisson law where f > 0 would miss it by about 9 at λ = 100, f = 0.4 (mean 2(λ + 1) = 202
/// against 201.2, standard error 0.09).
@Suite struct FellerSamplingTests {
    struct Case: Sendable {
        var alpha: Double, beta: Double, gammaSquared: Double, x0: Double, time: Double
        var absorbed: Double, mean: Double, sd: Double
        var quantiles: [(Double, Double)]
    }

    static let cases: [Case] = [
    // nu 0.5, lambda 3 (inversion)
    Case(alpha: 3.0, beta: 0.0, gammaSquared: 4.0, x0: 6.0, time: 1.0,
         absorbed: 0.0, mean: 9.0, sd: 5.477225575051661,
         quantiles: [(0.01, 0.7333879251882027), (0.05, 1.8926916872321249), (0.1, 2.827623232014565), (0.25, 4.920696218651692), (0.5, 8.052223396392389), (0.75, 12.051275816255405), (0.9, 16.402013669343), (0.95, 19.34873288355498), (0.99, 25.572516454669632)]),
    // nu 3, lambda 200 (PTRS)
    Case(alpha: 8.0, beta: 0.0, gammaSquared: 4.0, x0: 400.0, time: 1.0,
         absorbed: 0.0, mean: 408.0, sd: 40.19950248448356,
         quantiles: [(0.01, 318.9382130455363), (0.05, 343.61903719418615), (0.1, 357.1546139975583), (0.25, 380.35917468887703), (0.5, 407.0028956675179), (0.75, 434.5538597373184), (0.9, 460.1264241651537), (0.95, 475.7821758155506), (0.99, 505.85996942715485)]),
    // nu -0.4, lambda 2.5 (inversion, absorbing)
    Case(alpha: 1.2, beta: 0.0, gammaSquared: 4.0, x0: 5.0, time: 1.0,
         absorbed: 0.017983436954725374, mean: 6.195279518656144, sd: 4.738514854329745,
         quantiles: [(0.05, 0.44364740111405576), (0.1, 1.0466811889229801), (0.25, 2.6141366841890905), (0.5, 5.207519890607373), (0.75, 8.705119216550646), (0.9, 12.627836460241062), (0.95, 15.326835490996816), (0.99, 21.099909724288995)]),
    // nu -0.4, lambda 100 (rejection, f 0.4)
    Case(alpha: 1.2, beta: 0.0, gammaSquared: 4.0, x0: 200.0, time: 1.0,
         absorbed: 0.0, mean: 201.19999999999996, sd: 28.326665882168495,
         quantiles: [(0.01, 139.79559102457688), (0.05, 156.3701266100917), (0.1, 165.5854499516054), (0.25, 181.5728101727935), (0.5, 200.20016708550077), (0.75, 219.73724540244578), (0.9, 238.09908535034063), (0.95, 249.44039077694873), (0.99, 271.42671691952876)]),
    // nu -2.7, lambda 40 (rejection, m 2, f 0.7)
    Case(alpha: -3.4000000000000004, beta: 0.0, gammaSquared: 4.0, x0: 80.0, time: 1.0,
         absorbed: 1.5543122344752192e-15, mean: 76.59999999999994, sd: 17.69745744450335,
         quantiles: [(0.01, 40.021224054513276), (0.05, 49.30657583317223), (0.1, 54.64112809012026), (0.25, 64.1509124224811), (0.5, 75.59049985437206), (0.75, 87.94851311621126), (0.9, 99.85564698652243), (0.95, 107.33684541549832), (0.99, 122.08741677802679)]),
    // nu -6, lambda 50 (truncated Poisson)
    Case(alpha: -10.0, beta: 0.0, gammaSquared: 4.0, x0: 100.0, time: 1.0,
         absorbed: 5.551115123125783e-16, mean: 90.00000000000026, sd: 19.49358868961739,
         quantiles: [(0.01, 49.280296198194364), (0.05, 59.76198295853272), (0.1, 65.73930433367215), (0.25, 76.33019716643429), (0.5, 88.98047324822224), (0.75, 102.55822810878084), (0.9, 115.570215412095), (0.95, 123.71558674161258), (0.99, 139.71760621418537)]),
    // nu -35, lambda 36 (rejection, m 35)
    Case(alpha: -68.0, beta: 0.0, gammaSquared: 4.0, x0: 72.0, time: 1.0,
         absorbed: 0.4114966835517727, mean: 6.997578702884053, sd: 9.330111090280484,
         quantiles: [(0.5, 2.6893268696333035), (0.75, 11.569934112441429), (0.9, 20.52274911877174), (0.95, 26.30370865647362), (0.99, 37.98398594283235)]),
    // nu -45, lambda 40 (inversion, c above lambda)
    Case(alpha: -88.0, beta: 0.0, gammaSquared: 4.0, x0: 80.0, time: 1.0,
         absorbed: 0.7656849472121782, mean: 2.08234228771784, sd: 5.345458889241096,
         quantiles: [(0.9, 8.168192701249978), (0.95, 13.917037019739837), (0.99, 25.570920381896343)]),
    // nu -0.5, lambda 1e4 (rejection, f 0.5)
    Case(alpha: 1.0, beta: 0.0, gammaSquared: 4.0, x0: 20000.0, time: 1.0,
         absorbed: 0.0, mean: 20001.00000000001, sd: 282.846247986112,
         quantiles: [(0.01, 19347.421351577777), (0.05, 19537.470681983425), (0.1, 19639.164853440423), (0.25, 19809.680425941337), (0.5, 20000.0), (0.75, 20191.22944690495), (0.9, 20364.119895389882), (0.95, 20467.940404924775), (0.99, 20663.40243728404)]),
    // nu 2000, lambda 1e6 (PTRS, near-noiseless)
    Case(alpha: 4002.0, beta: 0.0, gammaSquared: 4.0, x0: 2000000.0, time: 1.0,
         absorbed: 0.0, mean: 2004002.0, sd: 2829.8416916852434,
         quantiles: [(0.01, 1997423.2150424453), (0.05, 1999349.0301860215), (0.1, 2000376.0545630022), (0.25, 2002092.7561406475), (0.5, 2004001.000333084), (0.75, 2005910.1540953028), (0.9, 2007629.229757899), (0.95, 2008658.3797647087), (0.99, 2010589.605807351)]),
    // beta -0.002, absorbing, x0 0.3, t 40
    Case(alpha: -0.001, beta: -0.002, gammaSquared: 0.0004, x0: 0.3, time: 40.0,
         absorbed: 9.747203044696562e-12, mean: 0.2833425864650189, sd: 0.07117999309433963,
         quantiles: [(0.01, 0.1372358561668764), (0.05, 0.17396377717799588), (0.1, 0.19518114519776306), (0.25, 0.23316590278962376), (0.5, 0.27907208594756855), (0.75, 0.3288627021000195), (0.9, 0.3769882147559972), (0.95, 0.40728749084386895), (0.99, 0.46714459412213255)]),
    ]

    static let draws = 100_000

    /// The draws of X_t (0 when absorbed) of one case, path k from stream k of seed 2024.
    static func sample(_ c: Case, count: Int = draws) -> [Double] {
        let feller = FellerDiffusion(alpha: c.alpha, beta: c.beta, gammaSquared: c.gammaSquared)
        var generator = Xoshiro256StarStar(seed: 2024, stream: 0)
        var normal = StandardNormalSampler()
        return (0..<count).map { _ in
            exp(feller.sampleLog(logX0: log(c.x0), time: c.time, generator: &generator, normal: &normal))
        }
    }

    /// How far (in standard errors) the draws are from the reference law: the largest of the
    /// absorbed share's, each quantile's share's and the mean's deviation.
    static func worstDeviation(_ draws: [Double], _ c: Case) -> (worst: Double, mean: Double) {
        let n = Double(draws.count)
        func binomial(_ share: Double, _ p: Double) -> Double {
            abs(share - p) / max((p * (1 - p) / n).squareRoot(), 1e-12)
        }
        var worst = 0.0
        let absorbedShare = Double(draws.filter { $0 == 0 }.count) / n
        if c.absorbed > 1e-9 { worst = max(worst, binomial(absorbedShare, c.absorbed)) } else { worst = max(worst, absorbedShare * n) }
        for (p, q) in c.quantiles {
            worst = max(worst, binomial(Double(draws.filter { $0 <= q }.count) / n, p))
        }
        let mean = draws.reduce(0, +) / n
        let meanDeviation = abs(mean - c.mean) / (c.sd / n.squareRoot())
        return (max(worst, meanDeviation), meanDeviation)
    }

    @Test(arguments: 0..<cases.count)
    func drawsFollowTheNoncentralChiSquareLaw(index: Int) {
        let c = Self.cases[index]
        let draws = Self.sample(c)
        #expect(draws.allSatisfy { $0.isFinite && $0 >= 0 })
        let deviation = Self.worstDeviation(draws, c)
        print("Feller sampling case \(index): worst deviation \(deviation.worst) SE, mean \(deviation.mean) SE")
        #expect(deviation.worst < 5, "case \(index): \(deviation)")
    }

    /// The test above has power: draws of a deliberately wrong law (the gamma shape one too large,
    /// i.e. k + 2 + max(ν, 0)) fail it by more than 8 standard errors in every case with λ ≤ 200.
    @Test func aWrongSamplerFails() {
        for c in Self.cases where 2 * c.x0 / (c.gammaSquared * c.time) <= 200 && c.beta == 0 {
            let feller = FellerDiffusion(alpha: c.alpha, beta: c.beta, gammaSquared: c.gammaSquared)
            var generator = Xoshiro256StarStar(seed: 2024, stream: 0)
            var normal = StandardNormalSampler()
            let logLambda = log(c.x0) - log(2.0) - feller.logClock(c.time)
            let draws = (0..<Self.draws).map { _ -> Double in
                guard let k = feller.mixtureComponent(logLambda: logLambda, generator: &generator), k >= 0 else { return 0 }
                let g = FellerDiffusion.gammaDeviate(shape: Double(k) + 2 + max(feller.index, 0), generator: &generator, normal: &normal)
                return 2 * g * exp(feller.logClock(c.time) - c.beta * c.time)
            }
            #expect(Self.worstDeviation(draws, c).worst > 8)
        }
    }

    /// Poisson draws (inversion below λ = 10, PTRS above) against the Poisson law's own mean and
    /// variance (λ, λ), and Loader's log probability against lgamma where lgamma is exact enough.
    @Test(arguments: [0.3, 9.5, 10.5, 57.0, 1e6])
    func poissonDrawsHaveTheirMeanAndVariance(mean λ: Double) throws {
        var generator = Xoshiro256StarStar(seed: 7, stream: 1)
        let n = 100_000
        var draws: [Double] = []
        for _ in 0..<n { draws.append(Double(try #require(PoissonDistribution.sample(mean: λ, using: &generator)))) }
        let mean = draws.reduce(0, +) / Double(n)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        #expect(abs(mean - λ) < 5 * (λ / Double(n)).squareRoot(), "mean \(mean)")
        // Var of the sample variance ≈ (μ₄ - σ⁴)/n = (λ + 2λ²)/n for the Poisson law.
        #expect(abs(variance - λ) < 5 * ((λ + 2 * λ * λ) / Double(n)).squareRoot(), "variance \(variance)")
        for k in [0.0, 1, 7, 30, 200] {
            #expect(abs(PoissonDistribution.logProbability(k, mean: λ) - (-λ + k * log(λ) - lgamma(k + 1))) < 1e-9 * max(1, λ))
        }
    }
}
