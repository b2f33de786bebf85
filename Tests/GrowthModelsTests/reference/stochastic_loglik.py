"""Independent reference for the stochastic hyperbolic model (StochasticLikelihoodTests.swift).

Model (Roodman 2020): dY = (s Y^(1+B) + d Y) dt + sigma Y^(1+B/2) dW; X = Y^(-B) is a Feller
diffusion dX = (alpha - beta X) dt + gamma sqrt(X) dW with alpha = B((B+1) sigma^2/2 - s),
beta = B d, gamma^2 = B^2 sigma^2, absorbed at 0. Transition density of X (Feller 1951; via the
squared Bessel process, Revuz & Yor ch. XI):
    p(x1|x0;t) = e^(bt)/(2 tau) (x1 e^(bt)/x0)^(nu/2) exp(-(x0 + x1 e^(bt))/(2 tau)) I_|nu|(sqrt(x0 x1 e^(bt))/tau)
    tau = gamma^2 (e^(bt) - 1)/(4b),  nu = 2 alpha/gamma^2 - 1,
and p_Y(y1|y0) = p(y1^-B | y0^-B) |B| y1^(-B-1). B = 0: lognormal.

Written directly from those formulas, evaluated two ways:
  * mpmath at 40 significant digits (unbounded exponent range, so no overflow anywhere): the
    reference values printed for the Swift tests;
  * float64 with scipy.special.ive, printed beside them where it is representable (it underflows
    at large orders), to show the two agree;
  * where nu >= 0 (no absorption), scipy.stats.ncx2.logpdf as a third, independent route.
The survival probabilities are integrals of the density by mpmath.quad, independent of the
closed-form incomplete-gamma expression the Swift code uses.

Run: python3 stochastic_loglik.py
"""
import math

import mpmath as mp
import numpy as np
from scipy import special, stats

mp.mp.dps = 40


def feller(B, s, d, sig):
    a = B * ((B + 1) * sig**2 / 2 - s)
    b = B * d
    g2 = B**2 * sig**2
    return a, b, g2


def logp_mp(y0, y1, t, B, s, d, sig):
    y0, y1, t, B, s, d, sig = map(mp.mpf, (y0, y1, t, B, s, d, sig))
    if B == 0:
        m = mp.log(y0) + (s + d - sig**2 / 2) * t
        v = sig**2 * t
        return -mp.log(2 * mp.pi * v) / 2 - (mp.log(y1) - m) ** 2 / (2 * v) - mp.log(y1)
    a, b, g2 = feller(B, s, d, sig)
    nu = 2 * a / g2 - 1
    tau = g2 * (mp.exp(b * t) - 1) / (4 * b) if b != 0 else g2 * t / 4
    x0, x1 = y0 ** (-B), y1 ** (-B)
    x1p = x1 * mp.exp(b * t)
    dens = (mp.exp(b * t) / (2 * tau) * (x1p / x0) ** (nu / 2) * mp.exp(-(x0 + x1p) / (2 * tau))
            * mp.besseli(abs(nu), mp.sqrt(x0 * x1p) / tau))
    return mp.log(dens) + mp.log(abs(B)) - (B + 1) * mp.log(y1)


def logp_scipy(y0, y1, t, B, s, d, sig):
    a, b, g2 = feller(B, s, d, sig)
    nu = 2 * a / g2 - 1
    tau = g2 * math.expm1(b * t) / (4 * b) if b != 0 else g2 * t / 4
    x0, x1 = y0 ** (-B), y1 ** (-B)
    x1p = x1 * math.exp(b * t)
    z = math.sqrt(x0 * x1p) / tau
    with np.errstate(all="ignore"):
        lnie = np.log(special.ive(abs(nu), z))
    return (b * t - math.log(2 * tau) + nu / 2 * math.log(x1p / x0)
            - (math.sqrt(x0) - math.sqrt(x1p)) ** 2 / (2 * tau) + lnie
            + math.log(abs(B)) - (B + 1) * math.log(y1))


def logp_ncx2(y0, y1, t, B, s, d, sig):
    """Only for nu >= 0: X_t e^(bt)/tau ~ ncx2(df = 4 alpha/gamma^2, nc = x0/tau)."""
    a, b, g2 = feller(B, s, d, sig)
    tau = g2 * math.expm1(b * t) / (4 * b) if b != 0 else g2 * t / 4
    x0, x1 = y0 ** (-B), y1 ** (-B)
    return (stats.ncx2.logpdf(x1 * math.exp(b * t) / tau, 4 * a / g2, x0 / tau) + b * t - math.log(tau)
            + math.log(abs(B)) - (B + 1) * math.log(y1))


# (label, y0, y1, t, B, s, d, sigma)
CASES = [
    ("typical, absorbing (nu = -3)", 100, 120, 50, 0.5, 5e-4, -1e-3, 0.02),
    ("typical, not absorbing (nu = 1.9)", 100, 120, 50, 0.5, 1e-5, 1e-3, 0.02),
    ("decade gap, fast growth", 5000, 7000, 10, 0.5, 3e-4, 5e-3, 0.01),
    ("large order (|nu| ~ 344)", 100, 130, 20, 0.01, 2e-3, 1e-3, 0.03),
    ("very large order (|nu| ~ 1e4)", 50, 52, 5, 1e-4, 1e-3, 2e-3, 0.02),
    ("order ~ 1e6 (B = 1e-6)", 50, 52, 5, 1e-6, 1e-3, 2e-3, 0.02),
    # s and sigma scaled with Y^-B and Y^(-B/2) so that growth (1e-3 to 2e-2 a year) and volatility
    # stay plausible at extreme levels of Y.
    ("tiny Y (1e-150), X = 1e75", 1e-150, 1.2e-150, 10, 0.5, 1e72, 0.0, 6.3e35),
    ("huge Y (1e200), X = 1e-280", 1e200, 1.3e200, 10, 1.4, 1e-283, 1e-3, 2e-142),
    ("short gap (0.01 years)", 1000, 1000.2, 0.01, 0.6, 1e-3, 0.0, 0.05),
    ("long gap (5000 years)", 1, 2, 5000, 0.3, 1e-4, 0.0, 0.01),
    ("negative B (collapse boundary)", 100, 110, 10, -0.5, 0.05, 0.02, 0.05),
    ("negative B, small Y", 0.01, 0.012, 30, -1.2, 1e-5, 0.01, 0.003),
    ("beta t = 100 (expm1 overflow branch)", 10, 1e40, 2000, 1.0, 1e-3, 0.05, 0.01),
    ("beta t = -60", 10, 9, 2000, 1.0, 1e-3, -0.03, 0.02),
    ("small Bessel argument (ascending series)", 1, 3, 200, 0.8, 1e-2, 0.0, 0.5),
    ("nu just below 0", 100, 120, 50, 0.5, 2.1e-4, 1e-3, 0.02),
    ("nu just above 0", 100, 120, 50, 0.5, 1.9e-4, 1e-3, 0.02),
    ("B = 0 (lognormal)", 100, 120, 50, 0.0, 1e-3, 2e-3, 0.02),
    ("unlikely observation (far tail)", 100, 300, 10, 0.5, 5e-4, 0.0, 0.01),
]


def main():
    print("// transitions: (label, y0, y1, t, B, s, d, sigma, ln p mpmath)  [scipy ive | ncx2]")
    for label, y0, y1, t, B, s, d, sig in CASES:
        ref = logp_mp(y0, y1, t, B, s, d, sig)
        extra = ""
        if B != 0:
            try:
                sc = logp_scipy(y0, y1, t, B, s, d, sig)
                extra += f" ive={sc!r}"
            except (OverflowError, ValueError, ZeroDivisionError) as e:
                extra += f" ive=({type(e).__name__})"
            a, _, g2 = feller(B, s, d, sig)
            if 2 * a / g2 - 1 >= 0:
                try:
                    extra += f" ncx2={logp_ncx2(y0, y1, t, B, s, d, sig)!r}"
                except (OverflowError, ValueError, ZeroDivisionError) as e:
                    extra += f" ncx2=({type(e).__name__})"
        print(f'("{label}", {y0!r}, {y1!r}, {t!r}, {B!r}, {s!r}, {d!r}, {sig!r}, {mp.nstr(ref, 17)}),'
              f"  //{extra}")

    # A weighted series: Roodman-like decade-to-millennium gaps.
    years = [-10000, -5000, -1000, 1, 1000, 1500, 1700, 1820, 1900, 1950, 1960, 1970, 1980, 1990, 2000, 2019]
    values = [1.6, 4.0, 22, 105, 120, 250, 370, 700, 1900, 5300, 7700, 12000, 17000, 24000, 33000, 70000]
    weights = [1.0 / (1 + 2 * (0.2 + 0.05 * i) ** 2) for i in range(len(years))]
    print("\n// series: years, values, weights as above; (B, s, d, sigma, weighted ln L, unweighted ln L)")
    for B, s, d, sig in [(0.5, 3e-4, -1e-3, 0.02), (0.3, 1e-3, 0.0, 0.05), (1.2, 1e-6, 1e-4, 1e-3),
                         (0.05, 1e-3, 1e-4, 0.03), (-0.2, 1e-3, 2e-3, 0.02)]:
        terms = [logp_mp(values[i - 1], values[i], years[i] - years[i - 1], B, s, d, sig)
                 for i in range(1, len(years))]
        weighted = sum(w * x for w, x in zip(weights[1:], terms))
        print(f"({B!r}, {s!r}, {d!r}, {sig!r}, {mp.nstr(weighted, 17)}, {mp.nstr(sum(terms), 17)}),")

    # ln(e^-z I_nu(z)) at points in and around each region of ModifiedBessel.
    print("\n// (nu, z, ln(e^-z I_nu(z)) by mpmath)")
    for nu, z in [(0, 1e-3), (0, 0.5), (0, 30), (0.5, 2), (1, 1e-300), (3.3, 5.0), (3.3, 7.0), (10, 1e4),
                  (19.9, 14.2), (19.9, 15), (20, 14.2), (20, 15), (20, 1e6), (35, 1e-8), (60, 25), (60, 24),
                  (150, 5e3), (1000, 50), (1000, 1e5), (1e4, 400), (1e6, 1e3), (1e6, 1e12), (2.5e-7, 3.0)]:
        v = mp.log(mp.besseli(nu, z)) - z
        print(f"({nu!r}, {z!r}, {mp.nstr(v, 17)}),")

    # Survival P(X_t > 0) by integrating the density over (0, inf), for the closed form's test.
    print("\n// survival by quadrature: (alpha, beta, gamma2, x0, t, P(T0 > t))")
    for a, b, g2, x0, t in [(-0.001, -0.002, 4e-4, 0.05, 100), (0.0001, 0.001, 1e-3, 0.5, 50),
                            (-0.01, 0.0, 0.01, 2.0, 30), (0.0, -0.01, 1e-3, 0.05, 200)]:
        a, b, g2, x0, t = map(mp.mpf, (a, b, g2, x0, t))
        nu = 2 * a / g2 - 1
        tau = g2 * (mp.exp(b * t) - 1) / (4 * b) if b != 0 else g2 * t / 4

        def dens(x):
            xp = x * mp.exp(b * t)
            return (mp.exp(b * t) / (2 * tau) * (xp / x0) ** (nu / 2) * mp.exp(-(x0 + xp) / (2 * tau))
                    * mp.besseli(abs(nu), mp.sqrt(x0 * xp) / tau))

        mass = mp.quad(dens, [0, x0 / 4, x0, 4 * x0, mp.inf])
        print(f"({mp.nstr(a, 6)}, {mp.nstr(b, 6)}, {mp.nstr(g2, 6)}, {mp.nstr(x0, 6)}, {mp.nstr(t, 6)}, "
              f"{mp.nstr(mass, 15)}),")

    # Transition CDF P(0 < X_t <= x1) by quadrature, for the mixture-of-gammas CDF.
    print("\n// cdf by quadrature: (alpha, beta, gamma2, x0, x1, t, P(0 < X_t <= x1))")
    for a, b, g2, x0, x1, t in [(-0.001, -0.002, 4e-4, 1.0, 0.9, 100), (0.0003, 0.001, 1e-4, 0.5, 0.52, 5),
                                (-0.01, 0.0, 0.01, 2.0, 0.1, 30), (0.02, 0.01, 1e-3, 1.0, 2.0, 20)]:
        a, b, g2, x0, x1, t = map(mp.mpf, (a, b, g2, x0, x1, t))
        nu = 2 * a / g2 - 1
        tau = g2 * (mp.exp(b * t) - 1) / (4 * b) if b != 0 else g2 * t / 4

        def dens(x):
            xp = x * mp.exp(b * t)
            return (mp.exp(b * t) / (2 * tau) * (xp / x0) ** (nu / 2) * mp.exp(-(x0 + xp) / (2 * tau))
                    * mp.besseli(abs(nu), mp.sqrt(x0 * xp) / tau))

        cdf = mp.quad(dens, [0, x1 / 4, x1 / 2, x1])
        print(f"({mp.nstr(a, 6)}, {mp.nstr(b, 6)}, {mp.nstr(g2, 6)}, {mp.nstr(x0, 6)}, {mp.nstr(x1, 6)}, "
              f"{mp.nstr(t, 6)}, {mp.nstr(cdf, 15)}),")


if __name__ == "__main__":
    main()
