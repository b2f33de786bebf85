"""Reference for StochasticExtremeTests.swift: the Feller transition CDF where the Poisson mixture
has too many terms to sum one by one (lambda = x0/(2 tau) above 1e7, a near-noiseless series), and one case below that limit.
With beta = 0 and nu >= 0 (delta = 4 alpha/gamma^2 >= 2), X_t/tau ~ noncentral chi-square with delta
degrees of freedom and noncentrality x0/tau, tau = gamma^2 t/4 (FellerTransition.swift), so
P(X_t <= x1) = scipy.stats.ncx2.cdf(x1/tau, delta, x0/tau) (Boost's noncentral chi-square,
independent of GSL and of the mixture code). Run: python3 stochastic_extremes.py"""
import math

from scipy import stats

alpha, gamma2, x0 = 0.5, 1.0, 1.0  # delta = 2, nu = 0
for t in [1e-5, 4e-8, 1e-8]:  # scipy returns nan at t = 4e-12 (lambda = 5e11)
    tau = gamma2 * t / 4
    lam = x0 / (2 * tau)
    sd = math.sqrt(gamma2 * x0 * t)  # Var X_t ~ gamma^2 x0 t for small t
    for z in [-2.0, 0.0, 1.5]:
        x1 = x0 + alpha * t + z * sd
        print(f"({t!r}, {x1!r}, {float(stats.ncx2.cdf(x1 / tau, 4 * alpha / gamma2, x0 / tau))!r}),  # lambda = {lam:.3g}")
