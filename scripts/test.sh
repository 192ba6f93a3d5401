#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian machine with the .NET 10 SDK:
# installs what the tests need (mosquitto, postgresql, chromium, prometheus and nginx-light from Debian's packages), restores NuGet
# packages, builds, runs every test project, and prints one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
[ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
# The PostgreSQL history tests start their own throwaway server from these binaries.
compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null || missing+=(postgresql)
# The browser tests drive Debian's Chromium through Playwright (no browser download).
[ -x /usr/bin/chromium ] || missing+=(chromium)
# The metrics tests start a real Prometheus (and check the example alert rules with its promtool).
[ -x /usr/bin/prometheus ] || missing+=(prometheus)
# The scale-out test runs the documented nginx.conf in front of two instances, with a certificate from openssl.
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v openssl >/dev/null || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian's packages…"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Tests get a HOME of their own so runs do not leak into each other; the NuGet cache stays shared.
export NUGET_PACKAGES="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
test_home=$(mktemp -d)
trap 'rm -rf "$test_home"' EXIT

dotnet restore Dashboard.sln --verbosity quiet
dotnet build Dashboard.sln --no-restore --configuration Release --verbosity quiet -warnaserror

log="$test_home/test.log"
status=0
# One test project at a time (-m:1): the integration suites start brokers, databases and
# fleets of simulated devices, and on a 2-core machine they are steadier run in turn.
HOME="$test_home" dotnet test Dashboard.sln --no-build --configuration Release -m:1 \
  --logger "console;verbosity=normal" 2>&1 | tee "$log" || status=$?

# One closing line over all test projects: "tests: N passed, N failed".
# dotnet test's console logger closes each project with "Total tests: N", "     Passed: N",
# and "     Failed: N" when any failed.
read -r passed failed < <(awk '
  /^ +Passed: +[0-9]+ *$/ { p += $2 }
  /^ +Failed: +[0-9]+ *$/ { f += $2 }
  END { print p + 0, f + 0 }' "$log")
# CI shows only the end of the output: name each failed test there, with the start of its message.
if [ "$failed" -ne 0 ]; then
  echo "failed tests:"
  awk '/^ +Failed [A-Za-z_]/ { n = 12 } n > 0 { print; n-- }' "$log"
fi
echo "tests: $passed passed, $failed failed"
if [ "$status" -ne 0 ] || [ "$passed" -eq 0 ] || [ "$failed" -ne 0 ]; then
  exit 1
fi
