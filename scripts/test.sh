#!/usr/bin/env bash
# Runs every test of the solution and ends with one line: "tests: N passed, N failed[, N skipped]",
# counted from the TRX result files the test run writes (not from console output).
# Usage: scripts/test.sh [extra dotnet test arguments, e.g. --filter "FullyQualifiedName~Codec"]
set -uo pipefail
cd "$(dirname "$0")/.."

# The interop tests bind to node's `smpp` package. Install it when npm is there; on a machine without Node.js they
# are skipped (and reported as skipped below); .ci/run installs Node.js first, so CI always runs them.
node_dir="tests/RestcommSmppBridge.Smpp.Tests/Interop/node"
if [ ! -d "$node_dir/node_modules/smpp" ]; then
  if command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
    npm ci --silent --no-audit --no-fund --prefix "$node_dir" || echo "npm ci failed in $node_dir" >&2
  else
    echo "Node.js/npm not found: the interop tests against node smpp are skipped (.ci/run installs them)" >&2
    export SMPP_INTEROP="${SMPP_INTEROP:-skip}"
  fi
fi

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

# A run that crashed or was aborted (a hung test killed by --blame-hang-timeout) can leave counters without a failure.
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "the test run did not complete (aborted, crashed or failed to build); counted as 1 failure" >&2
  failed=1
fi

skipped=$((total - executed))
line="tests: $passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"

if [ "$failed" -gt 0 ] && [ "$rc" -eq 0 ]; then rc=1; fi
exit "$rc"
