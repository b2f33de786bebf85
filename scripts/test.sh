#!/usr/bin/env bash
# Runs gdpfit's whole test suite: the Swift tests (unit, NIST StRD certification, reference-script
# comparisons, end-to-end runs of the executable) and the check that the curated datasets are in step
# with their build script, and that the exported notebooks regenerate byte for byte and validate. A hung test fails the run instead of stalling it.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 datasets/build/build_from_issue.py --check
timeout 2400 swift test
timeout 600 bash scripts/check-notebooks.sh
# The benchmark's smoke mode (issue 5): every workload runs on both sides and agrees; speed targets
# are reported, not enforced (timings on a shared machine are not test results).
timeout 900 bash scripts/bench.sh --quick
