#!/usr/bin/env python3
"""Build the curated dataset CSVs from the figures of issues #3 and #12, and embed them in the binary.

The figures are in issue-3-figures.txt beside this script, copied verbatim from the issue text.
The tracker quoted every line with "> " and folded long lines at 1,000 characters, cutting through
numbers ("1980:4439." / "529/20029.995" is 4439.529). Unfolding therefore strips the "> " prefix and
joins a continuation line to the previous one with NOTHING inserted.

Issue #12 adds uscb-summary (the U.S. Census Bureau's summary lower and upper estimates): its
figures are in issue-12-figures.txt, quoted the same way but folded at the spaces after semicolons,
so those lines are joined with a space and the figures read as "year:lower/upper" separated by ";".

Writes (from the repository root, whatever the working directory):
  datasets/<name>.csv                          one per dataset, values exactly as printed in the issue
  Sources/GrowthModels/EmbeddedDatasets.swift  the CSV and datasets/<name>.json texts, byte for byte

Usage:
  python3 datasets/build/build_from_issue.py           write the files
  python3 datasets/build/build_from_issue.py --check   exit 1 if any written file would change
  python3 datasets/build/build_from_issue.py --counts  print rows, year range and per-column counts
"""
import re
import sys
from pathlib import Path

BUILD = Path(__file__).resolve().parent
DATASETS = BUILD.parent
ROOT = DATASETS.parent
EMBEDDED = ROOT / "Sources" / "GrowthModels" / "EmbeddedDatasets.swift"

# name -> CSV columns after `year`, in the order of the issue's slash-separated fields.
COLUMNS = {
    "kremer-1993": ["population_millions"],
    "hyde-3.2.1": ["population_millions", "population_lower_millions", "population_upper_millions"],
    "maddison-2010": ["population_millions", "gdp_billion_1990_gk"],
    "delong-1998": ["population_millions", "gwp_billion_1990_intl"],
    "roodman-2020": ["population_millions", "gwp_billion_1990_intl", "main_sample"],
    "un-wpp-2019": ["population_millions"],
    "uscb-summary": ["population_lower_millions", "population_upper_millions"],
}

# Datasets whose figures come from issue #12's text rather than issue #3's.
ISSUE_12 = {"uscb-summary"}
ISSUE_12_START = "the figures, as year:lower/upper, are"

# HYDE labels 1 CE as year 0; the project codes 1 CE as 1 (see the dataset's JSON).
YEAR_RECODE = {"hyde-3.2.1": {"0": "1"}}

HEADER = re.compile(r"^([a-z0-9.-]+) \([^)]*\):(.*)$")
FIGURE = re.compile(r"^(-?\d+):(\S+)$")
NUMBER = re.compile(r"^\d+(\.\d+)?$")


def unfold(text):
    """The figure block of each dataset as one line: quote prefix removed, folds joined."""
    blocks, current = {}, None
    for raw in text.splitlines():
        if raw.startswith("#"):
            continue
        if not raw.startswith(">"):
            sys.exit(f"unexpected line without the '> ' quote prefix: {raw[:40]!r}")
        line = raw[2:] if raw.startswith("> ") else raw[1:]
        match = HEADER.match(line)
        if match and match.group(1) in COLUMNS:
            current = match.group(1)
            blocks[current] = match.group(2)
        elif line.strip() == "":
            current = None
        elif current is not None:
            blocks[current] += line  # a fold: nothing inserted
    missing = set(COLUMNS) - ISSUE_12 - set(blocks)
    if missing:
        sys.exit(f"no figures found for {sorted(missing)}")
    return blocks


def issue_12_block(text):
    """uscb-summary's figures as one whitespace-separated line: the quoted lines joined with a space,
    cut between the phrase that introduces them and the closing parenthesis, ';' read as a space."""
    lines = []
    for raw in text.splitlines():
        if raw.startswith("#"):
            continue
        if not raw.startswith(">"):
            sys.exit(f"unexpected line without the '> ' quote prefix: {raw[:40]!r}")
        lines.append(raw[1:].strip())
    joined = " ".join(lines)
    start = joined.find(ISSUE_12_START)
    if start < 0:
        sys.exit(f"issue-12-figures.txt: no {ISSUE_12_START!r}")
    figures = joined[start + len(ISSUE_12_START):]
    end = figures.find(")")
    if end < 0:
        sys.exit("issue-12-figures.txt: no closing ')' after the figures")
    tokens = [t.strip() for t in figures[:end].split(";")]
    if any(t == "" or " " in t for t in tokens):
        sys.exit("issue-12-figures.txt: figures must be separated by '; '")
    return " ".join(tokens)


def rows(name, block):
    """[(year, [cells])] with '' for a missing ('-') figure; every figure checked for form."""
    result = []
    for token in block.split():
        match = FIGURE.match(token)
        if not match:
            sys.exit(f"{name}: malformed figure {token!r}")
        year, fields = match.group(1), match.group(2).split("/")
        if len(fields) != len(COLUMNS[name]):
            sys.exit(f"{name} {year}: {len(fields)} fields, expected {len(COLUMNS[name])}")
        cells = []
        for field in fields:
            if field == "-":
                cells.append("")
            elif NUMBER.match(field):
                cells.append(field)
            else:
                sys.exit(f"{name} {year}: malformed value {field!r}")
        result.append((YEAR_RECODE.get(name, {}).get(year, year), cells))
    years = [int(y) for y, _ in result]
    if years != sorted(set(years)):
        sys.exit(f"{name}: years not strictly increasing")
    return result


def csv_text(name, table):
    lines = [",".join(["year"] + COLUMNS[name])]
    lines += [",".join([year] + cells) for year, cells in table]
    return "\n".join(lines) + "\n"


def swift_literal(text, path):
    """A raw multi-line Swift string literal whose value is exactly `text` (which ends in a newline)."""
    if '"""#' in text or "\\#" in text or "\r" in text or not text.endswith("\n"):
        sys.exit(f"{path}: cannot be embedded as a raw string literal")
    body = "".join("        " + line if line else line for line in text.splitlines(keepends=True))
    # The newline before the closing delimiter is not part of a multi-line literal: the empty
    # last line keeps the file's final newline.
    return '#"""\n' + body + "\n" + '        """#'


def embedded_swift(texts):
    out = [
        "// GENERATED by datasets/build/build_from_issue.py from datasets/*.csv and datasets/*.json.",
        "// Do not edit: change the dataset files and run the script again. A test checks that every",
        "// text below equals its file in datasets/ byte for byte.",
        "",
        "/// The curated datasets as text, so that they are available wherever the binary runs.",
        "enum EmbeddedDatasets {",
        "    /// One entry per dataset, in catalogue order: the CSV file and its JSON metadata.",
        "    static let files: [(name: String, csv: String, json: String)] = [",
    ]
    for name, csv, json in texts:
        out.append("        (")
        out.append(f'            name: "{name}",')
        out.append(f"            csv: {swift_literal(csv, name + '.csv')},")
        out.append(f"            json: {swift_literal(json, name + '.json')}")
        out.append("        ),")
    out += ["    ]", "}", ""]
    return "\n".join(out)


def main():
    blocks = unfold((BUILD / "issue-3-figures.txt").read_text(encoding="utf-8"))
    blocks["uscb-summary"] = issue_12_block((BUILD / "issue-12-figures.txt").read_text(encoding="utf-8"))
    tables = {name: rows(name, blocks[name]) for name in COLUMNS}

    if "--counts" in sys.argv:
        for name, table in tables.items():
            present = [sum(1 for _, c in table if c[i] != "") for i in range(len(COLUMNS[name]))]
            columns = ", ".join(f"{col} {k}" for col, k in zip(COLUMNS[name], present))
            flagged = ""
            if "main_sample" in COLUMNS[name]:
                i = COLUMNS[name].index("main_sample")
                main = [y for y, c in table if c[i] == "1"]
                flagged = f"; main_sample=1: {len(main)} rows, years {main[0]} to {main[-1]}"
            print(f"{name}: {len(table)} rows, years {table[0][0]} to {table[-1][0]}; "
                  f"non-missing: {columns}{flagged}")
        return

    outputs = {DATASETS / f"{name}.csv": csv_text(name, table) for name, table in tables.items()}
    texts = []
    for name in COLUMNS:
        json_path = DATASETS / f"{name}.json"
        if not json_path.exists():
            sys.exit(f"missing metadata {json_path}")
        texts.append((name, outputs[DATASETS / f"{name}.csv"], json_path.read_text(encoding="utf-8")))
    outputs[EMBEDDED] = embedded_swift(texts)

    stale = [p for p, t in outputs.items() if not p.exists() or p.read_text(encoding="utf-8") != t]
    if "--check" in sys.argv:
        for path in stale:
            print(f"out of date: {path.relative_to(ROOT)}")
        sys.exit(1 if stale else 0)
    for path in stale:
        path.write_text(outputs[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
