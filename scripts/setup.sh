#!/usr/bin/env bash
# Installs everything gdpfit needs on a fresh Debian 12 machine, builds it, and runs the main job.
#   System (apt): GSL (nonlinear least squares), LAPACKE (linear algebra), pkg-config; pdflatex
#   with booktabs (texlive-latex-base, texlive-latex-recommended) for the test that compiles every
#   LaTeX output; librsvg and cairo with a sans-serif font (PNG and PDF figures from `gdpfit plot`).
#   Python (pip): numpy, scipy, statsmodels, lmfit, nbformat, pandas (reference scripts, notebook checks).
# Then builds gdpfit in release mode and runs `gdpfit test` on the embedded datasets.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if ! dpkg -s libgsl-dev liblapacke-dev pkg-config texlive-latex-base texlive-latex-recommended librsvg2-dev libcairo2-dev fonts-dejavu-core >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libgsl-dev liblapacke-dev pkg-config texlive-latex-base texlive-latex-recommended librsvg2-dev libcairo2-dev fonts-dejavu-core >/dev/null
fi
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r scripts/requirements.txt
swift build -c release
echo "== gdpfit test (the hypothesis test on the embedded datasets)"
.build/release/gdpfit test --quiet
