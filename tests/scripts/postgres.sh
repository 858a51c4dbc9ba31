#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the database tests: Debian's server, initialised in a temporary
# folder as the 'postgres' user, listening on 127.0.0.1 only, trusting local connections.
#
#   eval "$(tests/scripts/postgres.sh start [port])"   # prints the export of DECISIONER_TEST_POSTGRES and PG_TEST_DIR
#   tests/scripts/postgres.sh stop DIR
set -euo pipefail

bin() {
  local version
  version=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1)
  [ -n "$version" ] && echo "/usr/lib/postgresql/$version/bin"
}

case "${1:-}" in
  start)
    port="${2:-55432}"
    if [ -z "$(bin)" ]; then
      echo "== installing postgresql" >&2
      apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "postgres.sh: port $port is taken (another PostgreSQL left running?); stop it or pass another port" >&2
      exit 1
    fi
    dir=$(mktemp -d /tmp/decisioner-pg.XXXXXX)
    chmod 755 "$dir"; chown postgres "$dir"
    runuser -u postgres -- "$(bin)/initdb" -D "$dir/data" -A trust -U decisioner >/dev/null
    if ! runuser -u postgres -- "$(bin)/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >&2; then
      tail -5 "$dir/log" >&2
      rm -rf "$dir"
      exit 1
    fi
    echo "export PG_TEST_DIR='$dir'"
    echo "export DECISIONER_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=decisioner;Database=postgres'"
    ;;
  stop)
    dir="${2:?stop needs the folder printed by start}"
    runuser -u postgres -- "$(bin)/pg_ctl" -D "$dir/data" -m fast stop >&2 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start [port] | stop DIR" >&2
    exit 2
    ;;
esac
