#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the test suite.
#   scripts/pg-test-server.sh start DIR   -> prints the SQLAlchemy URL on stdout
#   scripts/pg-test-server.sh stop DIR
# The cluster lives in DIR (deleted by stop). Needs Debian's postgresql package; as root
# the server runs as the `postgres` user, since PostgreSQL refuses to run as root.
set -euo pipefail
action="$1" dir="$2"
# A free loopback port unless one is given (another run's server may hold 54329).
port="${UNIONAPP_PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
password="unionapp-test"
bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bindir/pg_ctl" ] || { echo "PostgreSQL is not installed" >&2; exit 3; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
start)
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  echo "$password" > "$dir/pw" && chmod 600 "$dir/pw"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir/pw"
  as_owner "$bindir/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pw" --auth=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 --locale-provider=icu --icu-locale=zh-CN >"$dir/initdb.log" 2>&1
  # ICU zh-CN as the default collation, as a Chinese district server might have, so that
  # an ORDER BY relying on the server's collation would show. Loopback only, a socket in DIR (not /var/run), and fsync off: the data is thrown away.
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off -c max_connections=200" \
    >/dev/null
  echo "postgresql+psycopg://postgres:$password@127.0.0.1:$port/postgres"
  ;;
stop)
  [ -d "$dir/data" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start|stop DIR" >&2; exit 2
  ;;
esac
