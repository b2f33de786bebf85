"""Reference numbers for Tests/GrowthModelsTests/GrowthModelReferenceTests.swift: every built-in growth
model fitted to curated datasets by an INDEPENDENT computation (statsmodels WLS for the models linear in
their parameters; scipy.optimize.least_squares, Levenberg-Marquardt, directly in the reported
parametrisations (ln_C, k, t_star) and (s, B[, d]) for the others, each nonlinear optimum confirmed by a
one-dimensional profile minimisation with scipy.optimize.minimize_scalar), plus brute-force growth-mode
segmentations to check the dynamic programme.

Conventions (docs/statistics.md and issue #3):
- level form: ln y_i over t_i, observations with t_i in the window (inclusive). Gap weights for levels
  are half the distance to each neighbour, one-sided at the ends (trapezoid rule).
- growth form: g_i = ln(y_{i+1}/y_i)/(t_{i+1}-t_i) at the start level y_i, one per interval with both
  ends in the window; gap weight w_i = t_{i+1} - t_i.
- RSS = sum w r^2; covariance s^2 (J^T W J)^-1 with s^2 = RSS/(n-p);
  lnL = -(n/2)(ln 2pi + ln(RSS/n) + 1) + (1/2) sum ln w; K = p + 1; AICc = AIC + 2K(K+1)/(n-K-1);
  BIC = -2 lnL + K ln n.
- derived quantities as Sources/GrowthModels/DerivedQuantities.swift names them, standard errors by
  the delta method with a central-difference gradient (not the analytic gradients of the Swift code).
  "The last level" of a growth sample is the level at the END of its last interval, y_n.

Run from the package root: python3 Tests/GrowthModelsTests/reference/growth_models_reference.py
Output is Swift source, pasted into GrowthModelReferenceTests.swift.
"""
import csv
import itertools
import math
import os

import numpy as np
import statsmodels.api as sm
from scipy import optimize, stats

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")


def load(dataset, column):
    with open(os.path.join(ROOT, "datasets", dataset + ".csv"), newline="") as f:
        rows = [r for r in csv.DictReader(f) if r[column] not in ("", "NA")]
    return np.array([float(r["year"]) for r in rows]), np.array([float(r[column]) for r in rows])


def level_sample(t, y, window, weighting):
    keep = (t >= window[0]) & (t <= window[1])
    t, y = t[keep], y[keep]
    if weighting == "gap":
        d = np.diff(t)
        w = np.concatenate([[0.0], d / 2]) + np.concatenate([d / 2, [0.0]])
    else:
        w = np.ones_like(t)
    return dict(t=t, y=y, response=np.log(y), w=w, last_year=t[-1], weighted=weighting != "none")


def growth_sample(t, y, window, weighting):
    keep = (t >= window[0]) & (t <= window[1])
    t, y = t[keep], y[keep]
    dt = np.diff(t)
    g = np.log(y[1:] / y[:-1]) / dt
    w = dt if weighting == "gap" else np.ones_like(dt)
    return dict(t=t[:-1], y=y[:-1], response=g, w=w, end_level=y[-1], weighted=weighting != "none")


def criteria(rss, n, p, w, weighted):
    sum_log_w = float(np.sum(np.log(w))) if weighted else 0.0
    lnl = -(n / 2) * (math.log(2 * math.pi) + math.log(rss / n) + 1) + sum_log_w / 2
    k = p + 1
    aic = -2 * lnl + 2 * k
    aicc = aic + 2 * k * (k + 1) / (n - k - 1)
    bic = -2 * lnl + k * math.log(n)
    return lnl, aicc, bic


def wls(X, response, w):
    res = sm.WLS(response, X, weights=w).fit()
    return res.params, res.bse, float(res.ssr), res


def lstsq(X, response, w):
    """Weighted least squares by numpy (used inside the profiles, where statsmodels is slow)."""
    sw = np.sqrt(w)
    params = np.linalg.lstsq(X * sw[:, None], response * sw, rcond=None)[0]
    return params, float(np.sum(w * (response - X @ params) ** 2))


def nonlinear(model, jac, theta0, response, w):
    """Levenberg-Marquardt on sqrt(w) (response - model) from theta0, tolerances at their floor."""
    sw = np.sqrt(w)
    sol = optimize.least_squares(
        lambda th: sw * (response - model(th)), theta0, jac=lambda th: -sw[:, None] * jac(th),
        method="lm", xtol=1e-15, ftol=1e-15, gtol=1e-15, x_scale="jac", max_nfev=100000)
    th = sol.x
    J = jac(th)
    rss = float(np.sum(w * (response - model(th)) ** 2))
    n, p = J.shape
    cov = rss / (n - p) * np.linalg.inv(J.T @ (w[:, None] * J))
    return th, np.sqrt(np.diag(cov)), rss, cov


def delta_se(fn, theta, cov):
    """Delta-method SE of fn(theta) with a central-difference gradient (step relative to each parameter)."""
    grad = np.zeros(len(theta))
    for j in range(len(theta)):
        h = 1e-6 * max(abs(theta[j]), 1e-8)
        up, down = theta.copy(), theta.copy()
        up[j] += h
        down[j] -= h
        grad[j] = (fn(up) - fn(down)) / (2 * h)
    return float(math.sqrt(grad @ cov @ grad))


def fit_exponential(s):
    X = np.column_stack([np.ones_like(s["t"]), s["t"]])
    th, se, rss, res = wls(X, s["response"], s["w"])
    cov = res.cov_params()
    derived = {
        "growth_rate": (th[1], delta_se(lambda p: p[1], th, cov)),
        "doubling_time": (math.log(2) / th[1], delta_se(lambda p: math.log(2) / p[1], th, cov)),
    }
    return th, se, rss, derived, res


def fit_hyperbolic(s):
    t, z, w = s["t"], s["response"], s["w"]
    last = s["last_year"]

    def profile(tstar):  # (ln C, k) by WLS at a fixed t*, and the RSS
        return lstsq(np.column_stack([np.ones_like(t), -np.log(tstar - t)]), z, w)

    offsets = last + np.logspace(-1, 6, 400)
    best = min(offsets, key=lambda ts: profile(ts)[1])
    lnc, k = profile(best)[0]
    model = lambda th: th[0] - th[1] * np.log(th[2] - t)
    jac = lambda th: np.column_stack([np.ones_like(t), -np.log(th[2] - t), -th[1] / (th[2] - t)])
    th, se, rss, cov = nonlinear(model, jac, np.array([lnc, k, best]), z, w)
    # Confirm the optimum: minimise the profile RSS over ln(t* - last) with Brent's method.
    u = optimize.minimize_scalar(lambda u: profile(last + math.exp(u))[1],
                                 bracket=(math.log(best - last) - 0.5, math.log(best - last) + 0.5),
                                 tol=1e-12)
    assert abs(last + math.exp(u.x) - th[2]) < 1e-5 * abs(th[2] - last), (u.x, th)
    assert profile(th[2])[1] <= u.fun * (1 + 1e-12)
    derived = {
        "singularity_year": (th[2], delta_se(lambda p: p[2], th, cov)),
        "years_to_singularity": (th[2] - last, delta_se(lambda p: p[2] - last, th, cov)),
        "growth_rate_at_end": (th[1] / (th[2] - last), delta_se(lambda p: p[1] / (p[2] - last), th, cov)),
        "implied_B": (1 / th[1], delta_se(lambda p: 1 / p[1], th, cov)),
    }
    return th, se, rss, derived, None


def fit_proportional_hyperbolic(s):
    """ln y = ln C - ln(t* - t) (k = 1): ln C in closed form at each t*, the profile minimised over
    ln(t* - last) by Brent's method after a log grid, then LM from there for the covariance."""
    t, z, w = s["t"], s["response"], s["w"]
    last = s["last_year"]

    def profile(tstar):
        lnc = float(np.sum(w * (z + np.log(tstar - t))) / np.sum(w))
        return lnc, float(np.sum(w * (z - lnc + np.log(tstar - t)) ** 2))

    offsets = last + np.logspace(-1, 6, 400)
    best = min(offsets, key=lambda ts: profile(ts)[1])
    u = optimize.minimize_scalar(lambda u: profile(last + math.exp(u))[1],
                                 bracket=(math.log(best - last) - 0.5, math.log(best - last) + 0.5), tol=1e-12)
    tstar = last + math.exp(u.x)
    model = lambda th: th[0] - np.log(th[1] - t)
    jac = lambda th: np.column_stack([np.ones_like(t), -1 / (th[1] - t)])
    th, se, rss, cov = nonlinear(model, jac, np.array([profile(tstar)[0], tstar]), z, w)
    assert abs(th[1] - tstar) < 1e-5 * abs(tstar - last), (th, tstar)
    derived = {
        "singularity_year": (th[1], delta_se(lambda p: p[1], th, cov)),
        "years_to_singularity": (th[1] - last, delta_se(lambda p: p[1] - last, th, cov)),
        "growth_rate_at_end": (1 / (th[1] - last), delta_se(lambda p: 1 / (p[1] - last), th, cov)),
    }
    return th, se, rss, derived, None


def fit_constant(s):
    X = np.ones((len(s["response"]), 1))
    th, se, rss, res = wls(X, s["response"], s["w"])
    cov = res.cov_params()
    derived = {"doubling_time": (math.log(2) / th[0], delta_se(lambda p: math.log(2) / p[0], th, cov))}
    return th, se, rss, derived, res


def fit_linear(s):
    X = np.column_stack([np.ones_like(s["y"]), s["y"]])
    th, se, rss, res = wls(X, s["response"], s["w"])
    cov = res.cov_params()
    Y = s["end_level"]
    derived = {"growth_rate_at_end": (th[0] + th[1] * Y, delta_se(lambda p: p[0] + p[1] * Y, th, cov))}
    return th, se, rss, derived, res


def fit_proportional(s):
    """g = s y: growth proportional to the level (B = 1), WLS through the origin."""
    X = s["y"][:, None]
    th, se, rss, res = wls(X, s["response"], s["w"])
    cov = res.cov_params()
    Y = s["end_level"]
    derived = {
        "growth_rate_at_end": (th[0] * Y, delta_se(lambda p: p[0] * Y, th, cov)),
        "years_to_singularity": (1 / (th[0] * Y), delta_se(lambda p: 1 / (p[0] * Y), th, cov)),
    }
    return th, se, rss, derived, res


def fit_power(s, drift):
    y, g, w = s["y"], s["response"], s["w"]
    p = 3 if drift else 2

    def profile(B):  # s (and d) by WLS at a fixed B
        return lstsq(np.column_stack([y ** B] + ([np.ones_like(y)] if drift else [])), g, w)

    grid = np.linspace(-4, 6, 1001)
    B0 = min(grid, key=lambda b: profile(b)[1])
    lin = profile(B0)[0]
    start = np.array([lin[0], B0] + ([lin[1]] if drift else []))
    model = lambda th: th[0] * y ** th[1] + (th[2] if drift else 0)
    jac = lambda th: np.column_stack(
        [y ** th[1], th[0] * y ** th[1] * np.log(y)] + ([np.ones_like(y)] if drift else []))
    th, se, rss, cov = nonlinear(model, jac, start, g, w)
    b = optimize.minimize_scalar(lambda B: profile(B)[1], bracket=(B0 - 0.01, B0 + 0.01), tol=1e-12)
    assert abs(b.x - th[1]) < 1e-6 * max(1, abs(th[1])), (b.x, th)
    Y = s["end_level"]
    at_end = lambda q: q[0] * Y ** q[1] + (q[2] if drift else 0)
    derived = {"growth_rate_at_end": (at_end(th), delta_se(at_end, th, cov))}
    if not drift:
        years = lambda q: 1 / (q[1] * q[0] * Y ** q[1])
        derived["years_to_singularity"] = (years(th), delta_se(years, th, cov))
    return th, se, rss, derived, None


FITTERS = {
    "exponential": fit_exponential,
    "hyperbolic": fit_hyperbolic,
    "constantGrowth": fit_constant,
    "linearGrowth": fit_linear,
    "powerGrowth": lambda s: fit_power(s, drift=False),
    "powerGrowthDrift": lambda s: fit_power(s, drift=True),
    "proportionalGrowth": fit_proportional,
    "proportionalHyperbolic": fit_proportional_hyperbolic,
}
LEVEL = ["exponential", "hyperbolic", "proportionalHyperbolic"]
GROWTH = ["constantGrowth", "linearGrowth", "powerGrowth", "powerGrowthDrift", "proportionalGrowth"]

# (dataset, value column, form, window, weighting, models)
CASES = [
    ("kremer-1993", "population_millions", "level", (-10000, 1950), "none", LEVEL),
    ("kremer-1993", "population_millions", "level", (-10000, 1950), "gap", LEVEL),
    ("kremer-1993", "population_millions", "level", (1, 1950), "none", ["hyperbolic"]),
    ("kremer-1993", "population_millions", "growth", (-10000, 1950), "gap", GROWTH),
    ("kremer-1993", "population_millions", "growth", (-10000, 1950), "none", GROWTH),
    ("delong-1998", "gwp_billion_1990_intl", "level", (-10000, 1950), "none", LEVEL),
    ("delong-1998", "gwp_billion_1990_intl", "growth", (-10000, 1950), "gap", GROWTH),
    ("delong-1998", "gwp_billion_1990_intl", "growth", (-10000, 1950), "none", GROWTH),
]


def swift(x):
    return repr(float(x))


def swift_list(xs):
    return "[" + ", ".join(swift(x) for x in xs) + "]"


def print_fits():
    print("    // BEGIN fits (growth_models_reference.py)")
    nested = []
    for dataset, column, form, window, weighting, models in CASES:
        t, y = load(dataset, column)
        s = (level_sample if form == "level" else growth_sample)(t, y, window, weighting)
        n = len(s["response"])
        fits = {}
        for model in models:
            th, se, rss, derived, res = FITTERS[model](s)
            p = len(th)
            lnl, aicc, bic = criteria(rss, n, p, s["w"], s["weighted"])
            if res is not None:  # statsmodels' WLS log-likelihood adds (1/2) sum ln w too
                assert abs(res.llf - lnl) < 1e-9 * abs(lnl) + 1e-9 or not s["weighted"] and abs(res.llf - lnl) < 1e-9
            fits[model] = rss, p
            d = ", ".join(f'"{k}": ({swift(v)}, {swift(e)})' for k, (v, e) in derived.items())
            print(f'    Reference(dataset: "{dataset}", column: "{column}", form: .{form}, '
                  f'window: ({window[0]}, {window[1]}), weighting: "{weighting}", model: .{model}, n: {n},')
            print(f"              parameters: {swift_list(th)},")
            print(f"              standardErrors: {swift_list(se)},")
            print(f"              rss: {swift(rss)}, logLikelihood: {swift(lnl)}, aicc: {swift(aicc)}, bic: {swift(bic)},")
            print(f"              derived: [{d}]),")
        if form == "growth":
            rss_c, _ = fits["constantGrowth"]
            for alt in ("powerGrowth", "linearGrowth"):
                rss_u, p_u = fits[alt]
                lr = n * math.log(rss_c / rss_u)
                f = (rss_c - rss_u) / (rss_u / (n - p_u))
                nested.append(f'    NestedReference(dataset: "{dataset}", column: "{column}", weighting: "{weighting}", '
                      f"alternative: .{alt}, lr: {swift(lr)}, lrP: {swift(stats.chi2.sf(lr, 1))},\n"
                              f"                    f: {swift(f)}, fDenominatorDF: {n - p_u}, fP: {swift(stats.f.sf(f, 1, n - p_u))}),")
    print("    // END fits")
    print("    // BEGIN nested tests (growth_models_reference.py; p-values from scipy.stats.chi2.sf and f.sf)")
    print("\n".join(nested))
    print("    // END nested tests")


def segment_rss(t, z, w):
    return lstsq(np.column_stack([np.ones_like(t), t - t.mean()]), z, w)[1]


def print_growth_modes():
    """Every segmentation into m+1 runs of at least 3 consecutive observations, m = 0..3."""
    print("    // BEGIN growth modes (growth_models_reference.py, brute force over all segmentations)")
    for dataset, column, weighting in [("kremer-1993", "population_millions", "none"),
                                       ("delong-1998", "gwp_billion_1990_intl", "gap")]:
        t, y = load(dataset, column)
        s = level_sample(t, y, (-10000, 1950), weighting)
        tt, z, w = s["t"], s["response"], s["w"]
        n = len(tt)
        for m in range(0, 4):
            best = None
            for cuts in itertools.combinations(range(3, n - 2), m):
                bounds = (0,) + cuts + (n,)
                if any(b - a < 3 for a, b in zip(bounds, bounds[1:])):
                    continue
                rss = sum(segment_rss(tt[a:b], z[a:b], w[a:b]) for a, b in zip(bounds, bounds[1:]))
                if best is None or rss < best[0]:
                    best = (rss, [tt[c] for c in cuts])
            rss, years = best
            _, _, bic = criteria(rss, n, 2 * (m + 1) + m, w, s["weighted"])
            print(f'    ModesReference(dataset: "{dataset}", column: "{column}", weighting: "{weighting}", '
                  f"breaks: {m}, breakYears: {swift_list(years)}, rss: {swift(rss)}, bic: {swift(bic)}),")
    print("    // END growth modes")


if __name__ == "__main__":
    print_fits()
    print_growth_modes()
