"""Reference profile-likelihood intervals for ProfileLikelihoodTests.swift.

Model y = a + b exp(c x); the rate c is profiled. With c fixed the model is linear in (a, b), so the
profile RSS(c) is an exact least-squares solve (numpy.linalg.lstsq). The maximum-likelihood c comes
from scipy.optimize.minimize_scalar on RSS(c); its standard error from s^2 (J^T J)^-1 at the optimum.
A 95% profile interval is {c : n ln(RSS(c)/RSS_min) <= chi2_{1,0.95}} (Gaussian likelihood with
sigma^2 profiled out, docs/statistics.md); each end is found with scipy.optimize.brentq.

Data set 1 is well determined (both ends exist). Data set 2 has so little curvature that the profile
flattens, as c -> -inf, at a level below the critical value (the model tends to a constant plus a
free value at x = 0): its lower end does not exist, which the Swift code must report as open.

Run: python3 profile_likelihood.py
"""
import numpy as np
from scipy import optimize, stats

crit = stats.chi2.ppf(0.95, 1)
print("chi2(1) 0.95 quantile:", float(crit))


def profile(x, y, c):
    X = np.column_stack([np.ones_like(x), np.exp(c * x)])
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    r = y - X @ beta
    return float(r @ r), beta


def analyse(name, x, y, bracket):
    n = len(x)
    opt = optimize.minimize_scalar(lambda c: profile(x, y, c)[0], bracket=bracket,
                                   method="brent", tol=1e-12)
    c = opt.x
    rss_min, (a, b) = profile(x, y, c)
    J = np.column_stack([np.ones_like(x), np.exp(c * x), b * x * np.exp(c * x)])
    cov = rss_min / (n - 3) * np.linalg.inv(J.T @ J)
    se = np.sqrt(cov[2, 2])
    print(f"{name}: a, b, c =", [float(a), float(b), float(c)], "rss_min =", rss_min, "se(c) =", float(se))
    D = lambda v: n * np.log(profile(x, y, v)[0] / rss_min) - crit
    up = c + se
    while D(up) < 0:
        up += se
    print(f"{name}: upper =", float(optimize.brentq(D, c, up, xtol=1e-14, rtol=1e-15)))
    low = c - se
    for _ in range(200):
        if D(low) >= 0:
            print(f"{name}: lower =", float(optimize.brentq(D, low, c, xtol=1e-14, rtol=1e-15)))
            break
        low -= se
    else:
        print(f"{name}: lower = none; deviance at c = {float(low)}:", float(D(low) + crit))


x1 = np.linspace(0.0, 2.0, 12)
y1 = np.array([1.02, 1.31, 1.49, 1.83, 2.12, 2.61, 3.02, 3.62, 4.31, 5.08, 6.15, 7.33])
analyse("set 1", x1, y1, (0.5, 1.5))

x2 = np.arange(0.0, 8.0)
y2 = np.array([2.0, 2.9, 2.6, 3.3, 2.8, 3.1, 3.4, 3.0])
analyse("set 2", x2, y2, (-1.5, -0.5))
