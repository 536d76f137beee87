#!/usr/bin/env bash
# Shows the bridge working end to end on the embedded demo, then stops everything it started.
#   scripts/demo.sh [--port 18080] [--smsc-port 12775]
# Starts the bridge (demo on: an in-process SMSC simulator as carrier 'demo', a demo account and number, and the echo
# application /demo/sms) with its data in a temporary folder, sends an SMS through the REST API, injects three MOs
# (GSM, UCS-2 with an emoji, and a long GSM message that travels as several parts), waits for the echo replies to be
# delivered, and prints the message list with final statuses. Needs curl and python3. Bounded: about a minute.
set -euo pipefail
cd "$(dirname "$0")/.."

http_port=18080
smsc_port=12775
while [ $# -gt 0 ]; do
  case "$1" in
    --port) http_port="$2"; shift 2 ;;
    --smsc-port) smsc_port="$2"; shift 2 ;;
    *) echo "usage: scripts/demo.sh [--port N] [--smsc-port N]" >&2; exit 2 ;;
  esac
done
for tool in curl python3 dotnet; do
  command -v "$tool" >/dev/null 2>&1 || { echo "scripts/demo.sh needs $tool" >&2; exit 2; }
done

work=$(mktemp -d)
log="$work/bridge.log"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "building..."
dotnet build -c Release src/RestcommSmppBridge -nologo -v q >/dev/null
dll="src/RestcommSmppBridge/bin/Release/net10.0/RestcommSmppBridge.dll"

Urls="http://127.0.0.1:$http_port" Bridge__Demo__Enabled=true Bridge__Demo__SimulatorPort="$smsc_port" \
  Bridge__Storage__Path="$work/data/bridge.db" dotnet "$dll" >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  grep -q "bound as Transceiver" "$log" 2>/dev/null && [ -f "$work/data/demo-account.json" ] && break
  kill -0 "$pid" 2>/dev/null || { echo "the bridge stopped:"; cat "$log"; exit 1; }
  sleep 0.25
done
grep -q "bound as Transceiver" "$log" || { echo "the demo carrier did not bind in 30 s:"; cat "$log"; exit 1; }

sid=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["Sid"])' "$work/data/demo-account.json")
token=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["AuthToken"])' "$work/data/demo-account.json")
base="http://127.0.0.1:$http_port"
api="$base/restcomm/2012-04-24/Accounts/$sid/SMS/Messages.json"
echo "bridge up on $base (account $sid), simulator on 127.0.0.1:$smsc_port"

echo; echo "1. send an SMS through the REST API"
curl -s -u "$sid:$token" -X POST "$api" --data-urlencode "From=+15550100" --data-urlencode "To=+15550199" \
  --data-urlencode "Body=Hello from the API, 5€" | python3 -c 'import json,sys;m=json.load(sys.stdin);print("   ", m["sid"], m["status"], m["direction"])'

echo; echo "2. inject MOs from the simulator (the echo app answers each one)"
long=$(python3 -c 'print("This MO is long enough to travel as several SMS parts and be reassembled by the bridge. " * 3)')
for body in "Hi bridge" "Привет 😀 from a phone" "$long"; do
  curl -s -X POST "$base/demo/mo" --data-urlencode "From=+15550199" --data-urlencode "To=+15550100" \
    --data-urlencode "Body=$body" | python3 -c 'import json,sys;r=json.load(sys.stdin);print("    MO in", r["Parts"], "part(s):", r["Statuses"])'
done

echo; echo "3. wait for every message to reach a final status (at most 20 s)"
for _ in $(seq 1 80); do
  pending=$(curl -s -u "$sid:$token" "$api?PageSize=50" | python3 -c '
import json,sys
ms=json.load(sys.stdin)["messages"]
print(sum(1 for m in ms if m["status"] in ("queued","sending","sent")) + (0 if len(ms)>=7 else 1))')
  [ "$pending" = "0" ] && break
  sleep 0.25
done

echo; echo "4. the message list, newest first"
curl -s -u "$sid:$token" "$api?PageSize=50" | python3 -c '
import json,sys
for m in json.load(sys.stdin)["messages"]:
    body=m["body"] if len(m["body"])<=48 else m["body"][:45]+"..."
    print("   %-14s %-11s %-3s %s" % (m["direction"], m["status"], m.get("num_segments",""), body))'
echo; echo "stopping the bridge"
