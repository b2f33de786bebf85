"""Reference for IncompleteGammaTests.swift: ln x for the upper quantile of Gamma(a, 1), the x with
Q(a, x) = p, for shapes where GSL 2.7's gsl_cdf_gamma_Qinv is wrong (a <= 0.01: x near 0 or below
the smallest double; a >= 1e7: its tails on the wrong side of the median) and where it is right.
Shapes a >= 0.5: scipy.special.gammainccinv (Cephes/Boost, independent of GSL). Shapes a < 0.5:
mpmath at 30 digits, by bisection on t = ln x of ln P(a, e^t) = ln(1 - p) (P computed by mpmath's
gammainc, whose exponent range holds x = e^(-4e8)). Run: python3 incomplete_gamma.py"""
import math

import mpmath as mp
from scipy import special

mp.mp.dps = 30


def log_upper_quantile_mpmath(a, p):
    a, target = mp.mpf(a), mp.log(1 - mp.mpf(p))
    f = lambda t: mp.log(mp.gammainc(a, 0, mp.exp(t), regularized=True)) - target  # increasing in t
    lo, hi = mp.mpf(-1), mp.mpf(1)
    while f(lo) > 0:
        lo *= 2
    while f(hi) < 0:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if f(mid) > 0:
            hi = mid
        else:
            lo = mid
    return (lo + hi) / 2


for a in [1e-8, 1e-4, 0.01, 0.5, 10.0, 1e3, 1e7, 1e12]:
    row = []
    for p in [0.025, 0.5, 0.975]:
        if a < 0.5:
            row.append(mp.nstr(log_upper_quantile_mpmath(a, p), 17))
        else:
            row.append(repr(math.log(special.gammainccinv(a, p))))
    print(f"({a!r}, [{', '.join(row)}]),")
