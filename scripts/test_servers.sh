# Test servers for scripts/test.sh (sourced, not run): a temporary PostgreSQL cluster for the
# figures-store tests on PostgreSQL. `start_test_postgres` exports GOVQA_TEST_POSTGRES_URL;
# `stop_test_postgres` stops the cluster and removes its folder (call it from an EXIT trap).
#
# - A URL already in GOVQA_TEST_POSTGRES_URL is used as it is (nothing is started).
# - No PostgreSQL binaries (Debian's postgresql-NN package): a note, and those tests skip.
# - PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user
#   (created as a system user when missing).
# The cluster lives in a fresh temporary folder, listens on a free loopback port only, trusts
# loopback connections (nothing else can reach it) and runs without fsync (its data is thrown away).

_GOVQA_PG_DIR=""
_GOVQA_PG_AS=()

_pg_bin() {
  if [ -n "${GOVQA_PG_BIN:-}" ]; then echo "$GOVQA_PG_BIN"; return; fi
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir; return
  fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

start_test_postgres() {
  if [ -n "${GOVQA_TEST_POSTGRES_URL:-}" ]; then
    echo "PostgreSQL tests use GOVQA_TEST_POSTGRES_URL from the environment"
    return 0
  fi
  local bin port
  bin=$(_pg_bin)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ] || [ ! -x "$bin/pg_ctl" ]; then
    echo "PostgreSQL (initdb, pg_ctl) not found; the PostgreSQL variants of the store tests will skip"
    return 0
  fi
  _GOVQA_PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/govqa-pg.XXXXXX")
  if [ "$(id -u)" = "0" ]; then
    id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    chown postgres "$_GOVQA_PG_DIR"
    _GOVQA_PG_AS=(runuser -u postgres --)
  fi
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${_GOVQA_PG_AS[@]}" "$bin/initdb" -D "$_GOVQA_PG_DIR/data" -U govqa --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 >"$_GOVQA_PG_DIR/initdb.log" 2>&1 \
    || { cat "$_GOVQA_PG_DIR/initdb.log"; echo "initdb failed"; return 1; }
  "${_GOVQA_PG_AS[@]}" "$bin/pg_ctl" -D "$_GOVQA_PG_DIR/data" -l "$_GOVQA_PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $_GOVQA_PG_DIR -c fsync=off -c full_page_writes=off" \
    start >/dev/null || { cat "$_GOVQA_PG_DIR/server.log"; echo "PostgreSQL did not start"; return 1; }
  export GOVQA_TEST_POSTGRES_URL="postgresql://govqa@127.0.0.1:$port/postgres"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') for the tests at $GOVQA_TEST_POSTGRES_URL"
}

stop_test_postgres() {
  [ -n "$_GOVQA_PG_DIR" ] || return 0
  if [ -f "$_GOVQA_PG_DIR/data/postmaster.pid" ]; then
    "${_GOVQA_PG_AS[@]}" "$(_pg_bin)/pg_ctl" -D "$_GOVQA_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$_GOVQA_PG_DIR"
  _GOVQA_PG_DIR=""
}
