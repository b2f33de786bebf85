"""Expected values for Tests/FittingTests/InformationCriteriaTests.swift: the formulas of
docs/statistics.md written out independently in numpy.

Run: python3 Tests/FittingTests/reference/information_criteria.py

    lnL  = -(n/2) (ln 2 pi + ln(RSS/n) + 1) + (1/2) sum ln w_i
    K    = p + 1
    AIC  = -2 lnL + 2K;  AICc = AIC + 2K(K+1)/(n-K-1), undefined when n-K-1 <= 0;  BIC = -2 lnL + K ln n
"""
import numpy as np


def criteria(rss, n, p, weights=None):
    sum_log_w = 0.0 if weights is None else float(np.sum(np.log(weights)))
    lnl = -(n / 2) * (np.log(2 * np.pi) + np.log(rss / n) + 1) + sum_log_w / 2
    k = p + 1
    aic = -2 * lnl + 2 * k
    aicc = aic + 2 * k * (k + 1) / (n - k - 1) if n - k - 1 > 0 else None
    bic = -2 * lnl + k * np.log(n)
    return dict(k=k, sumLogWeights=sum_log_w, lnL=float(lnl), aic=float(aic),
                aicc=None if aicc is None else float(aicc), bic=float(bic))


cases = [
    ("unweighted rss=2.5 n=10 p=2", 2.5, 10, 2, None),
    ("unweighted rss=0.0123 n=25 p=4", 0.0123, 25, 4, None),
    ("weighted rss=3.7 n=6 p=1 w=[0.5,1,2,4,0.25,1.5]", 3.7, 6, 1, [0.5, 1, 2, 4, 0.25, 1.5]),
    ("AICc undefined rss=1.0 n=4 p=2", 1.0, 4, 2, None),
]
for label, rss, n, p, w in cases:
    print(label)
    for key, value in criteria(rss, n, p, w).items():
        print(f"  {key:14s} {value!r}")


# Likelihood fits (InformationCriteria(logLikelihood:n:parameters:)): lnL is the maximised
# log-likelihood itself and K = p (no separate error variance); the same AIC, AICc, BIC formulas.
def likelihood_criteria(lnl, n, k):
    aic = -2 * lnl + 2 * k
    aicc = aic + 2 * k * (k + 1) / (n - k - 1) if n - k - 1 > 0 else None
    return dict(aic=aic, aicc=aicc, bic=float(-2 * lnl + k * np.log(n)))


for lnl, n, k in [(-123.456, 37, 4), (17.25, 5, 4)]:
    print(f"likelihood lnL={lnl} n={n} K={k}")
    for key, value in likelihood_criteria(lnl, n, k).items():
        print(f"  {key:14s} {value!r}")
