#!/usr/bin/env bash
# Installs everything gdpfit needs on a fresh Debian 12 machine, then builds it.
# System: GSL (nonlinear least squares), LAPACKE (linear algebra), pkg-config.
# Python: lmfit, statsmodels, nbformat, numpy, scipy for the reference scripts and notebook checks.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if ! dpkg -s libgsl-dev liblapacke-dev pkg-config >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libgsl-dev liblapacke-dev pkg-config >/dev/null
fi
python3 -m pip install --quiet --disable-pip-version-check -r scripts/requirements.txt
swift build -c release
