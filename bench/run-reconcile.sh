#!/usr/bin/env bash
# The reconcile benchmark (bench/README.md, "reconcile"): builds Release, then reconciles N clients
# listed by the demo EMQX API (a child process over a synthetic table) through the real pipeline with
# SQLite history, while live events flow, and prints wall time, memory and the live events' latency.
# Usage: bench/run-reconcile.sh [clients] [live events/s] [removed before the second run]
#        (defaults 1000000 1000 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release bench/Dashboard.Bench -warnaserror -v q -nologo
dotnet bench/Dashboard.Bench/bin/Release/net10.0/Dashboard.Bench.dll reconcile "${1:-1000000}" "${2:-1000}" "${3:-1000}"
