#!/usr/bin/env bash
# Runs gdpfit's whole test suite. A hung test fails the run instead of stalling it.
set -euo pipefail
cd "$(dirname "$0")/.."
timeout 2400 swift test --parallel --num-workers 2
