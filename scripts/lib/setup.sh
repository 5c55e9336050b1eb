# Shared set-up for scripts/dev and scripts/test: Bun from npm, PostgreSQL and Redis from Debian packages,
# both on loopback with their data under .data/. Every step is skipped when already done.
# Sourced, not run: expects ROOT to be the repository root.

BUN_VERSION="1.4.5"
PG_PORT="${KILLBOARD_PG_PORT:-5432}"
REDIS_PORT="${KILLBOARD_REDIS_PORT:-6379}"
DATA_DIR="$ROOT/.data"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then say "apt-get update"; as_root apt-get update -qq >/dev/null; apt_updated=1; fi
  say "installing Debian packages: $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_bun() {
  export PATH="$ROOT/.tools/node_modules/.bin:$PATH"
  if [ "$(bun --version 2>/dev/null)" != "$BUN_VERSION" ]; then
    command -v npm >/dev/null || die "npm is required to install Bun"
    say "installing Bun $BUN_VERSION from npm into .tools/"
    npm install --silent --no-audit --no-fund --prefix "$ROOT/.tools" "bun@$BUN_VERSION" >/dev/null 2>&1 \
      || die "npm could not install bun@$BUN_VERSION"
  fi
}

ensure_dependencies() {
  if [ ! -d "$ROOT/node_modules" ] || [ "$ROOT/bun.lock" -nt "$ROOT/node_modules/.killboard-installed" ]; then
    say "bun install"
    (cd "$ROOT" && bun install --frozen-lockfile >/dev/null) || die "bun install failed"
    touch "$ROOT/node_modules/.killboard-installed"
  fi
}

pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/pg_ctl" ] && { echo "$dir"; return; }; done
}

# PostgreSQL refuses to run as root: when we are root the cluster belongs to the Debian 'postgres' user.
pg_run() { if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }

ensure_postgres() {
  if [ -n "${DATABASE_URL:-}" ]; then say "using DATABASE_URL from the environment"; return; fi
  if [ -z "$(pg_bin)" ]; then
    apt_install postgresql postgresql-contrib
    # Debian's package may start its own 'main' cluster on 5432; ours lives under .data, so stop that one.
    if command -v pg_lsclusters >/dev/null; then
      pg_lsclusters -h 2>/dev/null | while read -r version name _; do as_root pg_ctlcluster "$version" "$name" stop >/dev/null 2>&1 || true; done
    fi
  fi
  local bin; bin="$(pg_bin)"
  local pgdata="$DATA_DIR/postgres"
  mkdir -p "$pgdata"
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$pgdata"
    # The 'postgres' user may not be able to reach a checkout under a private directory: keep the cluster
    # in a per-checkout directory it can reach instead.
    if ! runuser -u postgres -- test -w "$pgdata"; then
      pgdata="/var/tmp/killboard-$(printf '%s' "$ROOT" | md5sum | cut -c1-12)/postgres"
      mkdir -p "$pgdata" && chown -R postgres:postgres "$(dirname "$pgdata")"
    fi
  fi
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    say "initialising PostgreSQL cluster in $pgdata"
    pg_run "$bin/initdb" -D "$pgdata" -U killboard --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! pg_run "$bin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
    say "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    pg_run "$bin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $pgdata -c max_connections=200 -c shared_buffers=512MB -c fsync=${KILLBOARD_PG_FSYNC:-on}" >/dev/null \
      || die "PostgreSQL did not start (see $pgdata/server.log)"
  fi
}

create_database() {
  local name="$1"
  [ -n "${DATABASE_URL:-}" ] && return
  if ! psql -h 127.0.0.1 -p "$PG_PORT" -U killboard -d postgres -tAc "select 1 from pg_database where datname = '$name'" | grep -q 1; then
    say "creating database $name"
    psql -h 127.0.0.1 -p "$PG_PORT" -U killboard -d postgres -qc "create database $name" >/dev/null
  fi
}

ensure_redis() {
  if [ -n "${REDIS_URL:-}" ]; then say "using REDIS_URL from the environment"; return; fi
  command -v redis-server >/dev/null || apt_install redis-server
  mkdir -p "$DATA_DIR/redis"
  if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    say "starting Redis on 127.0.0.1:$REDIS_PORT (noeviction, append-only)"
    # noeviction: the queue must never lose a job to memory pressure.
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$DATA_DIR/redis" --daemonize yes \
      --logfile "$DATA_DIR/redis/redis.log" --maxmemory-policy noeviction --appendonly yes --save "" >/dev/null \
      || die "Redis did not start (see .data/redis/redis.log)"
    for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  # Also when the Redis found running is not ours (e.g. Debian's service): the queue must never lose a job.
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" config set maxmemory-policy noeviction >/dev/null 2>&1 || true
}

# The end-to-end test drives the pages in Debian's headless Chromium.
ensure_chromium() {
  [ -x /usr/bin/chromium ] || apt_install chromium
}

# The metrics tests also have promtool (Debian's prometheus package) check the /metrics text; without it they judge
# it by the format's rules alone. Only that binary is unpacked, into .data/tools/: installing the package would also
# start a Prometheus server wherever systemd runs.
ensure_promtool() {
  local tools="$DATA_DIR/tools" scratch
  command -v promtool >/dev/null && return 0
  if [ ! -x "$tools/usr/bin/promtool" ]; then
    if [ -z "$apt_updated" ]; then say "apt-get update"; as_root apt-get update -qq >/dev/null; apt_updated=1; fi
    say "unpacking promtool from Debian's prometheus package into .data/tools/"
    scratch="$(mktemp -d)"
    mkdir -p "$tools"
    (cd "$scratch" && apt-get download -qq prometheus >/dev/null 2>&1 \
      && dpkg-deb --fsys-tarfile prometheus_*.deb | tar -x -C "$tools" ./usr/bin/promtool) \
      || say "promtool unavailable: the metrics tests check the format by its rules only"
    rm -rf "$scratch"
  fi
  if [ -x "$tools/usr/bin/promtool" ]; then export PATH="$tools/usr/bin:$PATH"; fi
}
