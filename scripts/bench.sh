#!/usr/bin/env bash
# Every benchmark of the README in one command. Builds Release once, then runs in order:
#   1. codec micro-benchmarks (BenchmarkDotNet, short job, in process: PduCodec, Receipt, Text),
#   2. SMPP session throughput, one bind, window 64 (our client -> our simulator)        load smpp
#   3. REST accept rate, 64 keep-alive clients, then paced (three runs in the full mode)   load rest
#   4. MT end to end: API send -> outbox -> submit_sm -> receipt -> 'delivered' callback  load mt
#   5. MO end to end: simulator MO -> webhook -> RCML <Sms> reply -> submit_sm            load mo
# and ends with one summary table (rate, p50, p99, CPU seconds, peak RSS, target per row) and one JSON file,
# bench-results/bench-<time>.json, combining the rows (each driver's own JSON stays in bench-results/bench-<time>/).
# Usage: scripts/bench.sh [--quick]
#   full (default): under 10 minutes on a 2-core machine; --quick: under 2 minutes (smaller counts, four codec cases,
#   shorter phases). Every step has a time limit taken from one overall deadline, so the script always ends in time;
#   a step the deadline leaves no room for is skipped and said so. Loopback only.
# Exit code: 0 when every step ran and wrote its result (targets missed are reported, not failures); 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
case "${1:-}" in
  "") ;;
  --quick) mode=quick ;;
  *) echo "usage: scripts/bench.sh [--quick]" >&2; exit 2 ;;
esac

started=$(date +%s)
if [ "$mode" = quick ]; then budget=115; else budget=590; fi
deadline=$((started + budget))
stamp=$(date +%Y%m%d-%H%M%S)
out="bench-results/bench-$stamp"
mkdir -p "$out"
cpu_model=$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)
echo "machine: $(nproc) cores, ${cpu_model:-unknown CPU}; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "mode: $mode (bounded to ${budget} s); results in $out"

# The benchmark project references the daemon and the simulator: one build gives all three in Release.
echo; echo "== build (Release)"
timeout 240 dotnet build -c Release tests/RestcommSmppBridge.Benchmarks --nologo -v quiet -clp:ErrorsOnly
bench=(dotnet tests/RestcommSmppBridge.Benchmarks/bin/Release/net10.0/RestcommSmppBridge.Benchmarks.dll)

failed=()
# run NAME CAP_SECONDS COMMAND...: runs the step within min(CAP, time left), keeps its output in $out/NAME.log.
run() {
  local name=$1 cap=$2; shift 2
  local left=$((deadline - $(date +%s) - 5))
  if [ "$left" -lt 20 ]; then
    echo; echo "== $name: SKIPPED, ${left} s left of the ${budget} s budget"
    failed+=("$name (skipped)")
    return
  fi
  local limit=$((cap < left ? cap : left))
  # @LIMIT@ in a driver's arguments: its own run limit, a little inside the step's, so it reports instead of being stopped.
  local args=() arg
  for arg in "$@"; do
    if [ "$arg" = @LIMIT@ ]; then arg=$((limit - 5 > 30 ? limit - 5 : 30)); fi
    args+=("$arg")
  done
  echo; echo "== $name (limit ${limit} s)"
  local code=0
  # SIGINT first: the drivers cancel, kill the daemon they started and exit; SIGKILL only if that takes over 10 s.
  timeout --signal=INT --kill-after=10 "$limit" "${args[@]}" >"$out/$name.log" 2>&1 || code=$?
  if [ "$name" = codec ]; then
    # BenchmarkDotNet's log is long: show its result tables only.
    grep -E '^\| ' "$out/$name.log" || true
  else
    # The driver's table and verdicts, without the progress lines before it.
    sed -n '/^$/,$p' "$out/$name.log"
  fi
  # Exit 1 from a driver means it ran and reports something incomplete (a limit hit, a duplicate): shown above.
  if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then
    echo "$name: exit code $code (124 = stopped at its time limit); log: $out/$name.log"
    failed+=("$name (exit $code)")
  elif [ "$code" -eq 1 ]; then
    echo "$name: the driver reported an incomplete or unclean run (exit 1); log: $out/$name.log"
  fi
}

if [ "$mode" = quick ]; then
  run codec 40 "${bench[@]}" --filter '*PduCodecBenchmarks.Decode(Pdu: SubmitGsm)' '*PduCodecBenchmarks.EncodeToSpan(Pdu: SubmitGsm)' \
    '*ReceiptBenchmarks.ParseText' '*TextBenchmarks.SmppTextEncodeGsm' \
    --job short --iterationTime 100 --inProcess --exporters json --artifacts "$out/codec"
  run smpp 20 "${bench[@]}" load smpp --window 64 --via session --count 50000 --warmup 1 --out "$out"
  run rest 25 "${bench[@]}" load rest --requests 5000 --warmup 1 --rate 2000 --duration 2 --out "$out"
  run mt 60 "${bench[@]}" load mt --count 1000 --rate 500 --duration 2 --warmup 1 --drain 5 --limit @LIMIT@ --out "$out"
  run mo 60 "${bench[@]}" load mo --count 1000 --rate 500 --duration 2 --warmup 1 --drain 5 --limit @LIMIT@ --out "$out"
else
  run codec 150 "${bench[@]}" --filter '*PduCodecBenchmarks*' '*ReceiptBenchmarks*' '*TextBenchmarks*' \
    --job short --iterationTime 200 --inProcess --exporters json --artifacts "$out/codec"
  run smpp 60 "${bench[@]}" load smpp --window 64 --via session --count 200000 --warmup 2 --out "$out"
  # Three REST runs, each with its own daemon: one run says little on a shared 2-core machine (see the README).
  for n in 1 2 3; do
    run "rest$n" 90 "${bench[@]}" load rest --out "$out"
  done
  run mt 150 "${bench[@]}" load mt --drain 20 --limit @LIMIT@ --out "$out"
  run mo 150 "${bench[@]}" load mo --drain 20 --limit @LIMIT@ --out "$out"
fi

echo; echo "== summary"
summary_code=0
"${bench[@]}" load summary --in "$out" --out "bench-results/bench-$stamp.json" || summary_code=$?
echo "total: $(( $(date +%s) - started )) s ($mode)"
if [ "${#failed[@]}" -gt 0 ] || [ "$summary_code" -ne 0 ]; then
  echo "not every step gave a result: ${failed[*]:-summary}"
  exit 1
fi
