"""Reference numbers for Tests/GrowthModelsTests/OutOfSampleForecastTests.swift: out-of-sample
forecast RMSEs of ln y, computed independently with numpy/scipy.

For each dataset, window 10,000 BCE to 1950, and cut-off c in (1700, 1820, 1913): the level
observations with t <= c are fitted by UNWEIGHTED least squares on ln y, and the RMSE is
sqrt(mean((ln y_obs - ln y_pred)^2)) over the observations with c < t <= 1950.
- exponential: numpy.polyfit(t, ln y, 1);
- hyperbolic: ln y = a - k ln(t* - t); for each t* the fit is linear in (a, k) (numpy.linalg.lstsq),
  and t* minimises the profile RSS over t_last + 1e-6 S to t_last + 1e6 S (S the fitted span): a
  dense grid in ln(t* - t_last) refined by scipy.optimize.minimize_scalar (bounded);
- proportional-hyperbolic: the same with k = 1 (a = mean(ln y + ln(t* - t)));
- transition-path: ln y = a + r t + sum c_j (t - b_j)+ with b in (-3000, 1760) kept where strictly
  inside the fitted years, by numpy.linalg.lstsq.
A forecast whose singularity t* is at or before the last held-out year is not scored (None).
Also: the CRPS of a sample by the O(m^2) double sum (Gneiting & Raftery 2007, eq. 21) for a fixed
sample, against which the library's O(m) sorted formula is checked.

Run from the package root: python3 Tests/GrowthModelsTests/reference/forecast_reference.py
"""
import csv
import math
import os

import numpy as np
from scipy.optimize import minimize_scalar

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")


def load(dataset, column):
    with open(os.path.join(ROOT, "datasets", dataset + ".csv"), newline="") as f:
        rows = [r for r in csv.DictReader(f) if r[column] not in ("", "NA")]
    t = np.array([float(r["year"]) for r in rows])
    y = np.array([float(r[column]) for r in rows])
    keep = (t >= -10000) & (t <= 1950)
    return t[keep], np.log(y[keep])


def hyperbola(t, z, k_free):
    last, span = t[-1], t[-1] - t[0]

    def rss_at(u):
        x = -np.log(last + math.exp(u) - t)
        if k_free:
            X = np.column_stack([np.ones_like(t), x])
            beta = np.linalg.lstsq(X, z, rcond=None)[0]
            return float(np.sum((z - X @ beta) ** 2)), beta
        a = float(np.mean(z - x))
        return float(np.sum((z - a - x) ** 2)), np.array([a, 1.0])

    lo, hi = math.log(1e-6 * span), math.log(1e6 * span)
    grid = np.linspace(lo, hi, 4001)
    values = [rss_at(u)[0] for u in grid]
    i = int(np.argmin(values))
    a, b = grid[max(i - 1, 0)], grid[min(i + 1, len(grid) - 1)]
    best = minimize_scalar(lambda u: rss_at(u)[0], bounds=(a, b), method="bounded",
                           options={"xatol": 1e-12})
    u = best.x
    _, beta = rss_at(u)
    tstar = last + math.exp(u)
    at_bound = u > hi - 1e-6 or u < lo + 1e-6
    return tstar, beta, at_bound


def rmse(pred, obs):
    return float(np.sqrt(np.mean((obs - pred) ** 2)))


for dataset, column in [("kremer-1993", "population_millions"), ("delong-1998", "gwp_billion_1990_intl")]:
    t_all, z_all = load(dataset, column)
    for cutoff in (1700, 1820, 1913):
        fit = t_all <= cutoff
        t, z = t_all[fit], z_all[fit]
        th, zh = t_all[~fit], z_all[~fit]
        out = {}
        slope, intercept = np.polyfit(t, z, 1)
        out["exponential"] = rmse(intercept + slope * th, zh)
        for name, k_free in (("hyperbolic", True), ("proportional-hyperbolic", False)):
            tstar, beta, at_bound = hyperbola(t, z, k_free)
            if tstar <= th[-1]:
                out[name] = None
            else:
                out[name] = rmse(beta[0] - beta[1] * np.log(tstar - th), zh)
            out[name + " t*"] = tstar
        breaks = [b for b in (-3000, 1760) if t[0] < b < t[-1]]
        X = np.column_stack([np.ones_like(t), t] + [np.maximum(t - b, 0) for b in breaks])
        beta = np.linalg.lstsq(X, z, rcond=None)[0]
        Xh = np.column_stack([np.ones_like(th), th] + [np.maximum(th - b, 0) for b in breaks])
        out["transition-path"] = rmse(Xh @ beta, zh)
        print(dataset, cutoff, "n_fitted", len(t), "n_held_out", len(th), out)

sample = np.array([2 * math.sin(i) + i / 50 for i in range(200)])
for x in (1.3, -4.0):
    crps = np.mean(np.abs(sample - x)) - 0.5 * np.mean(np.abs(sample[:, None] - sample[None, :]))
    print("crps of the sample 2 sin(i) + i/50, i = 0..199, at x =", x, ":", repr(float(crps)))
