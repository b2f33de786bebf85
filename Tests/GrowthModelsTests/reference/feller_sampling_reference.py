"""Reference for FellerSamplingTests.swift: the law of the Feller transition X_t | X_0 = x0, computed
from scipy's noncentral chi-square (Boost), independently of the Poisson-gamma mixture that
FellerSampling.swift draws from.

tau = gamma2 (e^(beta t) - 1)/(4 beta), V = X_t e^(beta t)/tau, nc = x0/tau, nu = 2 alpha/gamma2 - 1.
- nu >= 0: V ~ ncx2(df = 2 nu + 2, nc) (zero never reached).
- nu < 0, c = -nu: zero is absorbing. The killed squared Bessel density of dimension delta = 2 - 2c is
  (x/y)^c times the density of dimension 4 - delta = 2 + 2c (Revuz & Yor XI.1; the h-transform of
  Goeing-Jaeschke & Yor 2003), so V has the sub-density (nc/v)^c ncx2.pdf(v, 2 + 2c, nc), and the
  rest, Q(c, nc/2), is the mass at 0. The script checks that the sub-density integrates to
  P(c, nc/2) = scipy.special.gammainc(c, nc/2).

For each case it prints the absorbed mass, the quantiles of X_t at probabilities PS (of the whole
law, the mass at 0 counting as the lowest values; only those above the absorbed mass), and the mean
and standard deviation of X_t (0 when absorbed). Run from the package root:
python3 Tests/GrowthModelsTests/reference/feller_sampling_reference.py
"""
import math

import numpy as np
from scipy import integrate, optimize, special, stats

PS = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99]


def case_from(nu, lam):
    """alpha, beta, gamma2, x0, t with beta = 0, gamma2 = 4, t = 1: tau = 1, lambda = x0/2."""
    return (2 * (nu + 1), 0.0, 4.0, 2 * lam, 1.0)


CASES = [
    ("nu 0.5, lambda 3 (inversion)", case_from(0.5, 3.0)),
    ("nu 3, lambda 200 (PTRS)", case_from(3.0, 200.0)),
    ("nu -0.4, lambda 2.5 (inversion, absorbing)", case_from(-0.4, 2.5)),
    ("nu -0.4, lambda 100 (rejection, f 0.4)", case_from(-0.4, 100.0)),
    ("nu -2.7, lambda 40 (rejection, m 2, f 0.7)", case_from(-2.7, 40.0)),
    ("nu -6, lambda 50 (truncated Poisson)", case_from(-6.0, 50.0)),
    ("nu -35, lambda 36 (rejection, m 35)", case_from(-35.0, 36.0)),
    ("nu -45, lambda 40 (inversion, c above lambda)", case_from(-45.0, 40.0)),
    ("nu -0.5, lambda 1e4 (rejection, f 0.5)", case_from(-0.5, 1e4)),
    ("nu 2000, lambda 1e6 (PTRS, near-noiseless)", case_from(2000.0, 1e6)),
    ("beta -0.002, absorbing, x0 0.3, t 40", (-0.001, -0.002, 4e-4, 0.3, 40.0)),
]


def law(alpha, beta, gamma2, x0, t):
    tau = gamma2 * t / 4 if beta == 0 else gamma2 * math.expm1(beta * t) / (4 * beta)
    scale = tau * math.exp(-beta * t)  # X_t = scale * V
    nc = x0 / tau
    nu = 2 * alpha / gamma2 - 1
    if nu >= 0:
        df = 2 * nu + 2
        dist = stats.ncx2(df, nc)
        absorbed = 0.0
        cdf = dist.cdf
        mean, var = df + nc, 2 * (df + 2 * nc)
        ppf = dist.ppf
    else:
        c = -nu
        dist = stats.ncx2(2 + 2 * c, nc)
        sd = math.sqrt(2 * (2 + 2 * c + 2 * nc))
        lo, hi = max(0.0, dist.mean() - 40 * sd), dist.mean() + 40 * sd

        def density(v):
            return math.exp(c * (math.log(nc) - math.log(v)) + dist.logpdf(v)) if v > 0 else 0.0

        def sub_cdf(v):
            if v <= lo:
                return integrate.quad(density, 0, v, limit=400, epsabs=1e-14, epsrel=1e-12)[0]
            below = integrate.quad(density, 0, lo, limit=400, epsabs=1e-14, epsrel=1e-12)[0] if lo > 0 else 0.0
            return below + integrate.quad(density, lo, min(v, hi), limit=400, epsabs=1e-14, epsrel=1e-12)[0]

        survival = special.gammainc(c, nc / 2)
        total = sub_cdf(hi)
        assert abs(total - survival) < 1e-9, (total, survival)
        absorbed = 1 - survival
        cdf = lambda v: absorbed + sub_cdf(v)
        m1 = integrate.quad(lambda v: v * density(v), 0, hi, points=[max(lo, 1e-300), dist.mean()], limit=400)[0]
        m2 = integrate.quad(lambda v: v * v * density(v), 0, hi, points=[max(lo, 1e-300), dist.mean()], limit=400)[0]
        mean, var = m1, m2 - m1 * m1

        def ppf(p):
            return optimize.brentq(lambda v: cdf(v) - p, 1e-300, hi, xtol=1e-300, rtol=1e-13)

    quantiles = [(p, float(scale * ppf(p))) for p in PS if p > absorbed + 0.005]
    return absorbed, quantiles, scale * mean, scale * math.sqrt(var)


for name, (alpha, beta, gamma2, x0, t) in CASES:
    absorbed, quantiles, mean, sd = law(alpha, beta, gamma2, x0, t)
    print(f"    // {name}")
    print(f"    Case(alpha: {alpha!r}, beta: {beta!r}, gammaSquared: {gamma2!r}, x0: {x0!r}, time: {t!r},")
    print(f"         absorbed: {float(absorbed)!r}, mean: {mean!r}, sd: {sd!r},")
    print("         quantiles: [" + ", ".join(f"({p!r}, {q!r})" for p, q in quantiles) + "]),")
