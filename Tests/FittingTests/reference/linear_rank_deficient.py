"""Expected values for LinearLeastSquaresTests.largeRankDeficientDesign, computed by numpy.

Run: python3 Tests/FittingTests/reference/linear_rank_deficient.py

The design of `gdpfit fit FILE --model linear-growth` on a constant series: a column of ones and a
column holding one constant level (3.0), so rank 1 of 2, with n = 200,000 rows (issue 14: an
n x (n + 1) right-hand side would need 320 GB). The response is
y_i = 0.01 + 0.001 sin(i), i = 0..n-1. numpy.linalg.lstsq (SVD, rcond = max(n, p) eps) gives the
minimum-norm solution; gdpfit scales columns by powers of two before solving, which changes which
solution has minimum norm, so the script also solves the scaled problem and unscales it, as gdpfit does.
"""
import numpy as np

n = 200_000
X = np.column_stack([np.ones(n), np.full(n, 3.0)])
y = 0.01 + 0.001 * np.sin(np.arange(n))
beta, _, rank, sv = np.linalg.lstsq(X, y, rcond=None)
print(f"unscaled minimum norm: {beta.tolist()!r}  rank {rank}")

# gdpfit's column scaling: 2^-round(log2 ||x_j||).
scale = 2.0 ** -np.round(np.log2(np.linalg.norm(X, axis=0)))
beta_scaled, _, rank, _ = np.linalg.lstsq(X * scale, y, rcond=None)
beta_gdpfit = beta_scaled * scale
residuals = y - X @ beta_gdpfit
print(f"column scales {scale.tolist()!r}")
print(f"gdpfit's minimum norm (scaled columns): {beta_gdpfit.tolist()!r}  rank {rank}")
print(f"rss {float(residuals @ residuals)!r}")
