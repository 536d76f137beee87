#!/usr/bin/env bash
# SMPP loopback throughput: builds the load driver in Release, waits (bounded) for a quiet machine, then runs, in one
# process, the SMSC simulator on 127.0.0.1:0 and one ESME transmitter bind over TCP, keeping exactly `window` submit_sm
# outstanding for windows 1, 10, 64 and 256 (200,000 submit_sm each), through SmppSession and through SmppClient.
# Prints one table; the JSON goes to ./bench-results/smpp-<timestamp>.json. About a minute after the build.
# Usage: scripts/bench-smpp.sh [driver options, e.g. --window 64 --count 500000 --via session --warmup 3]
# Environment: BENCH_QUIET_LOAD (default 0.8) and BENCH_QUIET_WAIT (seconds, default 300; 0 skips the wait): the run
# starts once the 1-minute load average is below BENCH_QUIET_LOAD, or after BENCH_QUIET_WAIT seconds in any case.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "load average before the build: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)"
dotnet build -c Release tests/RestcommSmppBridge.Benchmarks --nologo -v quiet

quiet_load="${BENCH_QUIET_LOAD:-0.8}"
quiet_wait="${BENCH_QUIET_WAIT:-300}"
waited=0
while [ "$waited" -lt "$quiet_wait" ] && ! awk -v limit="$quiet_load" '{ exit !($1 < limit) }' /proc/loadavg; do
  [ $((waited % 30)) -eq 0 ] && echo "waiting for a quiet machine: load average $(cut -d' ' -f1-3 /proc/loadavg), want < $quiet_load"
  sleep 5
  waited=$((waited + 5))
done
echo "starting after ${waited} s of waiting; load average $(cut -d' ' -f1-3 /proc/loadavg)"

dotnet run -c Release --no-build --project tests/RestcommSmppBridge.Benchmarks -- load smpp "$@"
