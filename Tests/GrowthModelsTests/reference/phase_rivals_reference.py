"""Reference numbers for Tests/GrowthModelsTests/PhaseRivalTests.swift: the continuous
piecewise-exponential paths (exact break years, count by Zhang & Siegmund's modified BIC) and Hanson's
sums of exponential modes, computed independently of gdpfit's algorithms.

Continuous paths, ln y = a + r t + sum_j c_j (t - b_j)+, by BRUTE FORCE: every partition of the
observations into m + 1 segments of at least 3 observations puts break j in the closed interval between
two consecutive observation years; on that box of break years the profile RSS (numpy.linalg.lstsq of
the hinge design, weighted by sqrt(w)) is minimised by scipy.optimize.minimize (L-BFGS-B, bounds = the
box) from every corner and the centre of the box; the least RSS over all partitions and starts is the
answer. No use of the linear-constraint argument gdpfit's search rests on. lnL, K = 2m + 3 and BIC by
docs/statistics.md; mBIC = BIC + m ln n + sum_i ln(n_i / n) (docs/hypothesis-test.md).

Sums of exponential modes, y = sum_j a_j exp(r_j t), fitted on ln y by scipy.optimize.least_squares
(method "lm", exact to its tolerances 1e-15) from 200 random starts (seeded) plus starts built from
the continuous path's phases; time centred on the window's midpoint and scaled by its half-span; the
least RSS is reported; K = 2M + 1.

Data: kremer-1993 and delong-1998, level observations of 10,000 BCE to 1950, gdpfit's level gap
weights (half the distance to each neighbour, one-sided at the ends); and a synthetic 15-point series
(below), unweighted.

Run from the package root (about 15 minutes; dataset names as arguments run only those cases):
    python3 Tests/GrowthModelsTests/reference/phase_rivals_reference.py
"""
import csv
import itertools
import math
import os
import sys

import numpy as np
from scipy.optimize import least_squares, minimize

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
MIN_SEGMENT = 3


def load(dataset, column):
    with open(os.path.join(ROOT, "datasets", dataset + ".csv"), newline="") as f:
        rows = [r for r in csv.DictReader(f) if r[column] not in ("", "NA")]
    t = np.array([float(r["year"]) for r in rows])
    y = np.array([float(r[column]) for r in rows])
    keep = (t >= -10000) & (t <= 1950)
    t, z = t[keep], np.log(y[keep])
    d = np.diff(t)
    w = np.concatenate([[0.0], d / 2]) + np.concatenate([d / 2, [0.0]])
    return t, z, w


def synthetic():
    t = np.array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], dtype=float) * 100.0
    z = np.array([1.00, 1.13, 1.19, 1.35, 1.42, 1.61, 1.93, 2.31, 2.68, 3.12, 3.49, 4.61, 5.83, 7.02, 8.30])
    return t, z, np.ones_like(t)


def hinge_rss(t, z, w, knots):
    cols = [np.ones_like(t), t] + [np.maximum(t - b, 0) for b in knots]
    X = np.column_stack(cols)
    sw = np.sqrt(w)
    beta = np.linalg.lstsq(X * sw[:, None], z * sw, rcond=None)[0]
    return float(np.sum(w * (z - X @ beta) ** 2)), beta


def criteria(rss, n, p, w):
    lnl = -(n / 2) * (math.log(2 * math.pi) + math.log(rss / n) + 1) + 0.5 * float(np.sum(np.log(w)))
    return lnl, -2 * lnl + (p + 1) * math.log(n)


def best_path(t, z, w, m):
    n = len(t)
    if m == 0:
        return hinge_rss(t, z, w, [])[0], [], [n]
    best = (math.inf, None, None)
    # starts[j]: first observation index of segment j+1; break j in [t[k-1], t[k]].
    for starts in itertools.combinations(range(MIN_SEGMENT, n - MIN_SEGMENT + 1), m):
        bounds = [0] + list(starts) + [n]
        if any(bounds[i + 1] - bounds[i] < MIN_SEGMENT for i in range(m + 1)):
            continue
        box = [(t[k - 1], t[k]) for k in starts]
        corners = list(itertools.product(*box)) + [tuple((lo + hi) / 2 for lo, hi in box)]
        for x0 in corners:
            res = minimize(lambda b: hinge_rss(t, z, w, b)[0], np.array(x0), method="L-BFGS-B", bounds=box,
                           options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 500})
            if res.fun < best[0]:
                best = (float(res.fun), [float(b) for b in res.x], None)
    # Observations per phase: an observation at a break year counts in the phase the break ends
    # (its hinge term (t - b)+ is zero there).
    edges = [-math.inf] + best[1] + [math.inf]
    counts = [int(np.sum((t > edges[i]) & (t <= edges[i + 1]))) for i in range(m + 1)]
    return best[0], best[1], counts


def modes_fit(t, z, w, modes, seeds):
    centre, scale = (t[0] + t[-1]) / 2, (t[-1] - t[0]) / 2
    s = (t - centre) / scale
    sw = np.sqrt(w)

    def resid(theta):
        e = theta[0::2][None, :] + theta[1::2][None, :] * s[:, None]
        mx = e.max(axis=1)
        return sw * (z - (mx + np.log(np.exp(e - mx[:, None]).sum(axis=1))))

    rng = np.random.default_rng(20000)
    starts = list(seeds)
    for _ in range(200):
        starts.append(np.concatenate([[rng.uniform(z.min() - 3, z.max()), rng.uniform(-2, 12)] for _ in range(modes)]))
    best = None
    for x0 in starts:
        try:
            res = least_squares(resid, np.array(x0, dtype=float), method="lm", xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=20000)
        except Exception:
            continue
        rss = float(np.sum(res.fun ** 2))
        if np.all(np.isfinite(res.x)) and (best is None or rss < best[0]):
            best = (rss, res.x)
    rss, theta = best
    order = np.argsort(theta[1::2])
    rates = [float(theta[1::2][j] / scale) for j in order]
    return rss, rates


def phase_seeds(t, z, w, knots, modes):
    centre, scale = (t[0] + t[-1]) / 2, (t[-1] - t[0]) / 2
    _, beta = hinge_rss(t, z, w, knots)
    intercepts, rates = [beta[0]], [beta[1]]
    for j, b in enumerate(knots):
        rates.append(rates[-1] + beta[2 + j])
        intercepts.append(intercepts[-1] - beta[2 + j] * b)
    lines = [(a + r * centre, r * scale) for a, r in zip(intercepts, rates)][-modes:]
    while len(lines) < modes:
        lines.append((lines[-1][0] - 2, lines[-1][1] * 2 + 0.5))
    return [np.array([v for line in lines for v in line])]


cases = [("synthetic", synthetic, 3), ("kremer-1993", lambda: load("kremer-1993", "population_millions"), 2),
         ("delong-1998", lambda: load("delong-1998", "gwp_billion_1990_intl"), 2)]
only = sys.argv[1:]  # optional dataset names, to run the cases in parallel processes
for name, data, max_m in cases:
    if only and name not in only:
        continue
    t, z, w = data()
    n = len(t)
    print(f"// {name}: n = {n}")
    knots_by_m = {}
    for m in range(0, max_m + 1):
        rss, knots, counts = best_path(t, z, w, m)
        knots_by_m[m] = knots
        lnl, bic = criteria(rss, n, 2 * m + 2, w)
        mbic = bic + m * math.log(n) + sum(math.log(c / n) for c in counts)
        print(f'    PathReference(dataset: "{name}", breaks: {m}, rss: {rss!r}, breakYears: {knots}, '
              f"segmentObservations: {counts}, bic: {bic!r}, modifiedBIC: {mbic!r}),")
    if name == "synthetic":
        continue
    for modes in (2, 3):
        seeds = phase_seeds(t, z, w, knots_by_m[modes - 1], modes) if modes - 1 in knots_by_m else []
        rss, rates = modes_fit(t, z, w, modes, seeds)
        lnl, bic = criteria(rss, n, 2 * modes, w)
        print(f'    ModesReference(dataset: "{name}", modes: {modes}, rss: {rss!r}, rates: {rates}, bic: {bic!r}),')
