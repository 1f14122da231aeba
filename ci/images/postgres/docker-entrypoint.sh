#!/bin/sh
# The official image's contract, reduced to what the harness uses: initialise on first start with
# POSTGRES_USER (default postgres) / POSTGRES_PASSWORD (required) / POSTGRES_DB (default: the user), then run the
# command (`postgres ...`, e.g. Testcontainers' `postgres -c fsync=off`) listening on all interfaces.
set -eu
if [ "${1:-}" != "postgres" ]; then
  exec "$@"
fi
user="${POSTGRES_USER:-postgres}"
db="${POSTGRES_DB:-$user}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "docker-entrypoint: POSTGRES_PASSWORD must be set" >&2
    exit 1
  fi
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  initdb -D "$PGDATA" -U "$user" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 > /dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  {
    echo "listen_addresses = '*'"
    echo "unix_socket_directories = '/tmp'"
  } >> "$PGDATA/postgresql.conf"
  if [ "$db" != "postgres" ]; then
    echo "CREATE DATABASE \"$db\" OWNER \"$user\";" | postgres --single -D "$PGDATA" -j postgres > /dev/null
  fi
  # The temporary server the official image runs its init scripts on; Testcontainers waits for its ready line
  # and the real server's.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start
  pg_ctl -D "$PGDATA" -m fast -w stop
fi
exec "$@"
