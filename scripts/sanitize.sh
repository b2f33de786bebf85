#!/usr/bin/env bash
# Runs the tests under the sanitizers, each in its own scratch path so the normal .build stays as it is:
#   address  the whole test suite under AddressSanitizer (.build-asan); --disable-xctest, or XCTest's
#            own empty run reports leaks (see the toolchain notes);
#   thread   the parallel bootstrap tests (ParallelReplicates runs replicates on threads) under
#            ThreadSanitizer (.build-tsan).
# Fails when a sanitizer reports anything or a test fails.
#
# Usage: scripts/sanitize.sh [address|thread]...   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."

kinds=("$@")
[ ${#kinds[@]} -gt 0 ] || kinds=(address thread)

# The suites that run ParallelReplicates: the bootstrap of parameters, the parametric bootstrap test,
# and the hypothesis test's level bootstrap.
thread_filter='BootstrapTests|ParametricBootstrapTestTests|LevelBootstrapTests'

# Inherited by the gdpfit processes the end-to-end tests start, so their exits are checked too.
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan-suppressions.txt:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

status=0
for kind in "${kinds[@]}"; do
    case "$kind" in
        address)
            scratch=.build-asan
            command=(swift test --sanitize=address --disable-xctest --scratch-path "$scratch") ;;
        thread)
            scratch=.build-tsan
            command=(swift test --sanitize=thread --scratch-path "$scratch" --filter "$thread_filter") ;;
        *)
            echo "sanitize.sh: unknown sanitizer '$kind' (address or thread)" >&2; exit 64 ;;
    esac
    mkdir -p "$scratch"
    log="$scratch/sanitizer.log"
    echo "== ${command[*]}"
    if "${command[@]}" > "$log" 2>&1 && ! grep -qE "^(==[0-9]+==ERROR|WARNING: ThreadSanitizer|SUMMARY: (Address|Thread|Undefined)Sanitizer)" "$log"; then
        grep -E "Test run with|Executed [0-9]+ test" "$log" | tail -2
        echo "$kind: clean"
    else
        grep -m 20 -E "ERROR|WARNING: ThreadSanitizer|SUMMARY|✘|error:" "$log" || tail -20 "$log"
        echo "$kind: FAILED (full log: $log)"
        status=1
    fi
done
exit $status
