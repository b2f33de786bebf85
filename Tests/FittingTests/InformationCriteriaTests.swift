import Testing
import TestSupport
@testable import Fitting

/// Expected values from Tests/FittingTests/reference/information_criteria.py (numpy, the formulas of
/// docs/statistics.md written out independently).
@Suite struct InformationCriteriaTests {
    @Test func aiccIsAbsentWhenUndefined() {
        // n = 3, p = 1: K = 2, n - K - 1 = 0, so AICc does not exist.
        let ic = InformationCriteria(rss: 1.0, n: 3, meanParameters: 1)
        #expect(ic.aicc == nil)
        #expect(ic.k == 2)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var rss: Double, n: Int, p: Int, sumLogWeights: Double
        var k: Int, lnL: Double, aic: Double, aicc: Double?, bic: Double
        var testDescription: String { label }
    }

    // Pasted from information_criteria.py's output. The weighted case's Σ ln w_i is the script's
    // sumLogWeights for w = [0.5, 1, 2, 4, 0.25, 1.5].
    static let cases = [
        Case(label: "unweighted rss=2.5 n=10 p=2", rss: 2.5, n: 10, p: 2, sumLogWeights: 0,
             k: 3, lnL: -7.257913526447274, aic: 20.515827052894547, aicc: 24.515827052894547, bic: 21.423582331876684),
        Case(label: "unweighted rss=0.0123 n=25 p=4", rss: 0.0123, n: 25, p: 4, sumLogWeights: 0,
             k: 5, lnL: 59.739434688282756, aic: -109.47886937656551, aicc: -106.3209746397234, bic: -103.38449025222451),
        Case(label: "weighted rss=3.7 n=6 p=1", rss: 3.7, n: 6, p: 1, sumLogWeights: 0.4054651081081644,
             k: 2, lnL: -6.860618696440326, aic: 17.721237392880653, aicc: 21.721237392880653, bic: 17.304756331336762),
        Case(label: "AICc undefined rss=1.0 n=4 p=2", rss: 1.0, n: 4, p: 2, sumLogWeights: 0,
             k: 3, lnL: -2.9031654105789095, aic: 11.806330821157818, aicc: nil, bic: 9.96521390451749),
    ]

    @Test(arguments: cases)
    func matchesReferenceScript(_ c: Case) {
        let ic = InformationCriteria(rss: c.rss, n: c.n, meanParameters: c.p, sumLogWeights: c.sumLogWeights)
        #expect(ic.k == c.k)
        #expect(relativeDifference(ic.logLikelihood, c.lnL) < 1e-13)
        #expect(relativeDifference(ic.aic, c.aic) < 1e-13)
        #expect(relativeDifference(ic.bic, c.bic) < 1e-13)
        if let expected = c.aicc {
            #expect(ic.aicc.map { relativeDifference($0, expected) < 1e-13 } == true)
        } else {
            #expect(ic.aicc == nil)
        }
    }
}

/// `InformationCriteria(logLikelihood:n:parameters:)`, the criteria of a likelihood fit (the
/// stochastic hyperbolic model's), against the likelihood section of
/// Tests/FittingTests/reference/information_criteria.py.
struct LikelihoodInformationCriteriaTests {
    @Test func matchesReferenceScript() {
        let ic = InformationCriteria(logLikelihood: -123.456, n: 37, parameters: 4)
        #expect(ic.k == 4 && ic.n == 37 && ic.logLikelihood == -123.456)
        #expect(abs(ic.aic - 254.912) <= 1e-12 * 254.912)
        #expect(abs((ic.aicc ?? .nan) - 256.16200000000003) <= 1e-12 * 256.162)
        #expect(abs(ic.bic - 261.3556716505769) <= 1e-12 * 261.36)
    }

    @Test func aiccIsAbsentWhenUndefined() {
        // n = 5, K = 4: n - K - 1 = 0.
        let ic = InformationCriteria(logLikelihood: 17.25, n: 5, parameters: 4)
        #expect(ic.aicc == nil)
        #expect(abs(ic.aic - -26.5) <= 1e-15 * 26.5)
        #expect(abs(ic.bic - -28.062248350263598) <= 1e-12 * 28.06)
    }
}
