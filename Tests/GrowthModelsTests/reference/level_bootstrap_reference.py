"""Reference numbers for LevelBootstrapTests in Tests/GrowthModelsTests/HypothesisTestTests.swift: the
observed likelihood-ratio statistic of the level bootstrap, exponential against hyperbolic growth,
computed INDEPENDENTLY of gdpfit's variable projection.

Definition (Sources/GrowthModels/LevelBootstrap.swift, docs/hypothesis-test.md):
    LR = n ln(RSS_exp / min(RSS_hyp, RSS_exp)),
    RSS_hyp = min over t* in [t_last + 1e-6 S, t_last + 1e6 S] of the least-squares RSS of
              ln y = ln C - k ln(t* - t), S = max(t_last - t_first, 1),
unweighted here. RSS_exp from numpy's lstsq on (1, t). RSS_hyp: for each tau = ln(t* - t_last) the
model is linear in (ln C, k), solved by numpy's lstsq; the minimum over tau is located on a grid of
20,001 points over the whole interval (ends included) and refined by scipy's bounded Brent
(minimize_scalar) between the best point's neighbours, keeping the smaller of grid and refinement.

Run from the package root: python3 Tests/GrowthModelsTests/reference/level_bootstrap_reference.py
"""
import math

import numpy as np
from scipy import optimize

from growth_models_reference import level_sample, load


def profile_rss(tau, t, z):
    x = -np.log(t[-1] - t + math.exp(tau))
    X = np.column_stack([np.ones_like(t), x])
    beta = np.linalg.lstsq(X, z, rcond=None)[0]
    return float(np.sum((z - X @ beta) ** 2))


def statistic(dataset, column, window, series=None):
    t, y = series if series is not None else load(dataset, column)
    s = level_sample(np.asarray(t, float), np.asarray(y, float), window, "none")
    t, z = s["t"], s["response"]
    X = np.column_stack([np.ones_like(t), t])
    rss_exp = float(np.sum((z - X @ np.linalg.lstsq(X, z, rcond=None)[0]) ** 2))
    span = max(t[-1] - t[0], 1.0)
    lo, hi = math.log(1e-6 * span), math.log(1e6 * span)
    grid = np.linspace(lo, hi, 20001)
    values = [profile_rss(tau, t, z) for tau in grid]
    i = int(np.argmin(values))
    best_tau, best = grid[i], values[i]
    a, b = grid[max(i - 1, 0)], grid[min(i + 1, len(grid) - 1)]
    refined = optimize.minimize_scalar(lambda tau: profile_rss(tau, t, z), bounds=(a, b), method="bounded",
                                       options=dict(xatol=1e-12))
    if refined.fun < best:
        best_tau, best = refined.x, refined.fun
    rss_hyp = min(best, rss_exp)
    return len(t), rss_exp, rss_hyp, len(t) * math.log(rss_exp / rss_hyp), best_tau, lo


if __name__ == "__main__":
    for dataset, column, window in [("kremer-1993", "population_millions", (-1e300, 1699)),
                                    ("maddison-2010", "population_millions", (-1e300, 1699))]:
        n, rss_exp, rss_hyp, lr, tau, lo = statistic(dataset, column, window)
        print(f"{dataset} {column} to {window[1]}: n = {n}, RSS_exp = {rss_exp!r}, RSS_hyp = {rss_hyp!r}, "
              f"LR = {lr!r}, tau = {tau!r} (lower end {lo!r})")
    # A level flat, then a jump at the last observation: the profile falls all the way to t* -> t_last,
    # so RSS_hyp is the value at the near end of the interval.
    for dataset, column, window in [("spike", "", (-1e300, 1e300))]:
        n, rss_exp, rss_hyp, lr, tau, lo = statistic(
            dataset, column, window, series=([1, 1000, 1500, 1600], [100, 110, 105, 300]))
        print(f"{dataset} {column} to {window[1]}: n = {n}, RSS_exp = {rss_exp!r}, RSS_hyp = {rss_hyp!r}, "
              f"LR = {lr!r}, tau = {tau!r} (lower end {lo!r})")
