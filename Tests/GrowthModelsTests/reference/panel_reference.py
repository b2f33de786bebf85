"""Per-group exponential fits of Maddison's 2010 panel, independently of gdpfit.

Reads ../shared/reference-data/maddison-2010-panel.csv (relative to the package root) with Python's
csv module, keeps each country's rows with a GDP value from 1820 to 2008, and fits ln y = a + r t by
np.polyfit (ordinary least squares on ln y, as gdpfit's exponential model is fitted). Standard
errors are OLS's, sqrt(diag(s^2 (X'X)^-1)) with s^2 = RSS / (n - 2); the log-likelihood is the
Gaussian one at the ML variance RSS/n, and BIC = -2 lnL + K ln n with K = 3 (a, r and the error
variance), as docs/statistics.md defines them. Also prints the number of groups, the groups with a
value that is not positive, and each group's count of observations in the window.

Run from the package root: python3 Tests/GrowthModelsTests/reference/panel_reference.py
Its output is pasted into PanelTests.swift.
"""
import csv
import math
import os

import numpy as np

PATH = os.path.join(os.path.dirname(__file__), "../../../../shared/reference-data/maddison-2010-panel.csv")
GROUPS = ["Austria", "Japan", "United States", "Zambia", "World"]

rows = list(csv.DictReader(open(PATH, newline="")))
countries = []
for row in rows:
    if row["country"] not in countries:
        countries.append(row["country"])
print(f"groups: {len(countries)}")

nonpositive = sorted({r["country"] for r in rows if r["gdp_million_1990_gk"] not in ("", "NA")
                      and float(r["gdp_million_1990_gk"]) <= 0})
print(f"groups with a value <= 0: {nonpositive}")

for name in GROUPS:
    data = [(float(r["year"]), float(r["gdp_million_1990_gk"])) for r in rows
            if r["country"] == name and r["gdp_million_1990_gk"] not in ("", "NA")
            and 1820 <= float(r["year"]) <= 2008]
    t = np.array([d[0] for d in data])
    y = np.log(np.array([d[1] for d in data]))
    n = len(t)
    r, a = np.polyfit(t, y, 1)
    residuals = y - (a + r * t)
    rss = float(residuals @ residuals)
    X = np.column_stack([np.ones(n), t])
    covariance = rss / (n - 2) * np.linalg.inv(X.T @ X)
    se_a, se_r = np.sqrt(np.diag(covariance))
    lnl = -n / 2 * (math.log(2 * math.pi * rss / n) + 1)
    bic = -2 * lnl + 3 * math.log(n)
    print(f"{name}: n={n} first={t[0]:.0f} last={t[-1]:.0f} a={a:.12g} se_a={se_a:.12g} r={r:.12g} "
          f"se_r={se_r:.12g} rss={rss:.12g} lnL={lnl:.12g} BIC={bic:.12g}")
