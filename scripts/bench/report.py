#!/usr/bin/env python3
"""Joins gdpfit-bench's JSON (timings and allocation counts) with bench_python.py's and prints the
comparison table of scripts/bench.sh. Exits 1 when something is broken: the two sides did not
start from the same point or fit the same data (starts or break years differ). Missing a speed
target is reported, never an error."""
import json
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def agree(a, b, tolerance=1e-6):
    return len(a) == len(b) and all(abs(x - y) <= tolerance * max(abs(x), abs(y), 1e-300) for x, y in zip(a, b))


def text(seconds):
    if seconds is None:
        return "n/a"
    for unit, scale in (("s", 1), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def ratio(other, ours):
    if not (other and ours):
        return "n/a"
    r = other / ours
    return f"{r:.1f}x" if r < 10 else f"{r:.0f}x"


def main(swift_path, allocations_path, python_path):
    swift, python = load(swift_path), load(python_path)
    allocations = {(r["workload"], r["variant"]): r.get("allocations_per_operation") for r in load(allocations_path)}
    by_library = {}
    for r in python:
        by_library.setdefault(r["workload"], {})[r["library"]] = r
    problems = []
    rows = [("workload", "variant", "clock", "gdpfit", "allocs/op", "scipy", "lmfit", "scipy/gdpfit", "lmfit/gdpfit", "agree 1e-6")]
    for r in swift:
        workload, variant = r["workload"], r["variant"]
        # Single-threaded work is compared in CPU time, which other processes on a shared machine
        # disturb far less than wall time; the threaded bootstrap and the whole process in wall time.
        key = "seconds_min" if workload.startswith(("3-", "5-", "6-", "8-")) else "cpu_seconds_min"
        clock = "wall" if key == "seconds_min" else "cpu"
        ours = r[key]
        others = by_library.get(workload, {})
        scipy, lm = others.get("scipy") or others.get("numpy"), others.get("lmfit")
        allocs = allocations.get((workload, variant))
        agreement = ""
        if workload.startswith(("1-", "2-")) and not variant.startswith("whole"):
            start = [r["extra"][f"start_{name}"] for name in r["parameter_names"]] if "start_" + r["parameter_names"][0] in r["extra"] else None
            if start is not None and scipy and not agree(start, scipy["start"], 1e-15):
                problems.append(f"{workload}: gdpfit starts at {start}, Python at {scipy['start']}")
            agreement = "yes" if all(agree(r["parameters"], o["parameters"]) for o in (scipy, lm) if o) else "NO"
        if workload.startswith("3-"):
            # Different random streams: the bootstrap standard errors agree statistically, not exactly.
            k = len(scipy["parameters"]) if scipy else 0
            agreement = "SEs within 5%" if scipy and agree(r["parameters"][:k], scipy["parameters"], 0.05) else "SEs differ >5%"
        if workload.startswith("4-"):
            n = int(r["extra"]["n"])
            scipy = next((o for o in python if o["workload"] == workload and o.get("n") == n), None)
            if scipy:
                agreement = "yes" if r["parameters"] == scipy["parameters"] else "NO"
                if agreement == "NO":
                    problems.append(f"{workload} n={n}: breaks {r['parameters']} against {scipy['parameters']}")
        if workload.startswith("5-"):
            scipy = lm = None
        if workload.startswith("7-"):
            # The fan chart (issue 13): gdpfit alone; a row with a target says it and whether it is met.
            scipy = lm = None
            target = r["extra"].get("target_seconds")
            if target is not None:
                agreement = f"target < {text(target)}: {'met' if ours is not None and ours < target else 'MISSED'} ({text(ours)})"
        if workload.startswith("8-"):
            # The data-uncertainty Monte Carlo (issue 12): gdpfit alone, against its targets.
            scipy = lm = None
            extra = r["extra"]
            target = extra.get("target_seconds")
            within = "" if not isinstance(target, (int, float)) or target != target else (
                f"; target {target:.0f} s, 200 MB: " + ("met" if ours <= target and extra["peak_rss_mb"] <= 200 else "MISSED"))
            agreement = (f"peak {extra['peak_rss_mb']:.0f} MB, {extra['cpu_ms_per_dataset_draw']:.1f} ms CPU per dataset-draw"
                         + within)
        if workload.startswith("6-"):
            # Scale (issue 14): gdpfit alone; the peak memory of a subprocess where it was measured.
            scipy = lm = None
            if "peak_rss_mb" in r["extra"]:
                agreement = f"peak {r['extra']['peak_rss_mb']:.0f} MB, exit {int(r['extra']['exit_status'])}"
        rows.append((
            workload, variant[:62], clock, text(ours), "n/a" if allocs is None else f"{allocs:g}",
            text(scipy and scipy[key]), text(lm and lm[key]),
            ratio(scipy and scipy[key], ours), ratio(lm and lm[key], ours), agreement))
        if "speedup_min" in r["extra"]:
            rows.append(("", f"  speed-up 2 threads over 1: {r['extra']['speedup_min']:.2f}x (min), "
                         f"{r['extra']['speedup_median']:.2f}x (median of interleaved pairs); CPU work 1/2 threads {r['extra']['cpu_work_ratio']:.2f}; identical replicates", "", "", "", "", "", "", "", ""))
    for workload, libraries in by_library.items():
        if "scipy-default-tolerance" in libraries:
            d = libraries["scipy-default-tolerance"]
            rows.append((workload, "  scipy curve_fit at its default tolerances (for reference)", "cpu", "", "",
                         text(d["cpu_seconds_min"]), "", "", "", ""))
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for k, row in enumerate(rows):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip())
        if k == 0:
            print("  ".join("-" * width for width in widths))
    print("\nTimes are the minimum over batches of the time per operation (the JSON has medians and both clocks).")
    for problem in problems:
        print("ERROR:", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
