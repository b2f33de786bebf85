#!/usr/bin/env python3
"""Reference values for uncertainty bands as data (issue 12, items 3 and 5), with numpy only.

Reads the curated CSVs in datasets/ directly (not through gdpfit) and prints:
  1. uscb-summary's geometric midpoints sqrt(lower * upper) and the unweighted least-squares line
     ln y = a + r t over 10,000 BCE to 1700 (numpy lstsq): a, r and the RSS;
  2. the same line on hyde-3.2.1's lower bound (10,000 BCE's lower bound is 0 and left out) and on
     its upper bound;
  3. inverse-variance weights on hyde-3.2.1's central series over the same window: sigma_i is
     (ln upper - ln lower)/sqrt(12) where lower > 0 and upper > lower, else Roodman's spline
     (1.00 at or before 10,000 BCE, 0.75 at 1 CE, 0.25 at 1700, 0.05 at 1900, 0.01 from 2000,
     linear between); weight 1/sigma^2; the weighted least-squares line a, r;
  4. the growth form's inverse-variance weights of uscb-summary's midpoint, dt^2/(s_i^2 + s_j^2),
     and the weighted mean growth rate (constant-growth's WLS estimate) over 10,000 BCE to 1700.
Run from the package root: python3 Tests/GrowthModelsTests/reference/band_reference.py
"""
import csv
import math
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[3]
KNOTS = [(-10000, 1.00), (1, 0.75), (1700, 0.25), (1900, 0.05), (2000, 0.01)]


def read(name):
    with open(ROOT / "datasets" / f"{name}.csv", newline="") as f:
        return list(csv.DictReader(f))


def spline(t):
    return float(np.interp(t, [k[0] for k in KNOTS], [k[1] for k in KNOTS]))


def sigma(lower, upper, t):
    if lower > 0 and upper > lower:
        return (math.log(upper) - math.log(lower)) / math.sqrt(12)
    return spline(t)


def line(t, lny, w=None):
    t, lny = np.asarray(t, float), np.asarray(lny, float)
    sw = np.ones_like(t) if w is None else np.sqrt(np.asarray(w, float))
    X = np.column_stack([np.ones_like(t), t])
    coef, *_ = np.linalg.lstsq(X * sw[:, None], lny * sw, rcond=None)
    rss = float(np.sum((sw * (lny - X @ coef)) ** 2))
    return coef[0], coef[1], rss


def show(label, a, r, rss, n):
    print(f"{label}: n={n} a={float(a)!r} r={float(r)!r} rss={rss!r}")


uscb = read("uscb-summary")
mid = [(float(r["year"]), math.sqrt(float(r["population_lower_millions"]) * float(r["population_upper_millions"])),
        float(r["population_lower_millions"]), float(r["population_upper_millions"])) for r in uscb]
print("uscb midpoints (first three):", [repr(m[1]) for m in mid[:3]], "count", len(mid))
win = [m for m in mid if -10000 <= m[0] <= 1700]
show("1. uscb midpoint, exponential, 10000 BCE to 1700", *line([m[0] for m in win], [math.log(m[1]) for m in win]), len(win))

hyde = read("hyde-3.2.1")
rows = [(float(r["year"]), float(r["population_millions"]), float(r["population_lower_millions"]),
         float(r["population_upper_millions"])) for r in hyde if -10000 <= float(r["year"]) <= 1700]
low = [(t, l) for t, _, l, _ in rows if l > 0]
show("2. hyde lower, exponential, 10000 BCE to 1700", *line([x[0] for x in low], [math.log(x[1]) for x in low]), len(low))
show("2. hyde upper, exponential, 10000 BCE to 1700", *line([x[0] for x in rows], [math.log(x[3]) for x in rows]), len(rows))

w = [1 / sigma(l, u, t) ** 2 for t, _, l, u in rows]
print("3. hyde inverse-variance weights (first three, last):", [repr(x) for x in w[:3]], repr(w[-1]))
show("3. hyde central, exponential, inverse-variance, 10000 BCE to 1700",
     *line([x[0] for x in rows], [math.log(x[1]) for x in rows], w), len(rows))

s = [sigma(l, u, t) for t, _, l, u in win]
gw, g = [], []
for i in range(len(win) - 1):
    dt = win[i + 1][0] - win[i][0]
    gw.append(dt * dt / (s[i] ** 2 + s[i + 1] ** 2))
    g.append(math.log(win[i + 1][1] / win[i][1]) / dt)
print("4. uscb midpoint growth inverse-variance weights (first three):", [repr(x) for x in gw[:3]])
print("4. uscb midpoint constant growth, inverse-variance:", repr(float(np.dot(gw, g) / np.sum(gw))), "intervals", len(g))
