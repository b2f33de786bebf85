"""Expected values for Tests/FittingTests/NonlinearScipyTests.swift.

scipy.optimize.curve_fit(method="lm") (MINPACK) on small data sets defined here; run with
`python3 Tests/FittingTests/reference/nonlinear_scipy.py` and paste the printed numbers.
Standard errors: sqrt(diag(pcov)); with absolute_sigma=False curve_fit scales pcov by
RSS/(n-p), gdpfit's convention. Weights w_i = 1/sigma_i^2.
"""
import numpy as np
from scipy.optimize import curve_fit

np.set_printoptions(precision=17)

# 1. Exponential decay with per-point uncertainties (weighted).
t = np.array([0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0])
y = np.array([10.2, 7.9, 6.1, 4.8, 3.4, 2.9, 2.1, 1.7, 1.2, 1.05])
sigma = np.array([0.5, 0.4, 0.4, 0.3, 0.3, 0.2, 0.2, 0.2, 0.1, 0.1])


def decay(t, a, k):
    return a * np.exp(-k * t)


p, cov = curve_fit(decay, t, y, p0=[5.0, 0.1], sigma=sigma, absolute_sigma=False, method="lm",
                   xtol=1e-15, ftol=1e-15, gtol=1e-15)
rss = np.sum(((y - decay(t, *p)) / sigma) ** 2)
print("decay params", repr(p.tolist()))
print("decay stderr", repr(np.sqrt(np.diag(cov)).tolist()))
print("decay rss", repr(rss))

# 2. Michaelis-Menten, unweighted.
s = np.array([0.02, 0.06, 0.11, 0.22, 0.56, 1.10, 2.0, 4.0])
v = np.array([76.0, 97.0, 123.0, 159.0, 191.0, 207.0, 215.0, 218.0])


def mm(s, vmax, km):
    return vmax * s / (km + s)


p, cov = curve_fit(mm, s, v, p0=[200.0, 0.1], method="lm", xtol=1e-15, ftol=1e-15, gtol=1e-15)
rss = np.sum((v - mm(s, *p)) ** 2)
print("mm params", repr(p.tolist()))
print("mm stderr", repr(np.sqrt(np.diag(cov)).tolist()))
print("mm rss", repr(rss))
