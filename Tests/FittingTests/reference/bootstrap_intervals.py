"""Reference intervals for BootstrapTests.swift: scipy.stats.bootstrap (SciPy 1.17) on the mean of a
small skewed sample. The Swift test feeds the SAME bootstrap distribution (printed here) and the
jackknife leave-one-out means to gdpfit's interval arithmetic and must reproduce scipy's percentile,
basic and BCa intervals and standard error. A second part computes, with numpy, the BCa acceleration
from the least-squares empirical influence l_i = n (X^T X)^-1 x_i e_i of a straight-line fit
(Davison & Hinkley 1997 sec. 6.2; a = sum l^3 / (6 (sum l^2)^1.5), Efron & Tibshirani eq. 14.15).

Run: python3 bootstrap_intervals.py
"""
import numpy as np
from scipy import stats

data = np.random.default_rng(12345).exponential(size=15)
print("data =", [float(v) for v in data])
B = 199
results = {}
for method in ("percentile", "basic", "BCa"):
    res = stats.bootstrap((data,), np.mean, n_resamples=B, confidence_level=0.9, method=method,
                          rng=np.random.default_rng(7))
    results[method] = res
    print(method, "interval:", float(res.confidence_interval.low), float(res.confidence_interval.high))
dist = results["BCa"].bootstrap_distribution
assert all(np.array_equal(dist, r.bootstrap_distribution) for r in results.values())
print("standard error:", float(results["BCa"].standard_error))
print("distribution =", [float(v) for v in dist])

# Least-squares influence and acceleration for y = a + b x.
x = np.arange(1.0, 9.0)
y = np.array([1.1, 2.3, 2.8, 4.5, 4.9, 6.8, 7.0, 9.6])
X = np.column_stack([np.ones_like(x), x])
beta, *_ = np.linalg.lstsq(X, y, rcond=None)
e = y - X @ beta
L = len(x) * (np.linalg.inv(X.T @ X) @ (X * e[:, None]).T).T
a = (L ** 3).sum(axis=0) / (6 * ((L ** 2).sum(axis=0)) ** 1.5)
print("line fit:", [float(v) for v in beta], "acceleration (a, b):", [float(v) for v in a])
