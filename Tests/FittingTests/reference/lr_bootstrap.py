"""Reference for ParametricBootstrapTestTests.swift: a constant mean nested in a straight line.
For Gaussian errors LR = n ln(RSS0/RSS1) is a monotone function of F = (n-2)(RSS0/RSS1 - 1), and
F ~ F(1, n-2) exactly under the null whatever the mean and variance, so a parametric bootstrap
p-value estimates the exact F-test p-value printed here (scipy.stats.f).

Run: python3 lr_bootstrap.py
"""
import numpy as np
from scipy import stats

x = np.arange(1.0, 16.0)
y = np.array([3.1, 2.7, 3.6, 3.0, 2.4, 3.9, 3.3, 2.9, 3.8, 3.5, 2.8, 4.0, 3.2, 3.7, 3.4])
n = len(x)
rss0 = ((y - y.mean()) ** 2).sum()
slope, intercept = np.polyfit(x, y, 1)
rss1 = ((y - intercept - slope * x) ** 2).sum()
F = (rss0 - rss1) / (rss1 / (n - 2))
print("LR:", float(n * np.log(rss0 / rss1)), "F:", float(F), "exact p:", float(stats.f.sf(F, 1, n - 2)))
