#!/usr/bin/env bash
# Measures `forewarn run-daily` as a whole process (wall time, peak RSS) over generated inventories of growing size,
# on SQLite and PostgreSQL, delivering for real into the built-in development mailbox (no Forewarn__Smtp__Host).
# Not part of the test suite. Usage and the figures seen: bench/README.md.
#
#   bench/run-daily.sh [--quick] [--providers "sqlite postgres"] [--bundles "small medium large medium-flat large-flat"]
#
# Environment: FOREWARN_BENCH_OUT (default artifacts/bench) receives bundles, logs, results.tsv and results.md;
# FOREWARN_BIN runs another build of forewarn (default: the Release build of this worktree, built first).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

providers="sqlite postgres"
bundles="small medium large medium-flat large-flat"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) bundles="small medium medium-flat"; shift ;;
    --providers) providers="$2"; shift 2 ;;
    --bundles) bundles="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "run-daily.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

DATE=2026-12-03
out=${FOREWARN_BENCH_OUT:-$root/artifacts/bench}
mkdir -p "$out/bundles" "$out/logs"
[ -x /usr/bin/time ] || { echo "run-daily.sh: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 1; }

# ---- build (Release; only the two projects the bench runs) ------------------------------------------
if [ -z "${FOREWARN_BIN:-}" ]; then
  echo "building forewarn and the generator (Release)..."
  dotnet build src/Forewarn/Forewarn.csproj -c Release -v q -nologo >"$out/logs/build.log" 2>&1 \
    || { cat "$out/logs/build.log"; exit 1; }
  FOREWARN_BIN=$root/src/Forewarn/bin/Release/net10.0/forewarn
fi
dotnet build bench/Forewarn.Bench.Generator/Forewarn.Bench.Generator.csproj -c Release -v q -nologo >"$out/logs/build-generator.log" 2>&1 \
  || { cat "$out/logs/build-generator.log"; exit 1; }
GENERATOR=$root/bench/Forewarn.Bench.Generator/bin/Release/net10.0/forewarn-bench-generator

# ---- bundles ---------------------------------------------------------------------------------------
# Same accounts, users and events in every bundle; only the license lines grow. The -flat bundles keep the number of
# lines inside the widest digest range (90 days) about the same as in small, so the digests themselves do not grow:
# what is left to grow is only what the run reads, which is what streaming must keep flat.
common="--accounts 5 --vas-per-account 10 --lines-per-license 5 --users 500 --events-per-day 200 --seed 1 --digest-date $DATE"
bundle_args() {
  case "$1" in
    small) echo "--licenses-per-va 40" ;;
    medium) echo "--licenses-per-va 400" ;;
    large) echo "--licenses-per-va 2000" ;;
    medium-flat) echo "--licenses-per-va 400 --expiring-percent 1" ;;
    large-flat) echo "--licenses-per-va 2000 --expiring-percent 0.2" ;;
    *) echo "run-daily.sh: unknown bundle $1" >&2; return 1 ;;
  esac
}
for b in $bundles; do
  args=$(bundle_args "$b") || exit 2
  # shellcheck disable=SC2086
  "$GENERATOR" --out "$out/bundles/$b.json" $common $args >"$out/bundles/$b.counts.json" || exit 1
  echo "bundle $b: $(cat "$out/bundles/$b.counts.json")"
done

# ---- measuring -------------------------------------------------------------------------------------
results=$out/results.tsv
printf 'provider\tbundle\tstep\texit\twall_s\trss_kb\tstdout\n' >"$results"

# measure <provider> <bundle> <step> <command...>: runs it under /usr/bin/time -v, appends a row to results.tsv.
measure() {
  local provider=$1 bundle=$2 step=$3; shift 3
  local log=$out/logs/$provider-$bundle-$step
  /usr/bin/time -v -o "$log.time" "$@" >"$log.out" 2>"$log.err"
  local code=$?
  local wall rss
  wall=$(python3 - "$log.time" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t)
parts = [float(p) for p in m.group(1).split(":")] if m else [0]
s = 0.0
for p in parts: s = s * 60 + p
print(f"{s:.2f}")
PY
)
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\).*/\1/p' "$log.time")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$provider" "$bundle" "$step" "$code" "$wall" "${rss:-0}" "$(tr '\n\t' '  ' <"$log.out")" >>"$results"
  echo "  $provider $bundle $step: exit $code, ${wall} s, $(( ${rss:-0} / 1024 )) MB"
  [ "$code" = 0 ] || { echo "    stderr: $(head -c 600 "$log.err")"; }
  return "$code"
}


# Every mail goes to the built-in development mailbox over SMTP on loopback (M3): the default path.
unset Forewarn__Smtp__Host Forewarn__Smtp__Port Forewarn__Delivery__BatchSize
export Forewarn__Mailbox__Port=0

# run_bundle <provider> <bundle> <reset-command>: import, then run-daily twice, then again from the imported state
# with the outbox read one message at a time (Forewarn__Delivery__BatchSize=1), to show what the batch holds.
run_bundle() {
  local provider=$1 b=$2 reset=$3
  measure "$provider" "$b" import "$FOREWARN_BIN" import "$out/bundles/$b.json" || return 1
  $reset save
  measure "$provider" "$b" run1 "$FOREWARN_BIN" run-daily --date "$DATE" --json
  measure "$provider" "$b" run2 "$FOREWARN_BIN" run-daily --date "$DATE" --json
  $reset restore
  measure "$provider" "$b" run1-batch1 env Forewarn__Delivery__BatchSize=1 "$FOREWARN_BIN" run-daily --date "$DATE" --json
  $reset drop
}

# ---- SQLite: a fresh data directory per bundle -----------------------------------------------------
if [[ " $providers " == *" sqlite "* ]]; then
  SQROOT=$(mktemp -d /tmp/forewarn-bench-sqlite.XXXXXX)
  trap 'rm -rf "$SQROOT"' EXIT
  unset Forewarn__Database__Provider ConnectionStrings__Forewarn
  sqlite_state() {
    case "$1" in
      save) cp -a "$SQROOT/data" "$SQROOT/data.imported" ;;
      restore) rm -rf "$SQROOT/data"; cp -a "$SQROOT/data.imported" "$SQROOT/data" ;;
      drop) rm -rf "$SQROOT/data" "$SQROOT/data.imported" ;;
    esac
  }
  export Forewarn__DataDirectory=$SQROOT/data
  echo "SQLite ($SQROOT/data/forewarn.db)"
  for b in $bundles; do rm -rf "$SQROOT/data"; run_bundle sqlite "$b" sqlite_state; done
  unset Forewarn__DataDirectory
fi

# ---- PostgreSQL: a throwaway cluster exactly as scripts/test.sh starts it --------------------------
if [[ " $providers " == *" postgres "* ]]; then
  PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
  [ -x "$PGBIN/initdb" ] || PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  [ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] || { echo "run-daily.sh: PostgreSQL binaries not found (scripts/test.sh installs them)" >&2; exit 1; }
  PGROOT=$(mktemp -d /tmp/forewarn-bench-pg.XXXXXX)
  PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$PGROOT"; runuser -u postgres -- "$@"; else "$@"; fi; }
  stop_pg() { as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m immediate -w stop >/dev/null 2>&1; rm -rf "$PGROOT"; }
  trap 'stop_pg; rm -rf "${SQROOT:-/nonexistent}"' EXIT
  as_pg "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$PGROOT/initdb.log" 2>&1 \
    || { cat "$PGROOT/initdb.log"; exit 1; }
  as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 30 \
    -o "-p $PGPORT -k $PGROOT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null \
    || { cat "$PGROOT/server.log"; exit 1; }
  psql_admin() { as_pg "$PGBIN/psql" -X -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -c "$1"; }
  export Forewarn__Database__Provider=Postgres
  echo "PostgreSQL (127.0.0.1:$PGPORT, $PGBIN)"
  for b in $bundles; do
    db="bench_${b//-/_}"
    export ConnectionStrings__Forewarn="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=$db"
    postgres_state() {
      case "$1" in
        save) psql_admin "CREATE DATABASE ${db}_imported TEMPLATE $db" ;;
        restore) psql_admin "DROP DATABASE $db" && psql_admin "CREATE DATABASE $db TEMPLATE ${db}_imported" ;;
        drop) psql_admin "DROP DATABASE $db" && psql_admin "DROP DATABASE ${db}_imported" ;;
      esac
    }
    run_bundle postgres "$b" postgres_state
  done
  unset Forewarn__Database__Provider ConnectionStrings__Forewarn
fi

# ---- the table -------------------------------------------------------------------------------------
python3 - "$results" "$out/bundles" "$out/results.md" <<'PY'
import csv, json, os, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
counts = {f[:-len(".counts.json")]: json.load(open(os.path.join(sys.argv[2], f)))
          for f in os.listdir(sys.argv[2]) if f.endswith(".counts.json")}
by = {(r["provider"], r["bundle"], r["step"]): r for r in rows}
mb = lambda r: int(r["rss_kb"]) / 1024 if r else 0
def summary(r):
    try: return json.loads(r["stdout"])
    except Exception: return None
lines = ["| provider | bundle | lines | lines ≤ 90 d | users | digests (+copies) | import s | import RSS MB | run-daily s | run-daily RSS MB | RSS ÷ small | 2nd run s | 2nd run RSS MB | RSS, batch 1 | check |",
         "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
problems = []
for provider in dict.fromkeys(r["provider"] for r in rows):
    small = by.get((provider, "small", "run1"))
    for bundle in dict.fromkeys(r["bundle"] for r in rows if r["provider"] == provider):
        imp, r1, r2, b1 = (by.get((provider, bundle, s)) for s in ("import", "run1", "run2", "run1-batch1"))
        c = counts.get(bundle, {})
        s1, s2, sb = (summary(r) if r else None for r in (r1, r2, b1))
        check = []
        for name, r in (("import", imp), ("run1", r1), ("run2", r2), ("batch1", b1)):
            if r and r["exit"] != "0": check.append(f"{name} exit {r['exit']}")
        if s1 and (s1["failed"] or s1["deferred"] or s1["delivered"] != s1["digestsSent"] + s1["copiesSent"]):
            check.append("run1 did not deliver every digest")
        if s2 and (s2["digestsSent"] or s2["copiesSent"] or s2["delivered"]):
            check.append("run2 sent again (D5)")
        if s1 and sb and (sb["digestsSent"], sb["copiesSent"], sb["delivered"]) != (s1["digestsSent"], s1["copiesSent"], s1["delivered"]):
            check.append("batch-1 run differs")
        problems += [f"{provider} {bundle}: {x}" for x in check]
        digests = f"{s1['digestsSent']} (+{s1['copiesSent']})" if s1 else "-"
        ratio = f"{mb(r1) / mb(small):.1f}×" if r1 and small and mb(small) else "-"
        lines.append(f"| {provider} | {bundle} | {c.get('lines', '-'):,} | {c.get('linesExpiringWithin90Days', '-'):,} | {c.get('users', '-')} | {digests} "
                     f"| {imp['wall_s'] if imp else '-'} | {mb(imp):.0f} | {r1['wall_s'] if r1 else '-'} | {mb(r1):.0f} | {ratio} "
                     f"| {r2['wall_s'] if r2 else '-'} | {mb(r2):.0f} | {mb(b1):.0f} | {'ok' if not check else '; '.join(check)} |")
table = "\n".join(lines)
open(sys.argv[3], "w").write(table + "\n")
print(table)
if problems:
    print("\nPROBLEMS:\n" + "\n".join(problems))
    sys.exit(1)
PY
status=$?
echo "results: $out/results.md, raw: $results, logs: $out/logs/"
exit $status
