#!/usr/bin/env python3
"""The Python side of gdpfit's benchmark (issue 5): the same workloads as gdpfit-bench, done the way a
researcher would in Python, with scipy.optimize.curve_fit (method "lm", analytic Jacobian via jac=)
and with lmfit.minimize (method "leastsq", the same residual and Dfun).

Same data: read from datasets/*.csv (the files gdpfit embeds). Same parametrisation: the hyperbolic
model is fitted as (ln C, k, tau) with t* = t_last + exp(tau), the power-growth law as
g = s0 exp(B u), u = ln(y / y0) centred on the geometric mean, exactly as gdpfit's solver sees them,
so both sides do the same work. Same start: computed here by gdpfit's grid rule (StartValues.swift),
in plain Python loops in the same order of operations, so it is the same start bit for bit
(scripts/bench.sh checks it against the start gdpfit-bench prints).

Workload 4 has no scipy or lmfit counterpart: it is the same dynamic programme written with numpy
(vectorised over the start of the last segment). Workload 5 (the whole `gdpfit test`) has none.

Prints one JSON list of records: workload, library, seconds per operation (median and minimum over
batches), repetitions, parameters.
"""
import argparse
import csv
import json
import math
import pathlib
import time
import warnings

import lmfit
import numpy as np
from scipy.optimize import curve_fit

ROOT = pathlib.Path(__file__).resolve().parent.parent


def read_rows(name):
    with open(ROOT / "datasets" / f"{name}.csv", newline="") as f:
        return [row for row in csv.DictReader(line for line in f if not line.startswith("#"))]


def median_and_min(values):
    values = sorted(values)
    middle = len(values) // 2
    return (values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2), values[0]


def timed(operation, repetitions, batches):
    """One warm-up call, then `batches` batches of `repetitions` calls: per-call wall time
    (perf_counter) and CPU time (process_time), each as (median, minimum) over batches."""
    operation()
    wall, cpu = [], []
    for _ in range(batches):
        start, cpu_start = time.perf_counter(), time.process_time()
        for _ in range(repetitions):
            operation()
        cpu.append((time.process_time() - cpu_start) / repetitions)
        wall.append((time.perf_counter() - start) / repetitions)
    (median, minimum), (cpu_median, cpu_minimum) = median_and_min(wall), median_and_min(cpu)
    return dict(seconds_median=median, seconds_min=minimum, cpu_seconds_median=cpu_median, cpu_seconds_min=cpu_minimum)


# ---- the models, in gdpfit's solver parametrisation ------------------------------------------------


def dot4(a, z):
    """HyperbolicStartGrid.dot: four interleaved partial sums (i mod 4), then (s0 + s1) + (s2 + s3)."""
    s = [0.0, 0.0, 0.0, 0.0]
    for i in range(len(a)):
        s[i % 4] += a[i] * z[i]
    return (s[0] + s[1]) + (s[2] + s[3])


def through_origin(x, y, w=None):
    sxx = sxy = 0.0
    for i in range(len(x)):
        wi = 1.0 if w is None else w[i]
        sxx += wi * x[i] * x[i]
        sxy += wi * x[i] * y[i]
    c = sxy / sxx if sxx > 0 else 0.0
    rss = 0.0
    for i in range(len(x)):
        r = y[i] - c * x[i]
        rss += (1.0 if w is None else w[i]) * r * r
    return c, rss


class Hyperbolic:
    """ln y = ln C - k ln(d_i + exp(tau)), d_i = t_last - t_i (HyperbolicLevelRegression.swift)."""

    names = ["ln_C", "k", "tau"]

    def __init__(self, years, log_levels):
        self.last = max(years)
        self.d_list = [self.last - t for t in years]
        self.d = np.array(self.d_list)
        self.y = np.array(log_levels)
        self.y_list = list(log_levels)

    def start(self):
        """StartValues.hyperbolic (HyperbolicStartGrid): tau on 201 log-spaced offsets; at each, the
        line's RSS in closed form Syy - Sxy^2/Sxx; (ln C, k) of the best point. Same operation order."""
        span = max(max(self.d_list), 1.0)
        lowest, highest, steps = math.log(0.1), math.log(100 * span), 200
        y, n = self.y_list, len(self.y_list)
        sw = float(n)  # the sum of n unit weights, exact
        sy = 0.0
        for i in range(n):
            sy += 1.0 * y[i]
        my = sy / sw
        syy = 0.0
        for i in range(n):
            syy += 1.0 * (y[i] - my) * (y[i] - my)
        best = None
        for step in range(steps + 1):
            tau = lowest + (highest - lowest) * step / steps
            offset = math.exp(tau)
            x = [-math.log(d + offset) for d in self.d_list]
            sx = 0.0
            for i in range(n):
                sx += 1.0 * x[i]
            mx = sx / sw
            sxx = 0.0
            for i in range(n):
                sxx += 1.0 * (x[i] - mx) * (x[i] - mx)
            a = [1.0 * (x[i] - mx) for i in range(n)]
            z = [y[i] - my for i in range(n)]
            sxy = dot4(a, z)
            rss = syy - sxy * sxy / sxx if sxx > 0 else syy
            if math.isfinite(rss) and (best is None or rss < best[0]):
                best = (rss, tau, mx, sxx, sxy)
        if best is None:
            return [y[0], 1.0, math.log(span)]
        _, tau, mx, sxx, sxy = best
        slope = sxy / sxx if sxx > 0 else 0.0
        return [my - slope * mx, slope, tau]

    @staticmethod
    def f(d, ln_c, k, tau):
        return ln_c - k * np.log(d + np.exp(tau))

    @staticmethod
    def jac(d, ln_c, k, tau):
        offset = np.exp(tau)
        distance = d + offset
        return np.column_stack((np.ones_like(d), -np.log(distance), -k * offset / distance))


class PowerGrowth:
    """g = s0 exp(B u_i), u_i = ln(y_i / y0) (PowerGrowthRegression.swift), weights = gaps."""

    names = ["s0", "B"]

    def __init__(self, levels, rates, weights):
        logs = [math.log(v) for v in levels]
        mean_log = sum(logs) / len(logs)  # sequential, like Swift's reduce
        self.u_list = [v - mean_log for v in logs]
        self.u = np.array(self.u_list)
        self.y = np.array(rates)
        self.y_list = list(rates)
        self.w_list = list(weights)
        self.sigma = 1 / np.sqrt(np.array(weights))

    def start(self):
        """StartValues.powerGrowth: B on a grid of 321 points in [-3, 5], s0 through the origin."""
        best_rss, best = math.inf, [0.0, 0.0]
        for step in range(321):
            b = -3 + 8 * step / 320
            x = [math.exp(b * u) for u in self.u_list]
            c, rss = through_origin(x, self.y_list, self.w_list)
            if math.isfinite(rss) and rss < best_rss:
                best_rss, best = rss, [c, b]
        return best

    @staticmethod
    def f(u, s0, b):
        return s0 * np.exp(b * u)

    @staticmethod
    def jac(u, s0, b):
        power = np.exp(b * u)
        return np.column_stack((power, s0 * u * power))


def kremer():
    years, logs = [], []
    for row in read_rows("kremer-1993"):
        t, v = float(row["year"]), row["population_millions"]
        if v and 1 <= t <= 1950:
            years.append(t)
            logs.append(math.log(float(v)))
    return Hyperbolic(years, logs)


def roodman():
    years, values = [], []
    for row in read_rows("roodman-2020"):
        if row["main_sample"] == "1" and row["gwp_billion_1990_intl"]:
            years.append(float(row["year"]))
            values.append(float(row["gwp_billion_1990_intl"]))
    rates = [math.log(values[i + 1] / values[i]) / (years[i + 1] - years[i]) for i in range(len(years) - 1)]
    gaps = [years[i + 1] - years[i] for i in range(len(years) - 1)]
    return PowerGrowth(values[:-1], rates, gaps)


# ---- one fit, by each library ------------------------------------------------------------------------


# MINPACK's default tolerances (1.49e-8) stop the power-growth fit about 1e-5 (relative) short of
# the minimum; at 1e-12 scipy, lmfit and gdpfit agree to better than 1e-7, at the price of 2 to 4
# more function evaluations. The benchmark times both settings of curve_fit and compares at 1e-12.
TOLERANCE = 1e-12


def scipy_fit(model, x, start, y=None, sigma=None, tolerance=TOLERANCE):
    popt, _ = curve_fit(model.f, x, model.y if y is None else y, p0=start, sigma=sigma, method="lm", jac=model.jac,
                        ftol=tolerance, xtol=tolerance)
    return popt


def lmfit_fitter(model, x, sigma=None):
    """lmfit.minimize(method="leastsq") with the same residual (y - f)/sigma and its Jacobian."""
    weights = 1.0 if sigma is None else 1 / sigma

    def residual(params, y):
        v = params.valuesdict()
        return (model.f(x, *v.values()) - y) * weights

    def dfun(params, y):
        v = params.valuesdict()
        jac = model.jac(x, *v.values())
        return jac * (weights if np.isscalar(weights) else weights[:, None])

    def fit(start, y=None):
        params = lmfit.Parameters()
        for name, value in zip(model.names, start):
            params.add(name, value=value)
        out = lmfit.minimize(residual, params, method="leastsq", Dfun=dfun, args=(model.y if y is None else y,),
                             ftol=TOLERANCE, xtol=TOLERANCE)
        return [out.params[name].value for name in model.names]

    return fit


def fit_workload(name, model, x, sigma, repetitions, batches):
    start = model.start()
    records = []
    params = scipy_fit(model, x, start, sigma=sigma)
    timing = timed(lambda: scipy_fit(model, x, start, sigma=sigma), repetitions, batches)
    records.append(dict(workload=name, library="scipy", variant="curve_fit(method='lm', jac=, ftol=xtol=1e-12) from the start",
                        **timing, repetitions=repetitions, batches=batches,
                        parameter_names=model.names, parameters=list(map(float, params)), start=start))
    params = scipy_fit(model, x, start, sigma=sigma, tolerance=1.49012e-8)
    timing = timed(lambda: scipy_fit(model, x, start, sigma=sigma, tolerance=1.49012e-8), repetitions, batches)
    records.append(dict(workload=name, library="scipy-default-tolerance",
                        variant="curve_fit(method='lm', jac=) at its default tolerances, from the start",
                        **timing, repetitions=repetitions, batches=batches,
                        parameter_names=model.names, parameters=list(map(float, params)), start=start))
    fit = lmfit_fitter(model, x, sigma)
    params = fit(start)
    lm_reps = max(1, repetitions // 5)
    timing = timed(lambda: fit(start), lm_reps, batches)
    records.append(dict(workload=name, library="lmfit", variant="lmfit.minimize('leastsq', Dfun=, ftol=xtol=1e-12) from the start",
                        **timing, repetitions=lm_reps, batches=batches,
                        parameter_names=model.names, parameters=list(map(float, params)), start=start))
    return records


# ---- 3: parametric bootstrap ---------------------------------------------------------------------------


def bootstrap_workload(replicates, lmfit_replicates):
    """y* = f(theta_hat) + s z, s^2 = RSS/(n - p), refitted from theta_hat (Bootstrap.swift, parametric)."""
    model = kremer()
    estimate = scipy_fit(model, model.d, model.start())
    fitted = model.f(model.d, *estimate)
    n, p = len(model.d), 3
    s = math.sqrt(float(np.sum((model.y - fitted) ** 2)) / (n - p))
    rng = np.random.default_rng(1)
    draws = [fitted + s * rng.standard_normal(n) for _ in range(replicates)]

    def run_scipy(count):
        out = []
        for y in draws[:count]:
            try:
                out.append(scipy_fit(model, model.d, estimate, y=y))
            except RuntimeError:
                pass
        return np.array(out)

    fit = lmfit_fitter(model, model.d)

    def run_lmfit(count):
        return np.array([fit(estimate, y) for y in draws[:count]])

    def summary(params):
        t_star = model.last + np.exp(params[:, 2])
        return [float(np.std(params[:, 0], ddof=1)), float(np.std(params[:, 1], ddof=1)), float(np.std(t_star, ddof=1))]

    records = []
    for library, run, count in (("scipy", run_scipy, replicates), ("lmfit", run_lmfit, lmfit_replicates)):
        start, cpu_start = time.perf_counter(), time.process_time()
        params = run(count)
        seconds = (time.perf_counter() - start) * replicates / count
        cpu_seconds = (time.process_time() - cpu_start) * replicates / count
        records.append(dict(
            workload="3-bootstrap-hyperbolic", library=library,
            variant=f"loop of {count} refits from the estimate" + (f", scaled to {replicates}" if count != replicates else ""),
            seconds_median=seconds, seconds_min=seconds, cpu_seconds_median=cpu_seconds, cpu_seconds_min=cpu_seconds,
            repetitions=1, batches=1,
            parameter_names=["se_ln_C", "se_k", "se_t_star"], parameters=summary(params),
            succeeded=len(params), replicates=count))
    return records


# ---- 4: growth modes -----------------------------------------------------------------------------------


def synthetic_series(n):
    """Workloads.syntheticSeries in gdpfit-bench: the same SplitMix64 numbers, the same sums."""
    mask = (1 << 64) - 1
    state = 2024
    rates = [0.0005, 0.002, 0.006, 0.02]
    years, logs, trend = [], [], 0.0
    for i in range(n):
        trend += rates[min(4 * i // n, 3)]
        state = (state + 0x9E3779B97F4A7C15) & mask
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        z ^= z >> 31
        noise = 0.05 * ((z >> 11) * 2.0 ** -53 - 0.5)
        years.append(float(1 + i))
        logs.append(trend + noise)
    return np.array(years), np.array(logs)


def growth_modes(t, y, max_breaks=3, length=3):
    """GrowthModes.swift's dynamic programme (unweighted), vectorised over the last segment's start."""
    n = len(t)
    t = t - t.mean()
    y = y - y.mean()
    w = np.concatenate(([0.0], np.cumsum(np.ones(n))))
    st = np.concatenate(([0.0], np.cumsum(t)))
    stt = np.concatenate(([0.0], np.cumsum(t * t)))
    sy = np.concatenate(([0.0], np.cumsum(y)))
    sty = np.concatenate(([0.0], np.cumsum(t * y)))
    syy = np.concatenate(([0.0], np.cumsum(y * y)))

    def cost(i, j):  # i: array of starts, j: one end
        sw, a, b = w[j] - w[i], st[j] - st[i], sy[j] - sy[i]
        ctt = (stt[j] - stt[i]) - a * a / sw
        cty = (sty[j] - sty[i]) - a * b / sw
        cyy = (syy[j] - syy[i]) - b * b / sw
        slope = np.where(ctt > 0, cty / np.where(ctt > 0, ctt, 1), 0)
        return np.maximum(cyy - slope * cty, 0)

    best = np.full((max_breaks + 1, n + 1), np.inf)
    source = np.full((max_breaks + 1, n + 1), -1)
    for j in range(length, n + 1):
        best[0, j] = cost(np.array([0]), j)[0]
        source[0, j] = 0
    for m in range(1, max_breaks + 1):
        for j in range((m + 1) * length, n + 1):
            starts = np.arange(m * length, j - length + 1)
            total = best[m - 1, starts] + cost(starts, j)
            k = int(np.argmin(total))
            best[m, j], source[m, j] = total[k], starts[k]
    bounds, end = [], n
    for level in range(max_breaks, -1, -1):
        start = int(source[level, end])
        bounds.append(start)
        end = start
    return [float(t_start) for t_start in sorted(bounds)[1:]]


def breaks_workload(sizes, batches):
    records = []
    for n in sizes:
        years, logs = synthetic_series(n)
        starts = growth_modes(years, logs)
        timing = timed(lambda: growth_modes(years, logs), 1, batches)
        records.append(dict(workload="4-breaks-synthetic", library="numpy",
                            variant=f"the same dynamic programme in numpy, n = {n}", n=n,
                            **timing, repetitions=1, batches=batches,
                            parameter_names=["break_1", "break_2", "break_3"],
                            parameters=[float(years[int(i)]) for i in starts]))
    return records


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke mode: few repetitions")
    parser.add_argument("--only", default="1,2,3,4", help="workloads to run, e.g. 1,2")
    args = parser.parse_args()
    only = {int(x) for x in args.only.split(",") if x}
    reps, batches = (20, 3) if args.quick else (200, 5)
    warnings.simplefilter("ignore")
    records = []
    if 1 in only:
        model = kremer()
        records += fit_workload("1-hyperbolic-kremer", model, model.d, None, reps, batches)
    if 2 in only:
        model = roodman()
        records += fit_workload("2-power-growth-roodman", model, model.u, model.sigma, reps, batches)
    if 3 in only:
        records += bootstrap_workload(*((200, 50) if args.quick else (10_000, 1_000)))
    if 4 in only:
        records += breaks_workload([500, 2000] if args.quick else [500, 1000, 2000, 4000], 1 if args.quick else 3)
    print(json.dumps(records, indent=1))


if __name__ == "__main__":
    main()
