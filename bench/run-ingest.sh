#!/usr/bin/env bash
# The ingest benchmark (bench/README.md, "ingest"): builds Release, then runs one firehose stream
# through a throwaway mosquitto to the dashboard and to mosquitto_sub at once, at QoS 0 and 1, with
# SQLite history and without, and prints each receiver's events/s and their ratio.
# Usage: bench/run-ingest.sh [events per run] [runs]   (default 1000000 "0:sqlite,1:sqlite,0:none,1:none")
set -euo pipefail
cd "$(dirname "$0")/.."
command -v mosquitto_sub >/dev/null && [ -x /usr/sbin/mosquitto ] \
  || { echo "mosquitto is not installed: apt-get install mosquitto mosquitto-clients" >&2; exit 2; }
dotnet build -c Release bench/Dashboard.Bench -warnaserror -v q -nologo
dotnet bench/Dashboard.Bench/bin/Release/net10.0/Dashboard.Bench.dll ingest "${1:-1000000}" "${2:-0:sqlite,1:sqlite,0:none,1:none}"
