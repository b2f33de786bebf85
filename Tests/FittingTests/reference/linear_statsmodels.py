"""Expected values for Tests/FittingTests/LinearLeastSquaresTests.swift, computed by statsmodels.

Run: python3 Tests/FittingTests/reference/linear_statsmodels.py
statsmodels counts K = p (it does not count the error variance), gdpfit counts K = p + 1
(docs/statistics.md), so gdpfit's AIC = statsmodels' aic + 2 and BIC = bic + ln(n);
the log-likelihoods agree (both include 1/2 sum ln w_i for WLS).
"""
import warnings

import numpy as np
import statsmodels.api as sm

warnings.simplefilter("ignore")  # statsmodels warns that the last design is rank-deficient: that is the point

x = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0])
y = np.array([2.9, 5.1, 7.2, 8.8, 11.3, 12.9, 15.2, 17.1, 18.8, 21.4])
w = np.array([1.0, 2.0, 0.5, 1.5, 1.0, 3.0, 0.8, 1.2, 2.5, 0.7])
X = sm.add_constant(x)


def show(label, res):
    n = len(res.model.endog)
    print(f"{label}:")
    print(f"  params   {res.params.tolist()!r}")
    print(f"  bse      {res.bse.tolist()!r}")
    print(f"  ssr      {float(res.ssr)!r}")
    print(f"  llf      {float(res.llf)!r}")
    print(f"  aic+2    {float(res.aic + 2)!r}   (statsmodels aic {float(res.aic)!r})")
    print(f"  bic+ln n {float(res.bic + np.log(n))!r}   (statsmodels bic {float(res.bic)!r})")
    print(f"  rsquared {float(res.rsquared)!r}")
    print(f"  df_resid {float(res.df_resid)!r}")


show("OLS y ~ 1 + x", sm.OLS(y, X).fit())
show("WLS y ~ 1 + x, weights w", sm.WLS(y, X, weights=w).fit())

# Rank-deficient: the third column repeats x. statsmodels solves by the pseudo-inverse, counts the
# rank (2) in df_resid and its bse for the intercept (the only estimable coefficient) is valid.
Xd = np.column_stack([np.ones_like(x), x, x])
res = sm.OLS(y, Xd).fit()
print("OLS rank-deficient [1, x, x] (minimum-norm):")
print(f"  params   {res.params.tolist()!r}")
print(f"  bse[0]   {float(res.bse[0])!r}")
print(f"  rank     {int(np.linalg.matrix_rank(Xd))!r}")
print(f"  numpy lstsq {np.linalg.lstsq(Xd, y, rcond=None)[0].tolist()!r}")
