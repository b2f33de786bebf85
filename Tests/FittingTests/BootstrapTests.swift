import Foundation
import Testing
@testable import Fitting

/// Reference numbers: Tests/FittingTests/reference/bootstrap_intervals.py (scipy.stats.bootstrap and
/// numpy). Statistical checks state their own tolerance and why.
@Suite struct BootstrapTests {
    // MARK: interval arithmetic, exactly as scipy.stats.bootstrap

    static let sample: [Double] = [
        0.18413256735377503, 0.6450270693873458, 4.690218692461341, 0.4185586661538189,
        0.5110474441286947, 1.3228042567712646, 1.4543080937117472, 0.19933150279027786,
        1.884015876012904, 1.5613799847789471, 0.13266694883854152, 2.947594031515434,
        1.065129189343246, 0.10031532401068222, 1.6698318336448699,
    ]
    /// scipy's bootstrap distribution of the mean (B = 199, rng = default_rng(7)).
    static let scipyDistribution: [Double] = [
        0.7713209352050014, 0.8657443829816722, 1.5353296776244438, 1.1658842459447982,
        0.9016425823843008, 1.5030672698913754, 0.9212165072947339, 1.4998580751133472,
        1.4794244167331698, 0.6813299651574877, 1.6304622306875503, 1.3765949580565924,
        0.9743411410581089, 0.8422608280559711, 0.981305402555726, 1.8836777399112816,
        1.3728084336885726, 1.6628296003553722, 1.4432633629181535, 1.1893912452166124,
        1.259542994473629, 1.143060627269556, 1.4582952631713182, 1.192532577111863,
        0.8623511231262326, 1.3212916043943759, 1.0757305257725387, 1.193017661002745,
        1.392413547600437, 1.6457337307451114, 0.9226437030877637, 1.7392272984120594,
        1.8332774551995803, 0.7980664853180984, 1.8556816668163867, 0.9790981704857218,
        1.311505544569239, 1.0713302211412339, 1.6032080956866914, 1.572390429154941,
        1.9456528290480966, 1.1781937613326905, 1.5740987173017027, 1.223809483186364,
        1.954609796361655, 0.860255735411382, 0.9081063509473365, 1.935778817851578,
        1.017636161913366, 1.903892559416599, 1.19895035333976, 1.2865805709302511,
        1.4154710336266214, 1.4946007778846921, 1.431342728455553, 0.808757715539403,
        1.2555793366104337, 0.9052610490223711, 1.1715703770326067, 1.5924813002161777,
        1.3698156979408296, 1.6297936921724565, 1.1585291458106601, 1.4443495131508413,
        0.977477542911246, 0.963922010257921, 1.1517710599830964, 1.2685128008074456,
        1.296451064783903, 1.0770843204893827, 1.1241125698702736, 2.0516996176856006,
        1.2862149089876231, 1.9365922970295097, 1.2890698584962954, 2.2662877264078785,
        0.9596748569666028, 1.1714664152566372, 1.6048908254846352, 1.0047848809411437,
        1.3328605570102618, 1.0662115784686637, 1.4472090878052586, 0.7813507484427158,
        1.7724053482602264, 1.4558866458175184, 1.1421374291897168, 0.7344014822664519,
        1.5932556455273221, 0.8018152120630294, 0.8040941010213433, 1.4973186807078904,
        1.653384304666762, 1.5816426370859193, 2.28402785380596, 1.6183827264476767,
        1.5857246598906134, 1.2190696840689992, 1.7327606665981443, 1.2420850445261633,
        1.552916656829279, 1.1149317966918766, 1.3332727689090016, 1.6694713240559689,
        1.3267376873858991, 0.6793304152785642, 1.451329329664368, 1.0380461959056868,
        1.2933120133158396, 1.6146693519587993, 0.740078434097861, 1.567199414322739,
        1.5673355821265569, 1.6891715152007, 1.046853945332476, 1.2293709652915445,
        0.7178379803709327, 1.0925188672379653, 0.9454271193070124, 1.1507767299480658,
        0.9917541429707531, 1.5279504323958581, 0.7792537313720798, 0.7862760849801577,
        1.223534396361317, 0.9098628342703744, 1.1587446315874705, 1.1359766045807433,
        1.2487107689809092, 1.042761978449543, 1.4171839189409285, 0.9525883917717161,
        1.318846783360637, 1.3629187345326101, 0.9263470327692664, 1.5056116354021631,
        1.1881505095918028, 1.1911796319999397, 0.9491969501176484, 1.127637779978486,
        1.5860105962145667, 1.1331396581400448, 1.4425624072016692, 1.3158105049576432,
        0.7779361897792967, 1.6250673043744186, 1.1354597250872196, 1.1367937626662665,
        1.2997308830233938, 1.148897549798586, 1.1299698676928778, 1.128679747684181,
        1.205727200928804, 1.4667310420144528, 1.0251848478447523, 0.909607613842297,
        1.2602943415316463, 0.7312088796696185, 1.539320787149679, 0.9666227033998276,
        0.9829615045721438, 0.9969236450980422, 1.2350773703442264, 1.390694445254456,
        1.0820405227761187, 0.8722063361331182, 1.309035707756913, 1.2377992042211525,
        1.2987792052364873, 1.360640266673193, 1.1091703216250126, 1.348314143331282,
        1.9173917534818743, 0.8869375683080869, 0.8216211511152601, 1.305903420876944,
        1.1956532478924078, 0.9278255781242, 0.8662898816780731, 0.8706262568489358,
        0.8755729924483829, 0.8061499896513382, 1.7030498742145501, 1.2708134404627667,
        1.1217196978638182, 1.2690950966751493, 1.8982523886254645, 1.3068849207062905,
        1.5242093728900135, 1.3829968554902152, 1.3953490505035997, 1.559616401644509,
        1.4467850041942392, 1.6411218735812265, 1.5639926893785296, 1.5184781940593763,
        0.7327689447173481, 1.235698487894974, 0.8211771307215958,
    ]

    @Test func intervalsMatchScipy() throws {
        let n = Double(Self.sample.count)
        let mean = Self.sample.reduce(0, +) / n
        let leaveOneOut = Self.sample.map { (mean * n - $0) / (n - 1) }
        let a = BootstrapIntervals.acceleration(influence: BootstrapIntervals.jackknifeDeviations(leaveOneOut))
        let options = BootstrapOptions(seed: 0, confidenceLevel: 0.9, intervals: [.percentile, .basic, .bca])
        let summary = Bootstrap.summary(
            name: "mean", estimate: mean, replicates: Self.scipyDistribution, options: options, acceleration: a)
        let expected: [(BootstrapIntervalType, Double, Double)] = [
            (.percentile, 0.7811410467356522, 1.8851352047827),
            (.basic, 0.6197129926710192, 1.723707150718067),
            (.bca, 0.8050283737664863, 1.9358292837319782),
        ]
        for (interval, (type, lower, upper)) in zip(summary.intervals, expected) {
            #expect(interval.type == type)
            #expect(abs(try #require(interval.lower) - lower) <= 1e-13 * abs(lower))
            #expect(abs(try #require(interval.upper) - upper) <= 1e-13 * abs(upper))
        }
        #expect(abs(try #require(summary.standardError) - 0.3272250898650533) <= 1e-13)
    }

    @Test func leastSquaresInfluenceAccelerationMatchesNumpy() throws {
        let x: [Double] = [1, 2, 3, 4, 5, 6, 7, 8]
        let y = [1.1, 2.3, 2.8, 4.5, 4.9, 6.8, 7.0, 9.6]
        let model = UncertaintyFixtures.straightLine(x)
        let fit = UncertaintyFixtures.linearFit(model, response: y)
        let f = model.values(at: fit.parameters)
        // (XᵀX)⁻¹ for the straight line, written out (any positive multiple would do).
        let sx = x.reduce(0, +), sxx = x.reduce(0) { $0 + $1 * $1 }, det = 8 * sxx - sx * sx
        let inverse = SquareMatrix(rows: [[sxx / det, -sx / det], [-sx / det, 8 / det]])
        let influence = try BootstrapAcceleration.leastSquaresInfluence(
            jacobian: model.jacobian(at: fit.parameters), residuals: zip(y, f).map { $0 - $1 }, weights: nil,
            covariance: inverse)
        let a = (0..<2).map { j in BootstrapIntervals.acceleration(influence: influence.map { $0[j] }) }
        #expect(abs(try #require(a[0]) - -0.03382262862580169) <= 1e-12)
        #expect(abs(try #require(a[1]) - 0.05101018209281017) <= 1e-12)
    }

    // MARK: resampling and the parallel run

    /// A straight line with deterministic, irregular noise (no reference needed: the tests below
    /// compare runs with each other or with the textbook OLS standard error).
    static let x = (1...24).map(Double.init)
    static let y = x.enumerated().map { 2 + 0.3 * $1 + 0.5 * sin(1.7 * Double($0 * $0 + 1)) }
    static let weights = x.map { 1 / (1 + 0.1 * $0) }

    static func input(
        weighted: Bool, count: Int = x.count
    ) throws -> (BootstrapInput, RefitFactory, (Int) throws -> Refit) {
        let x = Array(Self.x.prefix(count)), y = Array(Self.y.prefix(count))
        let model = UncertaintyFixtures.straightLine(x)
        let w = weighted ? Array(weights.prefix(count)) : nil
        let fit = UncertaintyFixtures.linearFit(model, response: y, weights: w)
        let f = model.values(at: fit.parameters)
        let input = try BootstrapInput(
            parameterNames: ["a", "b"], estimate: fit.parameters, fitted: f, residuals: zip(y, f).map { $0 - $1 },
            weights: w)
        let factory: RefitFactory = { { UncertaintyFixtures.linearFit(model, response: $0, weights: w) } }
        let leaveOneOut: (Int) throws -> Refit = { i in
            var keep = Array(x.indices)
            keep.remove(at: i)
            return UncertaintyFixtures.linearFit(
                UncertaintyFixtures.straightLine(keep.map { x[$0] }), response: keep.map { y[$0] },
                weights: w.map { ws in keep.map { ws[$0] } })
        }
        return (input, factory, leaveOneOut)
    }

    @Test(arguments: BootstrapScheme.allCases)
    func sameSeedSameNumbersWhateverTheThreadCount(scheme: BootstrapScheme) throws {
        let (input, factory, leaveOneOut) = try Self.input(weighted: true)
        let runs = try [1, 2, 4].map { threads in
            try Bootstrap.run(
                input,
                options: BootstrapOptions(
                    scheme: scheme, replicates: 203, seed: 17, intervals: [.percentile, .basic, .bca], threads: threads),
                acceleration: .jackknife(leaveOneOut: leaveOneOut), refitFactory: factory)
        }
        for run in runs.dropFirst() {
            #expect(run.replicateParameters == runs[0].replicateParameters)
            #expect(run.parameters == runs[0].parameters)
        }
        #expect(runs[0].succeeded == 203 && runs[0].failed == 0 && runs[0].jackknifeFailures == 0)
        #expect(runs[0].blockLength == (scheme == .movingBlock ? 3 : nil))  // ⌈24^(1/3)⌉ = 3
        let other = try Bootstrap.run(
            input, options: BootstrapOptions(scheme: scheme, replicates: 203, seed: 18, threads: 2), refitFactory: factory)
        #expect(other.replicateParameters != runs[0].replicateParameters)
    }

    /// Derived quantities carried beside the parameters (here b/a) cost no degree of freedom: the
    /// parameters' replicates must be exactly those of a run without them, for every scheme. (The
    /// growth models once passed them as parameters, which inflated s² = RSS/(n - p) and the
    /// residual rescaling √(n/(n - p)), and the bootstrap standard errors by about 12%.)
    @Test(arguments: BootstrapScheme.allCases)
    func derivedQuantitiesDoNotChangeTheResampling(scheme: BootstrapScheme) throws {
        let (input, factory, _) = try Self.input(weighted: true)
        let withDerived = try BootstrapInput(
            parameterNames: ["a", "b", "b_over_a"], estimate: input.estimate + [input.estimate[1] / input.estimate[0]],
            fitted: input.fitted, residuals: input.residuals, weights: input.weights, modelParameterCount: 2)
        let derivedFactory: RefitFactory = {
            let refit = try factory()
            return { response in
                var result = try refit(response)
                result.parameters.append(result.parameters[1] / result.parameters[0])
                return result
            }
        }
        let options = BootstrapOptions(scheme: scheme, replicates: 101, seed: 5, threads: 2)
        let plain = try Bootstrap.run(input, options: options, refitFactory: factory)
        let extended = try Bootstrap.run(withDerived, options: options, refitFactory: derivedFactory)
        #expect(extended.replicateParameters.map { $0.map { Array($0.prefix(2)) } } == plain.replicateParameters)
        #expect(Array(extended.parameters.prefix(2)) == plain.parameters)
        #expect(extended.parameters.count == 3)
    }

    @Test func failedRefitsAreCountedAndExcluded() throws {
        let (input, _, _) = try Self.input(weighted: false)
        let model = UncertaintyFixtures.straightLine(Self.x)
        let f0 = input.fitted[0]
        // Fails on purpose whenever the first simulated response lies above its fitted value
        // (about half the replicates), alternately by throwing and by reporting non-convergence.
        let factory: RefitFactory = {
            { response in
                struct Refused: Error {}
                if response[0] > f0 + 0.2 { throw Refused() }
                var refit = UncertaintyFixtures.linearFit(model, response: response)
                if response[0] > f0 { refit.converged = false }
                return refit
            }
        }
        let runs = try [1, 2, 4].map { threads in
            try Bootstrap.run(
                input, options: BootstrapOptions(scheme: .parametric, replicates: 300, seed: 3, threads: threads),
                refitFactory: factory)
        }
        let failedIndices = runs[0].replicateParameters.filter { $0 == nil }.count
        #expect(runs[0].failed == failedIndices)
        #expect(runs[0].failed > 0 && runs[0].failed < 300)
        #expect(runs[0].succeeded + runs[0].failed == 300)
        for run in runs.dropFirst() {
            #expect(run.failed == runs[0].failed)
            #expect(run.parameters == runs[0].parameters)
        }
        // Excluded: the standard error is that of the successful replicates only.
        let slopes = runs[0].replicateParameters.compactMap { $0?[1] }
        let mean = slopes.reduce(0, +) / Double(slopes.count)
        let sd = (slopes.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(slopes.count - 1)).squareRoot()
        #expect(runs[0].parameters[1].standardError == sd)
    }

    @Test func everyRefitFailing() throws {
        let (input, _, _) = try Self.input(weighted: false)
        let result = try Bootstrap.run(
            input, options: BootstrapOptions(replicates: 20, seed: 1),
            refitFactory: { { _ in Refit(parameters: [.nan, 1], rss: 1, converged: true) } })
        #expect(result.succeeded == 0 && result.failed == 20)
        #expect(result.parameters[0].standardError == nil)
        #expect(result.parameters[0].intervals.allSatisfy { $0.lower == nil && $0.note != nil })
    }

    /// Both schemes should reproduce the textbook (weighted) least-squares standard error of the
    /// slope, s/√Σw(x - x̄_w)²: the parametric scheme simulates with variance s²/w_i, and the
    /// residual scheme's centred, rescaled residuals have variance RSS/(n-p) = s² too. With B = 4000
    /// the bootstrap SE has a relative sampling error of about 1/√(2B) ≈ 1.1 %; 6 % is over five of
    /// those. n = 8 makes the test sensitive to the rescaling √(n/(n-p)) = 1.155: without it the
    /// residual scheme would miss by 13 %.
    @Test(arguments: [(BootstrapScheme.parametric, false), (.parametric, true), (.residual, false)])
    func bootstrapStandardErrorMatchesLeastSquares(scheme: BootstrapScheme, weighted: Bool) throws {
        let n = 8
        let (input, factory, _) = try Self.input(weighted: weighted, count: n)
        let x = Array(Self.x.prefix(n))
        let w = weighted ? Array(Self.weights.prefix(n)) : Array(repeating: 1, count: n)
        let sw = w.reduce(0, +)
        let xbar = zip(w, x).reduce(0) { $0 + $1.0 * $1.1 } / sw
        let sxx = zip(w, x).reduce(0) { $0 + $1.0 * ($1.1 - xbar) * ($1.1 - xbar) }
        let rss = zip(w, input.residuals).reduce(0) { $0 + $1.0 * $1.1 * $1.1 }
        let textbook = (rss / Double(n - 2) / sxx).squareRoot()
        let result = try Bootstrap.run(
            input, options: BootstrapOptions(scheme: scheme, replicates: 4000, seed: 11), refitFactory: factory)
        let se = try #require(result.parameters[1].standardError)
        #expect(abs(se / textbook - 1) < 0.06, "bootstrap SE \(se), least squares \(textbook)")
    }

    /// Moving blocks: with distinct, increasing residuals each block shows up as a run of
    /// consecutive residual indices, L long (the last one cut at n), starting at 0, L, 2L, ….
    @Test func movingBlocksAreContiguousRuns() throws {
        let n = 23, length = 4
        let input = try BootstrapInput(
            parameterNames: ["c"], estimate: [0], fitted: Array(repeating: 0, count: n),
            residuals: (0..<n).map(Double.init))
        let resampler = try BootstrapResampler(input: input, scheme: .movingBlock, seed: 5, blockLength: length)
        for replicate in 0..<50 {
            var response = [Double](repeating: .nan, count: n)
            resampler.fill(&response, replicate: replicate)
            let indices = try response.map { value in try #require(resampler.scaledResiduals.firstIndex(of: value)) }
            for i in 0..<n where i % length != 0 {
                #expect(indices[i] == indices[i - 1] + 1)
            }
        }
    }

    @Test func badRequestsAreTypedErrors() throws {
        let (input, factory, _) = try Self.input(weighted: false)
        #expect(throws: FittingError.self) {
            try Bootstrap.run(input, options: BootstrapOptions(replicates: 1, seed: 1), refitFactory: factory)
        }
        #expect(throws: FittingError.self) {
            try Bootstrap.run(input, options: BootstrapOptions(seed: 1, confidenceLevel: 1.5), refitFactory: factory)
        }
        #expect(throws: FittingError.self) {
            try Bootstrap.run(input, options: BootstrapOptions(seed: 1, intervals: [.bca]), refitFactory: factory)
        }
        #expect(throws: FittingError.self) {
            try Bootstrap.run(input, options: BootstrapOptions(seed: 1, threads: 0), refitFactory: factory)
        }
        #expect(throws: FittingError.self) {
            try Bootstrap.run(
                input, options: BootstrapOptions(scheme: .movingBlock, seed: 1, blockLength: 99), refitFactory: factory)
        }
        #expect(throws: FittingError.self) {  // a worker that cannot be set up stops the run
            try Bootstrap.run(
                input, options: BootstrapOptions(replicates: 10, seed: 1),
                refitFactory: { throw FittingError.invalidArgument("no workspace") })
        }
        #expect(throws: FittingError.tooFewObservations(observations: 2, parameters: 2)) {
            try BootstrapInput(parameterNames: ["a", "b"], estimate: [1, 2], fitted: [1, 2], residuals: [0, 0])
        }
    }

    /// Issue 14: `--bootstrap 9223372036854775807` must not fault in `Array(repeating:count:)`, nor
    /// `--bootstrap 1000000000` take gigabytes. Counts above `Bootstrap.maximumReplicates` are
    /// refused before anything is allocated, at every entry point.
    @Test func hugeReplicateCountsAreRefusedBeforeAllocating() throws {
        let (input, factory, _) = try Self.input(weighted: false)
        for count in [Int.max, 1_000_000_000, Bootstrap.maximumReplicates + 1] {
            #expect(throws: FittingError.invalidArgument(
                "bootstrap runs at most \(Bootstrap.maximumReplicates) replicates, got \(count)")) {
                try Bootstrap.run(input, options: BootstrapOptions(replicates: count, seed: 1), refitFactory: factory)
            }
            #expect(throws: FittingError.invalidArgument("at most \(Bootstrap.maximumReplicates) replicates, got \(count)")) {
                try ParallelReplicates.run(count: count, threads: 1) { { (_: Int) -> Double? in 0 } }
            }
            #expect(throws: FittingError.self) {
                try ParallelReplicates.runRows(count: count, width: 3, threads: 1) { { _, _ in true } }
            }
            #expect(throws: FittingError.self) {
                try ParametricBootstrapTest.likelihoodRatio(
                    null: input, alternativeRSS: 1, replicates: count, seed: 1, refitNull: factory, refitAlternative: factory)
            }
        }
        #expect(throws: FittingError.self) {
            try ParallelReplicates.run(count: -1, threads: 1) { { (_: Int) -> Double? in 0 } }
        }
    }

    /// The flat replicate store: a failed replicate is a NaN row, read back as nil.
    @Test func failedReplicatesAreNaNRowsInTheFlatStore() throws {
        let rows = try ParallelReplicates.runRows(count: 5, width: 2, threads: 2) {
            { index, row in
                guard index != 3 else { return false }
                row[0] = Double(index)
                row[1] = -Double(index)
                return true
            }
        }
        #expect(rows.count == 10 && rows[6].isNaN && rows[7].isNaN)
        #expect(rows[8] == 4 && rows[9] == -4 && rows[0] == 0)
    }

    @Test func resultEncodesWithoutReplicates() throws {
        let (input, factory, _) = try Self.input(weighted: false)
        let result = try Bootstrap.run(input, options: BootstrapOptions(replicates: 10, seed: 1), refitFactory: factory)
        let json = try JSONEncoder().encode(result)
        let decoded = try JSONDecoder().decode(BootstrapResult.self, from: json)
        #expect(decoded.parameters == result.parameters && decoded.seed == 1 && decoded.scheme == .residual)
        #expect(decoded.replicateParameters.isEmpty && result.replicateParameters.count == 10)
    }
}
