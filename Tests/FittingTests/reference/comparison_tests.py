"""Expected values for Tests/FittingTests/ModelComparisonTests.swift, ComparisonTestsTests.swift and
DistributionsTests.swift: numpy least squares, scipy.stats p-values, and the docs/statistics.md formulas
(Akaike weights, Vuong's statistic) written out by hand.

Run: python3 Tests/FittingTests/reference/comparison_tests.py
"""
import numpy as np
from scipy import stats

np.set_printoptions(legacy="1.25")  # print numpy scalars as plain numbers

x = np.arange(1.0, 13.0)
y = np.array([3.1, 4.4, 6.3, 7.2, 9.8, 11.1, 14.2, 16.3, 19.9, 22.1, 26.4, 29.0])
w = np.array([1.0, 0.5, 2.0, 1.0, 1.5, 0.8, 1.2, 1.0, 0.6, 2.5, 1.1, 0.9])
n = len(y)

designs = {
    "linear": np.column_stack([np.ones(n), x]),
    "quadratic": np.column_stack([np.ones(n), x, x**2]),
    "log": np.column_stack([np.ones(n), np.log(x)]),
}


def fit(X, weights=None):
    sw = np.ones(n) if weights is None else np.sqrt(weights)
    beta = np.linalg.lstsq(X * sw[:, None], y * sw, rcond=None)[0]
    r = y - X @ beta
    ww = np.ones(n) if weights is None else weights
    rss = float(np.sum(ww * r**2))
    p = X.shape[1]
    k = p + 1
    lnl = -(n / 2) * (np.log(2 * np.pi) + np.log(rss / n) + 1) + 0.5 * np.sum(np.log(ww))
    aic = -2 * lnl + 2 * k
    aicc = aic + 2 * k * (k + 1) / (n - k - 1)
    bic = -2 * lnl + k * np.log(n)
    return dict(r=r, w=ww, rss=rss, p=p, k=k, aic=aic, aicc=aicc, bic=bic)


fits = {name: fit(X) for name, X in designs.items()}
for name, f in fits.items():
    print(f"{name}: rss {f['rss']!r} aic {f['aic']!r} aicc {f['aicc']!r} bic {f['bic']!r}")


def akaike(values):
    d = np.array(values) - min(values)
    t = np.exp(-d / 2)
    return d, t / t.sum(), np.exp(d / 2)


names = list(fits)
for ic in ["aic", "aicc", "bic"]:
    d, weights, ratios = akaike([fits[m][ic] for m in names])
    print(f"{ic}: order {names}")
    print(f"  delta          {d.tolist()!r}")
    if ic != "bic":
        print(f"  weights        {weights.tolist()!r}")
        print(f"  evidence ratio {ratios.tolist()!r}")

# Nested: linear inside quadratic (q = 1).
r, u = fits["linear"], fits["quadratic"]
q = u["p"] - r["p"]
lr = n * np.log(r["rss"] / u["rss"])
F = ((r["rss"] - u["rss"]) / q) / (u["rss"] / (n - u["p"]))
print(f"LR {lr!r} df {q} p {stats.chi2.sf(lr, q)!r}")
print(f"F {F!r} df ({q}, {n - u['p']}) p {stats.f.sf(F, q, n - u['p'])!r}")


def vuong(f1, f2, c):
    def pointwise(f):
        s2 = f["rss"] / n
        return -0.5 * np.log(2 * np.pi * s2 / f["w"]) - f["w"] * f["r"] ** 2 / (2 * s2)
    l = pointwise(f1) - pointwise(f2)
    z = (l.sum() - c) / (np.sqrt(n) * l.std(ddof=0))
    return z, 2 * stats.norm.sf(abs(z))


# Non-nested: quadratic (p = 3) against log (p = 2).
f1, f2 = fits["quadratic"], fits["log"]
for label, c in [("none", 0.0), ("aic", f1["k"] - f2["k"]), ("bic", (f1["k"] - f2["k"]) * np.log(n) / 2)]:
    z, pv = vuong(f1, f2, c)
    print(f"Vuong quadratic vs log, correction {label}: z {z!r} p {pv!r}")

# Weighted, non-nested: linear against log, both with weights w.
wl, wg = fit(designs["linear"], w), fit(designs["log"], w)
z, pv = vuong(wl, wg, 0.0)
print(f"weighted Vuong linear vs log: z {z!r} p {pv!r} (rss {wl['rss']!r}, {wg['rss']!r})")

print("distributions:")
print(f"  chi2.sf(3.2, 2)      {stats.chi2.sf(3.2, 2)!r}")
print(f"  chi2.cdf(3.2, 2)     {stats.chi2.cdf(3.2, 2)!r}")
print(f"  chi2.sf(150, 3)      {stats.chi2.sf(150, 3)!r}")
print(f"  chi2.isf(0.05, 1)    {stats.chi2.isf(0.05, 1)!r}")
print(f"  chi2.ppf(0.9, 4)     {stats.chi2.ppf(0.9, 4)!r}")
print(f"  f.sf(4.1, 2, 17)     {stats.f.sf(4.1, 2, 17)!r}")
print(f"  f.cdf(4.1, 2, 17)    {stats.f.cdf(4.1, 2, 17)!r}")
print(f"  f.isf(0.01, 3, 20)   {stats.f.isf(0.01, 3, 20)!r}")
print(f"  f.ppf(0.5, 3, 20)    {stats.f.ppf(0.5, 3, 20)!r}")
print(f"  t.sf(2.5, 7)         {stats.t.sf(2.5, 7)!r}")
print(f"  t.cdf(-1.3, 12)      {stats.t.cdf(-1.3, 12)!r}")
print(f"  t.isf(0.025, 10)     {stats.t.isf(0.025, 10)!r}")
print(f"  t.ppf(0.1, 5)        {stats.t.ppf(0.1, 5)!r}")
print(f"  norm.cdf(1.96)       {stats.norm.cdf(1.96)!r}")
print(f"  norm.sf(9.0)         {stats.norm.sf(9.0)!r}")
print(f"  norm.ppf(0.975)      {stats.norm.ppf(0.975)!r}")
print(f"  norm.isf(1e-10)      {stats.norm.isf(1e-10)!r}")
