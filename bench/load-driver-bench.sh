#!/usr/bin/env bash
# Benchmarks the open-model load generator of `./harness run --app` (io.chaosharness.blackbox.load.LoadDriver):
# the request rate it sustains against a trivial local HTTP server (Jetty, in its own JVM) and the
# accuracy of its latency (LoadDriverBench: steps of rising planned rates with 50 users, then ACCURACY_RATE=100 req/s
# against a server that answers after 20 ms). The load average is printed before and after: other work on the machine
# moves the figures. Usage: bench/load-driver-bench.sh [RATES]   (env: STEP_SECONDS=10, RATES=100,200,500,1000,2000)
# Needs Java 17 and Maven. Everything listens on 127.0.0.1 on a free port; the server is stopped on exit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rates="${1:-${RATES:-100,200,500,1000,2000}}"
(cd "$here" && mvn -q -B -ntp -DskipTests -Pbench -pl benchmarks -am package >&2)
jar="$here/benchmarks/target/benchmarks.jar"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
java -Xmx512m -cp "$jar" io.chaosharness.bench.LoadDriverBench serve "$port" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
java -Xmx1g -cp "$jar" io.chaosharness.bench.LoadDriverBench "http://127.0.0.1:$port" "$rates"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
