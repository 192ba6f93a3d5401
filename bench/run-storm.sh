#!/usr/bin/env bash
# Storm-to-screen and fan-out benchmarks (bench/README.md, "storm and fan-out"): builds the bench and the dashboard
# in Release, then runs `storm` (20k events/s for 60 s, Overview and Clients in Chromium) and
# `fanout` (100 /hubs/live clients and 10 Blazor circuits, 10k events/s for 30 s). Each starts its
# own mosquitto, dashboard process and Chromium on free loopback ports and stops them at the end.
# With arguments it runs just the scenario they name, e.g. `bench/run-storm.sh storm --seconds 30`;
# `soak` (a wallboard left open, bounded churn, optional restart) runs only when named:
# `bench/run-storm.sh soak --minutes 15 --restart-at 7`.
# Needs /usr/sbin/mosquitto and /usr/bin/chromium (scripts/test.sh installs both).
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build -c Release -warnaserror bench/Dashboard.StormBench >/dev/null
bench=bench/Dashboard.StormBench/bin/Release/net10.0/Dashboard.StormBench.dll

# Chromium and ASP.NET write under HOME: a throwaway one, removed at the end.
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME="$home" NUGET_PACKAGES="${NUGET_PACKAGES:-/root/.nuget/packages}"

echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(. /etc/os-release && echo "$PRETTY_NAME"), .NET SDK $(dotnet --version), $(/usr/sbin/mosquitto -h | head -1), $(/usr/bin/chromium --version 2>/dev/null)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ $# -gt 0 ]; then
    dotnet "$bench" "$@"
else
    dotnet "$bench" storm
    dotnet "$bench" fanout
fi
