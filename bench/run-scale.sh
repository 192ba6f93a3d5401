#!/usr/bin/env bash
# The scale benchmark (bench/README.md, "scale"): builds Release, restores dotnet-gcdump (a local
# tool, bench/.config), then brings N distinct clients online through a throwaway mosquitto into the
# dashboard and measures its heap, the Clients API's times and the rebuild of live state at restart.
# Usage: bench/run-scale.sh [clients]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/sbin/mosquitto ] || { echo "mosquitto is not installed: apt-get install mosquitto" >&2; exit 2; }
(cd bench && dotnet tool restore >/dev/null)
dotnet build -c Release bench/Dashboard.Bench -warnaserror -v q -nologo
dotnet bench/Dashboard.Bench/bin/Release/net10.0/Dashboard.Bench.dll scale "${1:-1000000}"
