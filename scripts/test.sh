#!/usr/bin/env bash
# Runs gdpfit's whole test suite: the Swift tests (unit, NIST StRD certification, reference-script
# comparisons, end-to-end runs of the executable), the check that the curated datasets are in step
# with their build script, that the exported notebooks regenerate byte for byte and validate, and
# that docs/results.md is what the release binary prints now. A hung test fails the run instead of
# stalling it.
#
# Tests that need ../shared/reference-data skip with one summary line where it is absent;
# GDPFIT_REQUIRE_REFERENCE_DATA=1 (CI sets it in .ci/run) makes them fail instead.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 datasets/build/build_from_issue.py --check
timeout 2400 swift test
timeout 600 bash scripts/check-notebooks.sh
timeout 600 bash scripts/generate-docs.sh --check
# The benchmark's smoke mode: every workload runs on both sides and agrees; speed targets are
# reported, not enforced (timings on a shared machine are not test results).
timeout 900 bash scripts/bench.sh --quick
