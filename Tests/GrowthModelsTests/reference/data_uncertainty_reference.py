"""Reference distributions of the data-uncertainty Monte Carlo's draws (DataUncertaintyTests.swift).

Reads the curated CSV files directly and computes, with numpy and scipy, the distribution each
observation is redrawn from, on ln y, independently of gdpfit:
- an observation with a usable band (both bounds, lower > 0, upper > lower): uniform on ln y
  between c + s (ln l - c) and c + s (ln u - c), c = ln y of the series' value, s the noise scale;
- otherwise: normal on ln y with mean ln y and sd s * sd(t), sd(t) Roodman's linear spline
  (1.00 at or before 10,000 BCE, 0.75 at 1 CE, 0.25 at 1700, 0.05 at 1900, 0.01 from 2000).

For each case it prints the distribution's parameters, its quantiles at 5, 25, 50, 75 and 95% and
the density there (scipy.stats), which the Swift test uses for the quantiles' sampling error and for
a Kolmogorov-Smirnov statistic of 20,000 draws. Run from the package root:
    python3 Tests/GrowthModelsTests/reference/data_uncertainty_reference.py
"""
import csv
import math

import numpy as np
from scipy import stats

PROBABILITIES = [0.05, 0.25, 0.5, 0.75, 0.95]
KNOTS_YEAR = [-10000, 1, 1700, 1900, 2000]
KNOTS_SD = [1.00, 0.75, 0.25, 0.05, 0.01]


def row(path, year):
    with open(path, newline="") as handle:
        for line in csv.DictReader(handle):
            if float(line["year"]) == year:
                return line
    raise KeyError(year)


def spline_sd(year):
    return float(np.interp(year, KNOTS_YEAR, KNOTS_SD))


def report(name, distribution, parameters):
    quantiles = distribution.ppf(PROBABILITIES)
    densities = distribution.pdf(quantiles)
    print(f"{name}: parameters {parameters!r}")
    print(f"  quantiles {[float(q) for q in quantiles]!r}")
    print(f"  densities {[float(d) for d in densities]!r}")


def band_case(name, path, year, central_column, scale):
    line = row(path, year)
    lower, upper = math.log(float(line["population_lower_millions"])), math.log(float(line["population_upper_millions"]))
    c = math.log(float(line[central_column])) if central_column else 0.5 * (lower + upper)
    a, b = c + scale * (lower - c), c + scale * (upper - c)
    report(name, stats.uniform(loc=a, scale=b - a), (a, b))


def spline_case(name, path, year, column, scale):
    line = row(path, year)
    mean, sd = math.log(float(line[column])), scale * spline_sd(year)
    report(name, stats.norm(loc=mean, scale=sd), (mean, sd))


band_case("hyde-3.2.1 1 CE, scale 1", "datasets/hyde-3.2.1.csv", 1, "population_millions", 1.0)
band_case("hyde-3.2.1 1 CE, scale 0.5", "datasets/hyde-3.2.1.csv", 1, "population_millions", 0.5)
band_case("uscb-summary 1 CE midpoint, scale 1", "datasets/uscb-summary.csv", 1, None, 1.0)
spline_case("kremer-1993 5000 BCE, scale 1", "datasets/kremer-1993.csv", -5000, "population_millions", 1.0)
spline_case("kremer-1993 1 CE, scale 2", "datasets/kremer-1993.csv", 1, "population_millions", 2.0)
spline_case("kremer-1993 1800, scale 1", "datasets/kremer-1993.csv", 1800, "population_millions", 1.0)
print("Kolmogorov-Smirnov critical value at 0.1%, n = 20000:", float(stats.kstwo.ppf(0.999, 20000)))
