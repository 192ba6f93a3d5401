#!/usr/bin/env bash
# Runs the history benchmark against a throwaway PostgreSQL server on a free loopback port,
# started from Debian's postgresql package and removed afterwards.
# Usage: bench/run-history-postgres.sh [events]   (default 10000000)
#        bench/run-history-postgres.sh moment [clients] [events per client] [backfill|derive]   (online at a moment;
#        derive: the sessions rollup is written with the generated events, checked against the backfill on samples)
# BENCH_KEEP=<folder> keeps the database there (stopped, not removed) and reuses it on the next run: moment then times
# its queries again without generating the history anew.
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=history
if [ "${1:-}" = moment ]; then scenario=moment; shift; fi
events=${1:-10000000}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
[ -x "$bin/pg_ctl" ] || { echo "PostgreSQL is not installed: apt-get install postgresql" >&2; exit 2; }
dir=${BENCH_KEEP:-$(mktemp -d)}
mkdir -p "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
fresh=false
[ -d "$dir/data" ] || { as_pg "$bin/initdb" -D "$dir/data" --auth=trust -U postgres >/dev/null; fresh=true; }
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w start \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c max_wal_size=4GB" >/dev/null
if [ -n "${BENCH_KEEP:-}" ]; then
  trap 'as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null' EXIT
else
  trap 'as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null; rm -rf "$dir"' EXIT
fi
$fresh && as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -c "CREATE DATABASE bench" >/dev/null
connection="Host=127.0.0.1;Port=$port;Username=postgres;Database=bench"
if [ "$scenario" = moment ]; then
  dotnet run -c Release --project bench/Dashboard.Bench -- moment "$connection" "${1:-1000000}" "${2:-100}" "${3:-backfill}"
else
  dotnet run -c Release --project bench/Dashboard.Bench -- history postgres "$events" "$connection"
fi
