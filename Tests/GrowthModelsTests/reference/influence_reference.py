"""Reference numbers for InfluenceTests (Tests/GrowthModelsTests/InfluenceTests.swift): the level
form's verdict in kremer-1993's pre-modern era (10,000 BCE to before 1700, unweighted) with each
observation left out in turn, computed INDEPENDENTLY of gdpfit's variable projection.

For each sample (all observations, then each one left out), with K counting sigma:
    exponential            ln y = a + r t                 K = 3, RSS by numpy lstsq
    hyperbolic             ln y = ln C - k ln(t* - t)     K = 4
    proportional-hyperbolic ln y = ln C - ln(t* - t)      K = 3
The hyperbolas' RSS is minimised over tau = ln(t* - t_last) on [ln(1e-6 S), ln(1e6 S)],
S = max(t_last - t_first, 1) (gdpfit's interval for t*), on a grid of 20,001 points refined by
scipy's bounded Brent, as level_bootstrap_reference.py does. BIC differences need only
n ln RSS + K ln n. Printed: the left-out year, the model preferred by BIC, and
deltaBIC = BIC(exponential) - min(BIC(hyperbolic), BIC(proportional-hyperbolic)).

Run from the package root: python3 Tests/GrowthModelsTests/reference/influence_reference.py
"""
import math
import sys
from pathlib import Path

import numpy as np
from scipy import optimize

sys.path.insert(0, str(Path(__file__).resolve().parent))
from growth_models_reference import load  # noqa: E402


def minimise(f, lo, hi):
    grid = np.linspace(lo, hi, 20001)
    values = [f(tau) for tau in grid]
    i = int(np.argmin(values))
    best = values[i]
    a, b = grid[max(i - 1, 0)], grid[min(i + 1, len(grid) - 1)]
    refined = optimize.minimize_scalar(f, bounds=(a, b), method="bounded", options=dict(xatol=1e-12))
    return min(best, float(refined.fun))


def criteria(t, z):
    n = len(t)
    X = np.column_stack([np.ones_like(t), t])
    rss_exp = float(np.sum((z - X @ np.linalg.lstsq(X, z, rcond=None)[0]) ** 2))
    span = max(t[-1] - t[0], 1.0)
    lo, hi = math.log(1e-6 * span), math.log(1e6 * span)

    def hyp(tau):
        x = -np.log(t[-1] - t + math.exp(tau))
        A = np.column_stack([np.ones_like(t), x])
        return float(np.sum((z - A @ np.linalg.lstsq(A, z, rcond=None)[0]) ** 2))

    def prop(tau):
        w = z + np.log(t[-1] - t + math.exp(tau))
        return float(np.sum((w - w.mean()) ** 2))

    rss = {"exponential": rss_exp, "hyperbolic": minimise(hyp, lo, hi), "proportional-hyperbolic": minimise(prop, lo, hi)}
    k = {"exponential": 3, "hyperbolic": 4, "proportional-hyperbolic": 3}
    bic = {m: n * math.log(rss[m]) + k[m] * math.log(n) for m in rss}
    preferred = min(bic, key=bic.get)
    return preferred, bic["exponential"] - min(bic["hyperbolic"], bic["proportional-hyperbolic"])


if __name__ == "__main__":
    t, y = load("kremer-1993", "population_millions")
    t, y = np.asarray(t, float), np.asarray(y, float)
    keep = (t >= -10000) & (t < 1700)
    t, z = t[keep], np.log(y[keep])
    preferred, delta = criteria(t, z)
    print(f"all: {preferred} {delta!r}")
    for i in range(len(t)):
        mask = np.arange(len(t)) != i
        preferred, delta = criteria(t[mask], z[mask])
        print(f"({t[i]:.0f}, \"{preferred}\", {delta!r}),")
