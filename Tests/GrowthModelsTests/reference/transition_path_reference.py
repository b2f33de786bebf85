"""Reference numbers for Tests/GrowthModelsTests/TransitionPathTests.swift: the continuous
two-transition path ln y = a + r t + c1 (t - b1)+ + c2 (t - b2)+ with b = (-3000, 1760), fitted by
numpy.linalg.lstsq (weighted by sqrt(w)) to the level observations of 10,000 BCE to 1950 with
gdpfit's level gap weights (half the distance to each neighbour, one-sided at the ends); lnL, K and
BIC by docs/statistics.md: lnL = -(n/2)(ln 2pi + ln(RSS/n) + 1) + (1/2) sum ln w, K = p + 1,
BIC = -2 lnL + K ln n.

Run from the package root: python3 Tests/GrowthModelsTests/reference/transition_path_reference.py
"""
import csv
import math
import os

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
for dataset, column in [("kremer-1993", "population_millions"), ("delong-1998", "gwp_billion_1990_intl")]:
    with open(os.path.join(ROOT, "datasets", dataset + ".csv"), newline="") as f:
        rows = [r for r in csv.DictReader(f) if r[column] not in ("", "NA")]
    t = np.array([float(r["year"]) for r in rows])
    y = np.array([float(r[column]) for r in rows])
    keep = (t >= -10000) & (t <= 1950)
    t, z = t[keep], np.log(y[keep])
    d = np.diff(t)
    w = np.concatenate([[0.0], d / 2]) + np.concatenate([d / 2, [0.0]])
    X = np.column_stack([np.ones_like(t), t, np.maximum(t + 3000, 0), np.maximum(t - 1760, 0)])
    sw = np.sqrt(w)
    beta = np.linalg.lstsq(X * sw[:, None], z * sw, rcond=None)[0]
    rss = float(np.sum(w * (z - X @ beta) ** 2))
    n, p = len(z), 4
    lnl = -(n / 2) * (math.log(2 * math.pi) + math.log(rss / n) + 1) + 0.5 * float(np.sum(np.log(w)))
    bic = -2 * lnl + (p + 1) * math.log(n)
    rates = [beta[1], beta[1] + beta[2], beta[1] + beta[2] + beta[3]]
    print(f'    Reference(dataset: "{dataset}", n: {n}, parameters: {[float(b) for b in beta]}, rss: {rss!r}, bic: {bic!r},')
    print(f"              phaseGrowthRates: {[float(r) for r in rates]}),")
