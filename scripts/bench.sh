#!/usr/bin/env bash
# gdpfit's benchmark (issue 5): the same workloads timed in gdpfit, scipy and lmfit, in one run.
#
#   scripts/bench.sh           the full benchmark (several minutes)
#   scripts/bench.sh --quick   the smoke run CI uses (well under a minute after the build)
#
# Set-up: pip installs numpy, scipy and lmfit; cc compiles the malloc counter
# (scripts/bench/malloc_counter.c) used to count allocations per operation.
# Then: builds gdpfit and gdpfit-bench in release mode, runs gdpfit-bench (timings), runs it again
# under LD_PRELOAD of the counter (allocations only), runs scripts/bench_python.py, and prints the
# table (scripts/bench/report.py). The JSON files stay in $SCRATCH/bench/.
# Exits non-zero when something breaks (a build, a run, the two sides disagreeing on their data or
# start); a missed speed target is reported in the table, never an error.
# SCRATCH (default .build) is SwiftPM's scratch path.
set -euo pipefail
cd "$(dirname "$0")/.."
QUICK=""
if [ "${1:-}" = "--quick" ]; then QUICK="--quick"; fi
SCRATCH="${SCRATCH:-.build}"
OUT="$SCRATCH/bench"
mkdir -p "$OUT"

echo "== set-up: Python packages, malloc counter"
# scripts/setup.sh installs these already; pip runs only where they are missing (so the smoke run in
# scripts/test.sh needs no network).
python3 -c "import numpy, scipy, lmfit" 2>/dev/null \
  || python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore numpy scipy lmfit
cc -shared -fPIC -O2 -o "$OUT/libmalloccount.so" scripts/bench/malloc_counter.c

echo "== build (release)"
swift build -c release --scratch-path "$SCRATCH" --product gdpfit >/dev/null
swift build -c release --scratch-path "$SCRATCH" --product gdpfit-bench >/dev/null
BIN="$SCRATCH/release"

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "== gdpfit-bench $QUICK"
"$BIN/gdpfit-bench" $QUICK --gdpfit "$BIN/gdpfit" > "$OUT/swift.json"
echo "== gdpfit-bench $QUICK --count-allocations"
LD_PRELOAD="$PWD/$OUT/libmalloccount.so" "$BIN/gdpfit-bench" $QUICK --count-allocations --only 1,2,3,4 > "$OUT/allocations.json"
echo "== scripts/bench_python.py $QUICK"
python3 scripts/bench_python.py $QUICK > "$OUT/python.json"
echo
python3 scripts/bench/report.py "$OUT/swift.json" "$OUT/allocations.json" "$OUT/python.json"
