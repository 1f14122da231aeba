#!/usr/bin/env bash
# Samples the machine every few seconds while CI runs, one line per sample, so that a test failure caused by the
# machine (a full disk, memory, the process table, connection tracking, a system Docker engine started by a package
# install) can be told from one caused by the code:
#
#   bash ci/machine-watch.sh LOG [INTERVAL_S] [MAX_S] &   # .ci/run prints LOG when mvn verify fails
#
# Ends by itself when its parent process ends or after MAX_S (default 7200 s); reads /proc and df only.
set -uo pipefail
log=${1:?usage: machine-watch.sh LOG [INTERVAL_S] [MAX_S]}
interval=${2:-10}
max=${3:-7200}
parent=$PPID

count() { local n; n=$(pgrep -c -x "$1" 2>/dev/null); echo "${n:-0}"; }
field() { awk -v k="$1" '$1 == k {print $2; exit}' "$2" 2>/dev/null; }

echo "time elapsed_s load1 mem_avail_mib tmp_avail_mib procs postgres java dockerd tcp_inuse tcp_tw conntrack last_pid" >"$log"
start=$SECONDS
while [ $((SECONDS - start)) -le "$max" ] && kill -0 "$parent" 2>/dev/null; do
  load=$(cut -d' ' -f1 /proc/loadavg)
  mem=$(( $(field MemAvailable: /proc/meminfo) / 1024 ))
  tmp=$(df -Pm /tmp 2>/dev/null | awk 'NR == 2 {print $4}')
  procs=$(ls -d /proc/[0-9]* 2>/dev/null | wc -l)
  tcp=$(awk '$1 == "TCP:" {print $3, $7}' /proc/net/sockstat 2>/dev/null)
  ct=$(cat /proc/sys/net/netfilter/nf_conntrack_count 2>/dev/null || echo -)
  echo "$(date -u +%H:%M:%S) $((SECONDS - start)) $load $mem ${tmp:--} $procs $(count postgres) $(count java)" \
    "$(count dockerd) ${tcp:-- -} $ct $(cat /proc/sys/kernel/ns_last_pid 2>/dev/null || echo -)" >>"$log"
  sleep "$interval"
done
