"""Reference for StochasticDiagnostics (StochasticFitTests.swift): KS statistic of fixed PIT values
against U(0,1) (scipy.stats.kstest, exact p-value), and Ljung-Box on their normal scores
(statsmodels acorr_ljungbox). Run: python3 stochastic_diagnostics.py"""
import numpy as np
from scipy import stats
from statsmodels.stats.diagnostic import acorr_ljungbox

u = np.array([0.12, 0.55, 0.91, 0.33, 0.47, 0.08, 0.76, 0.64, 0.29, 0.98, 0.51, 0.43, 0.19, 0.86,
              0.71, 0.37, 0.02, 0.59, 0.81, 0.25, 0.66, 0.14, 0.95, 0.40, 0.53])
ks = stats.kstest(u, "uniform")
print(f"KS D = {ks.statistic!r}, exact p = {ks.pvalue!r}")
h = min(10, len(u) // 5)
lb = acorr_ljungbox(stats.norm.ppf(u), lags=[h])
print(f"Ljung-Box lags = {h}, Q = {lb['lb_stat'].iloc[0]!r}, p = {lb['lb_pvalue'].iloc[0]!r}")
skewed = u**3
ks = stats.kstest(skewed, "uniform")
print(f"skewed (u^3): KS D = {ks.statistic!r}, exact p = {ks.pvalue!r}")
