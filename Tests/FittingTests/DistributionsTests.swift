import Fitting
import Testing
import TestSupport

/// Expected values from Tests/FittingTests/reference/comparison_tests.py ("distributions:" block,
/// scipy.stats).
@Suite struct DistributionsTests {
    @Test(arguments: [
        (ChiSquaredDistribution(degreesOfFreedom: 2).survival(3.2), 0.2018965179946554),
        (ChiSquaredDistribution(degreesOfFreedom: 2).cdf(3.2), 0.7981034820053445),
        (ChiSquaredDistribution(degreesOfFreedom: 3).survival(150), 2.6349139284880416e-32),
        (ChiSquaredDistribution(degreesOfFreedom: 1).survivalQuantile(0.05), 3.8414588206941285),
        (ChiSquaredDistribution(degreesOfFreedom: 4).quantile(0.9), 7.779440339734858),
        (FDistribution(numeratorDegreesOfFreedom: 2, denominatorDegreesOfFreedom: 17).survival(4.1), 0.035229885774277415),
        (FDistribution(numeratorDegreesOfFreedom: 2, denominatorDegreesOfFreedom: 17).cdf(4.1), 0.9647701142257226),
        (FDistribution(numeratorDegreesOfFreedom: 3, denominatorDegreesOfFreedom: 20).survivalQuantile(0.01), 4.938193382310538),
        (FDistribution(numeratorDegreesOfFreedom: 3, denominatorDegreesOfFreedom: 20).quantile(0.5), 0.8162127084336455),
        (StudentTDistribution(degreesOfFreedom: 7).survival(2.5), 0.020496109292876444),
        (StudentTDistribution(degreesOfFreedom: 12).cdf(-1.3), 0.10900858554175706),
        (StudentTDistribution(degreesOfFreedom: 10).survivalQuantile(0.025), 2.2281388519862753),
        (StudentTDistribution(degreesOfFreedom: 5).quantile(0.1), -1.4758840488244813),
        (StandardNormalDistribution().cdf(1.96), 0.9750021048517795),
        (StandardNormalDistribution().survival(9.0), 1.1285884059538324e-19),
        (StandardNormalDistribution().quantile(0.975), 1.959963984540054),
        (StandardNormalDistribution().survivalQuantile(1e-10), 6.361340902404056),
    ])
    func matchesScipy(computed: Double, scipy: Double) {
        #expect(relativeDifference(computed, scipy) < 1e-9)
    }

    @Test func outsideTheDomainIsNaNNotAnAbort() {
        #expect(ChiSquaredDistribution(degreesOfFreedom: 0).survival(1).isNaN)
        #expect(ChiSquaredDistribution(degreesOfFreedom: 2).quantile(1.5).isNaN)
        #expect(FDistribution(numeratorDegreesOfFreedom: -1, denominatorDegreesOfFreedom: 3).cdf(1).isNaN)
        #expect(StudentTDistribution(degreesOfFreedom: .nan).cdf(1).isNaN)
        #expect(StandardNormalDistribution().survivalQuantile(-0.1).isNaN)
        #expect(StandardNormalDistribution().cdf(.nan).isNaN)
    }
}
