#!/usr/bin/env bash
# Runs every test of the solution and ends with one line: "tests: N passed, N failed[, N skipped]",
# counted from the TRX result files the test run writes (not from console output).
# Usage: scripts/test.sh [extra dotnet test arguments, e.g. --filter "FullyQualifiedName~Codec"]
set -uo pipefail
cd "$(dirname "$0")/.."

results="TestResults"
rm -rf "$results"

# A test that hangs is killed (with a dump of where) after 5 minutes, so the run always ends by itself.
dotnet test RestcommSmppBridge.sln -c Release --logger "trx" --results-directory "$results" --blame-hang-timeout 5m "$@"
rc=$?

passed=0; failed=0; total=0; executed=0; files=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  total=$((total + $(get total)))
  executed=$((executed + $(get executed)))
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
done

if [ "$files" -eq 0 ]; then
  echo "no test results were written (did the build fail?)" >&2
  [ "$rc" -eq 0 ] && rc=1
fi

skipped=$((total - executed))
line="tests: $passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"

if [ "$failed" -gt 0 ] && [ "$rc" -eq 0 ]; then rc=1; fi
exit "$rc"
