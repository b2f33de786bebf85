#!/usr/bin/env bash
# Fuzzes the three parsers that read untrusted text with libFuzzer and AddressSanitizer:
#   series-loader    GrowthModels' CSV loader (SeriesLoader.load(data:source:spec:))
#   year-parsing     GrowthModels' year parser (YearParsing.year(from:))
#   formula-parser   Fitting's formula parser and compiler (FormulaModel), then one evaluation
# Each target runs for SECONDS (default 60) from a copy of its committed seed corpus (Fuzz/corpus/);
# the script fails on any crash, trap, sanitizer report or timeout, and prints each target's number
# of executions. A crashing input is kept under .build-fuzz/artifacts/<target>/.
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
#        FUZZ_RUNS=1000000 scripts/fuzz.sh 3600   (stop each target after that many executions)
#
# How it builds: SwiftPM has no --sanitize=fuzzer, so the library targets are compiled by SwiftPM with
# -sanitize=fuzzer,address in their own scratch path (.build-fuzz; compiling only, no link), and each
# Fuzz/*Fuzz.swift is then linked by swiftc against their object files, with libFuzzer's main.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(series-loader year-parsing formula-parser)

# Optimised (-O keeps Swift's bounds, overflow and precondition checks; only -Ounchecked drops them):
# about 3-5 times the executions per second of a debug build.
scratch=.build-fuzz
swift build -c release --scratch-path "$scratch" --target GrowthModels -Xswiftc -sanitize=fuzzer,address >&2
build="$scratch/release"

source_of() {
    case "$1" in
        series-loader) echo Fuzz/SeriesLoaderFuzz.swift ;;
        year-parsing) echo Fuzz/YearParsingFuzz.swift ;;
        formula-parser) echo Fuzz/FormulaParserFuzz.swift ;;
        *) echo "fuzz.sh: unknown target '$1' (series-loader, year-parsing, formula-parser)" >&2; exit 64 ;;
    esac
}

status=0
for target in "${targets[@]}"; do
    source=$(source_of "$target")
    binary="$scratch/fuzz-$target"
    swiftc -O -sanitize=fuzzer,address -parse-as-library -g \
        -I "$build/Modules" \
        -Xcc -fmodule-map-file=Sources/CGSL/module.modulemap -Xcc -fmodule-map-file=Sources/CLAPACKE/module.modulemap \
        "$source" "$build"/GrowthModels.build/*.o "$build"/Fitting.build/*.o "$build"/SwiftCSV.build/*.o \
        -lgsl -lgslcblas -llapacke -lm -o "$binary" 2> >(grep -v "Cannot export local symbol" >&2)
    corpus="$scratch/corpus/$target"
    artifacts="$scratch/artifacts/$target"
    mkdir -p "$corpus" "$artifacts"
    cp -n Fuzz/corpus/"$target"/* "$corpus"/
    log="$scratch/fuzz-$target.log"
    # Leak detection is off: the Swift runtime keeps one-time caches (the Regex parser's, type
    # metadata) that LeakSanitizer reports at exit; a leak per input would show as growing rss instead,
    # which -rss_limit_mb catches.
    if ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}" "$binary" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -detect_leaks=0 \
        -runs="${FUZZ_RUNS:--1}" -artifact_prefix="$artifacts/" -print_final_stats=1 > "$log" 2>&1; then
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
        echo "$target: clean, $runs executions (limit ${seconds} s${FUZZ_RUNS:+ or $FUZZ_RUNS runs})"
    else
        echo "$target: FAILED (see $log and $artifacts/)"
        grep -m 5 -E "ERROR|Fatal error|deadly signal|timeout" "$log" || true
        status=1
    fi
done
exit $status
