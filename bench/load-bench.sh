#!/usr/bin/env bash
# Load benchmark of the reference service, with PostgreSQL's own throughput as the physical reference.
#
#   bench/load-bench.sh                 # 50, 100, 200 and 500 users, 20 s each, then pgbench
#   USERS="200" DURATION=60s bench/load-bench.sh
#   SKIP_GATLING=1 bench/load-bench.sh  # pgbench only
#
# Part 1: Gatling's SteadyState as a throughput benchmark (-Dthink=0: every user sends its next request as soon as
#   the previous one is answered; closed model) against the local stack it starts itself: embedded PostgreSQL 17
#   behind the embedded Toxiproxy-compatible proxy, reference pool (connection_limit=15) and reference service.
#   Figures come from gatling/target/gatling-results/SteadyState.json (parsed from Gatling's report); the
#   objectives may fail at high user counts: that is a measurement, not an error of this script.
# Part 2: pgbench -S (select-only, the built-in "SELECT abalance FROM pgbench_accounts WHERE aid = :aid") straight
#   against a PostgreSQL started here (Debian's /usr/lib/postgresql/<major>/bin, as root via `unshare -U`), with the
#   same client counts and 15 clients (the pool's size), 2 worker threads. Same machine, same run.
# Everything listens on 127.0.0.1 only; every run is bounded by DURATION. Output: a table on stdout and
# bench/results/<timestamp>/ (not tracked).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
USERS="${USERS:-50 100 200 500}"
DURATION="${DURATION:-20s}"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
out="bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
seconds="${DURATION%s}"

echo "load-bench: $(nproc) cores, $(uname -sr), java $(java -version 2>&1 | head -1 | cut -d'"' -f2), load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-28s %8s %10s %8s %8s %8s %8s %8s\n' "run" "users" "rps" "p50 ms" "p95 ms" "p99 ms" "max ms" "failed"

for u in $( [ "${SKIP_GATLING:-0}" = 1 ] || echo "$USERS" ); do
  log="$out/gatling-$u.log"
  mvn -B -ntp -pl gatling -am verify -DskipTests \
      -Dgatling.simulationClass=io.chaosharness.gatling.SteadyState -Dgatling.results.simulations=SteadyState \
      -Dusers="$u" -Dthink=0 -Dramp=2s -Dsteady.duration="$DURATION" >"$log" 2>&1 || true
  json=gatling/target/gatling-results/SteadyState.json
  if [ ! -f "$json" ] || ! grep -q '"users" : '"$u"',' "$json"; then
    echo "load-bench: no result for $u users, see $log" >&2
    continue
  fi
  cp "$json" "$out/steady-$u.json"
  jq -r --arg u "$u" '["service /api/admin/users", $u, .throughputRps, .p50Ms, .p95Ms, .p99Ms, .maxMs, .failedPct] |
      "\(.[0]|.[0:28]|.+ " " * (28 - length)) \(.[1]|tostring|" " * (8 - length) + .) \(.[2]|tostring|" " * (10 - length) + .) \(.[3]|tostring|" " * (8 - length) + .) \(.[4]|tostring|" " * (8 - length) + .) \(.[5]|tostring|" " * (8 - length) + .) \(.[6]|tostring|" " * (8 - length) + .) \(.[7]|tostring|" " * (7 - length) + .)%"' "$json"
done

# --- pgbench: PostgreSQL alone -------------------------------------------------------------------------------
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  echo "load-bench: no PostgreSQL binaries found (set PG_BIN); skipping pgbench" >&2
  exit 0
fi
data="$(mktemp -d /tmp/load-bench-pg.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
as_pg=()
if [ "$(id -u)" = 0 ]; then as_pg=(unshare -U); fi
cleanup() {
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$data/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap cleanup EXIT
"${as_pg[@]}" "$PG_BIN/initdb" -D "$data/db" -U bench --auth=trust >"$out/initdb.log" 2>&1
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$data/db" -l "$out/postgres.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c max_connections=600 -c shared_buffers=128MB" start >/dev/null
"$PG_BIN/pgbench" -h 127.0.0.1 -p "$port" -U bench -i -s 10 -q postgres >"$out/pgbench-init.log" 2>&1
pgver="$("$PG_BIN/postgres" --version | awk '{print $3}')"
for c in 15 $USERS; do
  log="$out/pgbench-$c.log"
  "$PG_BIN/pgbench" -h 127.0.0.1 -p "$port" -U bench -S -c "$c" -j 2 -T "$seconds" postgres >"$log" 2>&1 || true
  tps="$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$log" | head -1)"
  lat="$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$log" | head -1)"
  printf '%-28s %8s %10s %8s %8s %8s %8s %8s\n' "pgbench -S (PG $pgver)" "$c" "$(printf %.0f "${tps:-0}")" "avg ${lat:-?}" "-" "-" "-" "-"
done
echo "load-bench: logs and JSON in $out"
