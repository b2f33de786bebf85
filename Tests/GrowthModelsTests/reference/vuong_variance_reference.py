"""Reference numbers for VuongVarianceTests in Tests/GrowthModelsTests/PhaseRivalTests.swift: step 1
of Vuong's (1989) procedure, the test of omega^2 = 0, for the free hyperbola (model 1) against the
exponential (model 2) in the level form, as `gdpfit test` runs it.

Independent of gdpfit: the hyperbola ln y = lnC - k ln(t* - t) is fitted by scipy.optimize.least_squares
(t* = t_last + exp(tau), starts from a grid of tau, the least RSS kept), the exponential by
numpy.linalg.lstsq; both weighted by gdpfit's level gap weights over 10,000 BCE to 1950 (restricted to
the era afterwards). Scores and Gauss-Newton Hessians of the Gaussian log density at the ML variance
RSS/n, in the parameters (lnC, k, t*, sigma^2) and (a, r, sigma^2); W of Vuong's Theorem 3.3; its
eigenvalues by numpy.linalg.eigvals; n omega^2; the p-value by Satterthwaite's two-moment
approximation (what gdpfit reports) and, for comparison, Imhof's (1961) exact tail by scipy quad.

Run from the package root: python3 Tests/GrowthModelsTests/reference/vuong_variance_reference.py
"""
import csv
import math
import os

import numpy as np
from scipy import integrate, stats
from scipy.optimize import least_squares

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")


def load(dataset, column):
    with open(os.path.join(ROOT, "datasets", dataset + ".csv"), newline="") as f:
        rows = [r for r in csv.DictReader(f) if r[column] not in ("", "NA")]
    t = np.array([float(r["year"]) for r in rows])
    y = np.array([float(r[column]) for r in rows])
    keep = (t >= -10000) & (t <= 1950)
    t, z = t[keep], np.log(y[keep])
    d = np.diff(t)
    w = np.concatenate([[0.0], d / 2]) + np.concatenate([d / 2, [0.0]])
    return t, z, w


def fit_hyperbola(t, z, w):
    last, span = t[-1], t[-1] - t[0]
    sw = np.sqrt(w)
    best = None
    for tau0 in np.linspace(math.log(1e-6 * span), math.log(1e6 * span), 200):
        x = -np.log(last + math.exp(tau0) - t)
        X = np.column_stack([np.ones_like(t), x])
        beta = np.linalg.lstsq(X * sw[:, None], z * sw, rcond=None)[0]

        def resid(th):
            return sw * (z - (th[0] - th[1] * np.log(last + math.exp(th[2]) - t)))

        res = least_squares(resid, [beta[0], beta[1], tau0], method="lm", xtol=1e-15, ftol=1e-15, gtol=1e-15)
        rss = float(np.sum(res.fun ** 2))
        if best is None or rss < best[0]:
            best = (rss, res.x)
    lnC, k, tau = best[1]
    tstar = last + math.exp(tau)
    f = lnC - k * np.log(tstar - t)
    J = np.column_stack([np.ones_like(t), -np.log(tstar - t), -k / (tstar - t)])
    return z - f, J


def fit_exponential(t, z, w):
    X = np.column_stack([np.ones_like(t), t])
    sw = np.sqrt(w)
    beta = np.linalg.lstsq(X * sw[:, None], z * sw, rcond=None)[0]
    return z - X @ beta, X


def scores_hessian(r, J, w):
    n = len(r)
    s2 = float(np.sum(w * r * r)) / n
    S = np.column_stack([(w * r)[:, None] * J / s2, -1 / (2 * s2) + w * r * r / (2 * s2 ** 2)])
    p = J.shape[1]
    A = np.zeros((p + 1, p + 1))
    A[:p, :p] = -(J.T * w) @ J / s2 / n
    cross = -(J.T @ (w * r)) / s2 ** 2 / n
    A[:p, p] = cross
    A[p, :p] = cross
    A[p, p] = float(np.sum(1 / (2 * s2 ** 2) - w * r * r / s2 ** 3)) / n
    return S, A, s2


def pointwise(r, w, s2):
    return -0.5 * np.log(2 * math.pi * s2 / w) - w * r * r / (2 * s2)


def imhof(x, lam):
    def integrand(u):
        theta = 0.5 * np.sum(np.arctan(lam * u)) - 0.5 * x * u
        rho = np.prod((1 + (lam * u) ** 2) ** 0.25)
        return math.sin(theta) / (u * rho)
    value, _ = integrate.quad(integrand, 0, np.inf, limit=2000)
    return 0.5 + value / math.pi


for dataset, column in [("kremer-1993", "population_millions"), ("delong-1998", "gwp_billion_1990_intl")]:
    T, Z, Wt = load(dataset, column)
    for era, keep in [("preModern", T < 1700), ("wholeWindow", np.ones_like(T, dtype=bool))]:
        t, z, w = T[keep], Z[keep], Wt[keep]
        n = len(t)
        r1, J1 = fit_hyperbola(t, z, w)
        r2, J2 = fit_exponential(t, z, w)
        S1, A1, v1 = scores_hessian(r1, J1, w)
        S2, A2, v2 = scores_hessian(r2, J2, w)
        S = np.column_stack([S1, S2])
        B = S.T @ S / n
        q1 = S1.shape[1]
        Ai1, Ai2 = np.linalg.inv(A1), np.linalg.inv(A2)
        W = np.block([[-B[:q1, :q1] @ Ai1, -B[:q1, q1:] @ Ai2], [B[q1:, :q1] @ Ai1, B[q1:, q1:] @ Ai2]])
        lam = np.real(np.linalg.eigvals(W))
        lam = lam[np.argsort(-np.abs(lam))]
        l = pointwise(r1, w, v1) - pointwise(r2, w, v2)
        stat = float(np.sum((l - l.mean()) ** 2))
        s2, s4 = float(np.sum(lam ** 2)), float(np.sum(lam ** 4))
        a, nu = s4 / s2, s2 * s2 / s4
        p = float(stats.chi2.sf(stat / a, nu))
        print(f'    VarianceReference(dataset: "{dataset}", era: .{era}, statistic: {stat!r}, '
              f"eigenvalues: {[float(x) for x in lam]}, pValue: {p!r}),  // Imhof exact p = {imhof(stat, lam ** 2):.6g}")
