#!/usr/bin/env bash
# The two-instance cost benchmark (bench/README.md, "two-instances"): builds Release, starts a
# throwaway PostgreSQL on a free loopback port (Debian's postgresql package, removed afterwards),
# then sends one paced stream of N clients connecting through a throwaway mosquitto to one
# dashboard, then to two on one database, and prints each instance's CPU and RSS and the
# database's transactions, inserted rows and CPU.
# Usage: bench/run-two-instances.sh [clients] [events/s]   (default 100000 2000)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/sbin/mosquitto ] || { echo "mosquitto is not installed: apt-get install mosquitto" >&2; exit 2; }
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
[ -x "$bin/pg_ctl" ] || { echo "PostgreSQL is not installed: apt-get install postgresql" >&2; exit 2; }
dotnet build -c Release bench/Dashboard.Bench -warnaserror -v q -nologo
dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
as_pg "$bin/initdb" -D "$dir/data" --auth=trust -U postgres >/dev/null
# fsync stays on: the database's cost is part of what is measured.
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w start -o "-p $port -k $dir -c listen_addresses=127.0.0.1" >/dev/null
trap 'as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null; rm -rf "$dir"' EXIT
postmaster=$(head -1 "$dir/data/postmaster.pid")
dotnet bench/Dashboard.Bench/bin/Release/net10.0/Dashboard.Bench.dll two-instances \
  "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres" "$postmaster" "${1:-100000}" "${2:-2000}"
