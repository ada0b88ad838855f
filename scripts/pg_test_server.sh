#!/usr/bin/env bash
# A throw-away PostgreSQL 15 server for the `pg` test tier.
#
#   scripts/pg_test_server.sh start DIR   # initdb into DIR/data, start, write DIR/conninfo
#   scripts/pg_test_server.sh stop DIR    # stop it and delete DIR/data (DIR/postgres.log stays)
#   scripts/pg_test_server.sh crash DIR   # immediate stop (no checkpoint), data kept
#   scripts/pg_test_server.sh resume DIR  # start the crashed cluster again, same port
#
# The server listens on a free 127.0.0.1 port and on a unix socket in DIR/sock, with
# fsync, synchronous_commit and full_page_writes on (the durability the tests claim), trust
# authentication (loopback and socket only), superuser `zt` and a database `zt`.
# DIR/conninfo holds a libpq key=value conninfo, e.g.
#   host=DIR/sock port=41234 dbname=zt user=zt
# When run as root the server runs as the `postgres` system user (PostgreSQL refuses root).
# PG_BIN overrides the directory of initdb/pg_ctl (default: /usr/lib/postgresql/15/bin).
# For the durability-guard test only: ZT_PG_EXTRA_OPTIONS is appended to the server options
# (e.g. "-c fsync=off") and ZT_PG_NO_CHECKSUMS=1 initdbs without data checksums.
set -euo pipefail

usage() { echo "usage: $0 start|stop|crash|resume DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
cmd=$1
dir=$(mkdir -p "$2" && cd "$2" && pwd)
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
[ -x "$bin/pg_ctl" ] || bin=$(pg_config --bindir 2>/dev/null || true)
[ -x "$bin/pg_ctl" ] || { echo "pg_test_server: no PostgreSQL binaries (set PG_BIN)" >&2; exit 1; }

data=$dir/data
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  as_pg() { runuser -u postgres -- "$@"; }
  pg_owner=postgres
else
  as_pg() { "$@"; }
  pg_owner=$(id -un)
fi

stop_server() {
  if [ -f "$data/postmaster.pid" ]; then
    as_pg "$bin/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
  fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

case "$cmd" in
  start)
    stop_server
    if [ -f "$dir/sockdir" ]; then rm -rf "$(cat "$dir/sockdir")" "$dir/sockdir"; fi
    rm -rf "$data" "$dir/conninfo"
    sock=$dir/sock
    # A unix socket path is limited to 107 bytes; fall back to a short private directory.
    if [ $(( ${#sock} + 20 )) -gt 100 ]; then
      sock=$(mktemp -d /tmp/zt-pg-sock.XXXXXX)
      echo "$sock" >"$dir/sockdir"
    fi
    mkdir -p "$data" "$sock"
    chown "$pg_owner" "$data" "$sock"
    chmod 700 "$data"
    as_pg "$bin/initdb" -D "$data" -U zt --auth=trust --encoding=UTF8 --locale=C \
      $([ "${ZT_PG_NO_CHECKSUMS:-}" = 1 ] || echo --data-checksums) >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    touch "$dir/postgres.log" && chown "$pg_owner" "$dir/postgres.log"
    started=
    for attempt in 1 2 3 4 5 6 7 8; do
      port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
      port_in_use "$port" && continue
      if as_pg "$bin/pg_ctl" -D "$data" -l "$dir/postgres.log" -w -t 60 -o \
          "-c port=$port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$sock \
           -c fsync=on -c synchronous_commit=on -c full_page_writes=on \
           -c max_connections=200 -c shared_buffers=64MB ${ZT_PG_EXTRA_OPTIONS:-}" start >/dev/null; then
        started=1
        break
      fi
    done
    [ -n "$started" ] || { echo "pg_test_server: could not start (see $dir/postgres.log)" >&2; exit 1; }
    "$bin/psql" -X -q -h "$sock" -p "$port" -U zt -d postgres -c "CREATE DATABASE zt" >/dev/null
    echo "host=$sock port=$port dbname=zt user=zt" >"$dir/conninfo.tmp"
    mv "$dir/conninfo.tmp" "$dir/conninfo"
    cat "$dir/conninfo"
    ;;
  crash)
    # The PostgreSQL restart test (REL-02): stop at once, without a shutdown checkpoint, as a
    # crash would; `resume` starts the same cluster again on the same port and socket.
    as_pg "$bin/pg_ctl" -D "$data" -m immediate -w -t 60 stop >/dev/null
    ;;
  resume)
    port=$(sed -n 's/.*port=\([0-9]*\).*/\1/p' "$dir/conninfo")
    sock=$(sed -n 's/^host=\([^ ]*\).*/\1/p' "$dir/conninfo")
    as_pg "$bin/pg_ctl" -D "$data" -l "$dir/postgres.log" -w -t 60 -o \
      "-c port=$port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$sock \
       -c fsync=on -c synchronous_commit=on -c full_page_writes=on \
       -c max_connections=200 -c shared_buffers=64MB" start >/dev/null
    ;;
  stop)
    stop_server
    if [ -f "$dir/sockdir" ]; then rm -rf "$(cat "$dir/sockdir")" "$dir/sockdir"; fi
    rm -rf "$data" "$dir/conninfo"
    ;;
  *) usage ;;
esac
