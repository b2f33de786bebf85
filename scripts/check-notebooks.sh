#!/usr/bin/env bash
# Checks the committed notebooks in notebooks-export/: `gdpfit export` must regenerate them (and the
# SVG figures beside them) byte for byte, and every notebook must validate with Python's nbformat
# and already be in the canonical form nbformat writes.
#
# To regenerate the notebooks after a change to the models, the datasets or the renderers:
#     swift build && .build/debug/gdpfit export --out notebooks-export
# then review `git diff notebooks-export/` (the outputs are results: read what changed) and commit.
#
# Needs python3 with nbformat and pandas (scripts/setup.sh installs them). A debug build is enough: export takes
# seconds (fixed seed, 199 bootstrap replicates).
set -euo pipefail
cd "$(dirname "$0")/.."

# GDPFIT_SCRATCH_PATH: the build directory to use (default .build, as scripts/test.sh).
scratch=(--scratch-path "${GDPFIT_SCRATCH_PATH:-.build}")
swift build "${scratch[@]}" --product gdpfit
gdpfit="$(swift build "${scratch[@]}" --show-bin-path)/gdpfit"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$gdpfit" export --out "$out" 2>/dev/null

# The pandas cells (`NotebookRecorder.pandas`) have no stored output: run each with the gdpfit just
# built first on PATH, so a JSON that pandas cannot load fails here.
PATH="$(dirname "$gdpfit"):$PATH" python3 - "$out"/*.ipynb <<'PY'
import sys
import nbformat

for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and cell.source.startswith("import json, subprocess"):
            scope = {}
            exec(cell.source, scope)
            frame = scope["frame"]
            if frame.empty:
                sys.exit(f"check-notebooks: {path}: pandas cell {index} loaded no rows")
            print(f"check-notebooks: {path}: pandas cell {index} loads {len(frame)} rows")
PY

if ! diff -r notebooks-export "$out" >/dev/null; then
  echo "check-notebooks: notebooks-export/ differs from what 'gdpfit export' writes now:" >&2
  diff -r notebooks-export "$out" | head -40 >&2 || true
  echo "Regenerate with: .build/debug/gdpfit export --out notebooks-export (see the top of this script)." >&2
  exit 1
fi

python3 - notebooks-export/*.ipynb <<'PY'
import sys
import nbformat

for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if nbformat.writes(nb) + "\n" != text:
        sys.exit(f"check-notebooks: {path} is valid but not in nbformat's canonical form")
    print(f"check-notebooks: {path}: valid nbformat {nb.nbformat}.{nb.nbformat_minor}, canonical")
PY
echo "check-notebooks: notebooks-export/ is up to date"
