#!/usr/bin/env bash
# Runs the whole test suite on SQLite and PostgreSQL, with a real browser, and prints "N passed, N failed".
# Installs what it needs when missing (PostgreSQL, Chromium from apt), starts a throwaway PostgreSQL
# cluster on a loopback port, and stops it again. Idempotent; safe to run repeatedly.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

need_apt=()
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
[ -x "$PGBIN/initdb" ] || PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] || need_apt+=(postgresql)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing: ${need_apt[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null || {
    echo "could not install ${need_apt[*]}"; exit 1; }
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
fi

# A throwaway PostgreSQL cluster on a free loopback port.
PGROOT=$(mktemp -d /tmp/forewarn-pg.XXXXXX)
PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$PGROOT"; runuser -u postgres -- "$@"; else "$@"; fi; }
stop_pg() { as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m immediate -w stop >/dev/null 2>&1; rm -rf "$PGROOT"; }
trap stop_pg EXIT
as_pg "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$PGROOT/initdb.log" 2>&1 \
  || { cat "$PGROOT/initdb.log"; echo "0 passed, 1 failed"; exit 1; }
as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 30 \
  -o "-p $PGPORT -k $PGROOT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null \
  || { cat "$PGROOT/server.log"; echo "0 passed, 1 failed"; exit 1; }
export FOREWARN_TEST_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=20"
export FOREWARN_CHROMIUM=${FOREWARN_CHROMIUM:-$(command -v chromium)}

results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"
dotnet tool restore >/dev/null
dotnet test Forewarn.slnx -c Release --logger "trx;LogFileName=tests.trx" --results-directory "$results" "$@"
status=$?

# The closing line CI reads, from the TRX counters.
python3 - "$results" "$status" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
files = glob.glob(sys.argv[1] + "/**/*.trx", recursive=True)
for f in files:
    c = ET.parse(f).getroot().find(".//{*}Counters")
    if c is None: continue
    passed += int(c.get("passed", 0))
    skipped += int(c.get("total", 0)) - int(c.get("executed", 0)) + int(c.get("notExecuted", 0))
    failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
if not files or (passed == 0 and failed == 0):
    failed = max(failed, 1)  # no results is a failure, never a silent pass
if sys.argv[2] != "0" and failed == 0:
    failed = 1  # the build or the runner failed before reporting tests
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
PY
[ "$status" = 0 ] || exit "$status"
