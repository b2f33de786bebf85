"""Reference numbers for Tests/GrowthModelsTests/ProportionalityTests.swift: Kremer's hypothesis in
the growth form, B of g = s y^B, computed INDEPENDENTLY of gdpfit with numpy/scipy.

For each case: the growth sample (g_i = ln(y_{i+1}/y_i)/(t_{i+1}-t_i) at the start level y_i, one
interval per pair of consecutive observations inside the window, era by start year, gap weights
w_i = t_{i+1} - t_i), then
- RSS(B) = min over s of sum w (g - s y^B)^2, in closed form (weighted regression through the origin
  on x = y^B); B-hat = argmin RSS(B) by scipy.optimize.minimize_scalar (bounded, tight tolerance);
- the 95% profile interval {B : n ln(RSS(B)/RSS_min) <= chi2_1(0.95)}, each end by scipy's brentq;
- LR statistics n ln(RSS(0)/RSS_min) and n ln(RSS(1)/RSS_min), p-values by scipy.stats.chi2.sf.
(docs/statistics.md, "Proportional growth".)

Run from the package root: python3 Tests/GrowthModelsTests/reference/proportionality_reference.py
Output is Swift source, pasted into ProportionalityTests.swift between its BEGIN and END markers.
"""
import csv
import math
import os

import numpy as np
from scipy import optimize, stats

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
CASES = [  # dataset, column, window, era (start-year bounds, end exclusive)
    ("kremer-1993", "population_millions", (-10000, 1950), (-math.inf, 1700)),
    ("hyde-3.2.1", "population_millions", (-10000, 1950), (-math.inf, 1700)),
    ("delong-1998", "gwp_billion_1990_intl", (-10000, 1950), (-math.inf, 1700)),
    ("roodman-2020", "gwp_billion_1990_intl", (-10000, 1950), (-math.inf, 1700)),
    ("kremer-1993", "population_millions", (-10000, 1950), (1700, math.inf)),
    ("kremer-1993", "population_millions", (-10000, 1950), (-math.inf, math.inf)),
]


def sample(dataset, column, window, era):
    with open(os.path.join(ROOT, "datasets", dataset + ".csv"), newline="") as f:
        rows = [r for r in csv.DictReader(f) if r[column] not in ("", "NA")]
    t = np.array([float(r["year"]) for r in rows])
    y = np.array([float(r[column]) for r in rows])
    keep = (t >= window[0]) & (t <= window[1])
    t, y = t[keep], y[keep]
    dt = np.diff(t)
    g = np.log(y[1:] / y[:-1]) / dt
    start = t[:-1]
    era_keep = (start >= era[0]) & (start < era[1])
    return y[:-1][era_keep], g[era_keep], dt[era_keep]


def rss(B, y, g, w):
    x = np.exp(B * np.log(y))
    s = np.sum(w * x * g) / np.sum(w * x * x)
    return float(np.sum(w * (g - s * x) ** 2))


def main():
    print("    // BEGIN proportionality (proportionality_reference.py)")
    crit = stats.chi2.ppf(0.95, 1)
    for dataset, column, window, era in CASES:
        y, g, w = sample(dataset, column, window, era)
        n = len(g)
        best = optimize.minimize_scalar(lambda B: rss(B, y, g, w), bounds=(-3, 5), method="bounded",
                                        options={"xatol": 1e-12})
        b_hat, rss_min = best.x, best.fun
        deviance = lambda B: n * math.log(rss(B, y, g, w) / rss_min) - crit
        lower = optimize.brentq(deviance, b_hat - 10, b_hat, xtol=1e-12) if deviance(b_hat - 10) > 0 else None
        upper = optimize.brentq(deviance, b_hat, b_hat + 10, xtol=1e-12) if deviance(b_hat + 10) > 0 else None
        lr0 = n * math.log(rss(0, y, g, w) / rss_min)
        lr1 = n * math.log(rss(1, y, g, w) / rss_min)
        era_name = {(-math.inf, 1700): "preModern", (1700, math.inf): "modern"}.get(era, "wholeWindow")
        lo = "nil" if lower is None else repr(lower)
        up = "nil" if upper is None else repr(upper)
        print(f'    Reference(dataset: "{dataset}", era: .{era_name}, n: {n}, exponent: {float(b_hat)!r}, lower: {lo}, upper: {up},')
        print(f"              lrZero: {lr0!r}, pZero: {float(stats.chi2.sf(lr0, 1))!r}, lrOne: {lr1!r}, pOne: {float(stats.chi2.sf(lr1, 1))!r}),")
    print("    // END proportionality")


if __name__ == "__main__":
    main()
