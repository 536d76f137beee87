#!/usr/bin/env bash
# REST API load run: builds the daemon and the load driver in Release, then starts the real daemon on a free loopback
# port and measures saturation (64 keep-alive clients, 50,000 accepted sends) and latency at 10,000 sends/s offered.
# Prints one table; the JSON goes to ./bench-results/rest-<timestamp>.json. Takes about a minute after the build.
# Usage: scripts/bench-rest.sh [driver options, e.g. --clients 32 --rate 5000 --duration 10 --env DOTNET_gcServer=0]
set -euo pipefail
cd "$(dirname "$0")/.."

echo "load average before the build: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)"
dotnet build -c Release src/RestcommSmppBridge --nologo -v quiet
dotnet build -c Release tests/RestcommSmppBridge.Benchmarks --nologo -v quiet
dotnet run -c Release --no-build --project tests/RestcommSmppBridge.Benchmarks -- load rest "$@"
