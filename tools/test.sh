#!/usr/bin/env bash
# The test command: what CI runs (through .ci/run) and what developers run before pushing.
#
#   bash tools/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Migration]
#
# It
#   1. installs PostgreSQL from Debian if no /usr/lib/postgresql/*/bin/initdb exists;
#   2. starts a throwaway PostgreSQL cluster in a temp dir (as user postgres, trust auth, UTF8,
#      C.UTF-8, fsync off, 127.0.0.1 only, port 55432 or the next free one), and removes it on exit,
#      also when the tests fail; a cluster left behind by a killed run is cleaned up on the next run;
#   3. exports CASEHUB_TEST_PG (tests create and drop their own databases from it);
#   4. runs the migrations drift gate (tools/migrations.sh check), then `dotnet test CaseHub.sln`.
# The exit code is that of the drift gate if it fails, else that of the tests.
#
# Environment: CONFIGURATION (default Debug); CASEHUB_TEST_PG_PORT (default 55432, the first port tried).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
CONFIGURATION="${CONFIGURATION:-Debug}"
FIRST_PORT="${CASEHUB_TEST_PG_PORT:-55432}"
TMP_BASE=/tmp                       # must be reachable by the postgres user, so not $TMPDIR
DIR_PREFIX="casehub-pg."

log() { echo "test.sh: $*" >&2; }

as_root() {
    if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# initdb and postgres refuse to run as root.
as_postgres() {
    if [[ $EUID -eq 0 ]]; then
        (cd "$TMP_BASE" && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

install_postgres_if_missing() {
    if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
        return
    fi
    log "PostgreSQL is not installed; installing it from Debian."
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql
    compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || { log "initdb still missing after install."; exit 1; }
}

# Browser tests will need Debian's chromium (apt-get install -y chromium); not installed yet.

pg_bin() {
    local initdb
    initdb="$(ls -1 /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)"
    dirname "$initdb"
}

# Stops and removes clusters whose test.sh is gone (killed with SIGKILL, or the machine stopped).
# Clusters of runs still alive, e.g. in another worktree, are left alone.
clean_stale_clusters() {
    local dir owner
    for dir in "$TMP_BASE/$DIR_PREFIX"*; do
        [[ -d "$dir" ]] || continue
        owner="$(cat "$dir/owner.pid" 2>/dev/null || true)"
        if [[ -n "$owner" ]] && kill -0 "$owner" 2>/dev/null; then
            continue
        fi
        # A dir without owner.pid may be a run that is just starting; only old ones are stale.
        if [[ -z "$owner" ]] && [[ -z "$(find "$dir" -maxdepth 0 -mmin +10)" ]]; then
            continue
        fi
        log "removing stale cluster $dir"
        stop_cluster "$dir"
        rm -rf "$dir"
    done
}

stop_cluster() {
    local dir="$1" pid
    [[ -f "$dir/data/postmaster.pid" ]] || return 0
    if ! as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1; then
        pid="$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)"
        # Only if that pid is still this cluster's postmaster, not a process that reused the number.
        if [[ "$pid" =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$dir/data"; then
            kill -QUIT "$pid" 2>/dev/null || true
            sleep 1
        fi
    fi
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start_cluster() {
    as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
        --no-instructions >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; return 1; }
    cat >>"$PG_DIR/data/postgresql.conf" <<EOF

# tools/test.sh: a throwaway cluster, so durability is traded for speed.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_DIR'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    local port attempt
    port="$FIRST_PORT"
    for attempt in $(seq 1 20); do
        while port_in_use "$port"; do port=$((port + 1)); done
        if as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 \
            -o "-p $port" start >/dev/null; then
            PG_PORT="$port"
            return 0
        fi
        # Most likely another process took the port between the check and the start.
        log "PostgreSQL did not start on port $port (attempt $attempt); trying the next port."
        tail -n 5 "$PG_DIR/postgres.log" >&2 || true
        port=$((port + 1))
    done
    return 1
}

cleanup() {
    if [[ -n "${PG_DIR:-}" && -d "$PG_DIR" ]]; then
        stop_cluster "$PG_DIR"
        rm -rf "$PG_DIR"
    fi
}

# Prints "Total: N passed, N failed, N skipped" from the TRX files of this run.
summarize() {
    local passed=0 failed=0 total=0 executed=0 trx counters
    counter() { local v; v="$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters")"; echo "${v:-0}"; }
    for trx in "$1"/*.trx; do
        [[ -f "$trx" ]] || continue
        counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1 || true)"
        total=$((total + $(counter total)))
        executed=$((executed + $(counter executed)))
        passed=$((passed + $(counter passed)))
        failed=$((failed + $(counter failed)))
    done
    echo "Total: $passed passed, $failed failed, $((total - executed)) skipped"
}

install_postgres_if_missing
PG_BIN="$(pg_bin)"
clean_stale_clusters

PG_DIR="$(mktemp -d "$TMP_BASE/${DIR_PREFIX}XXXXXX")"
echo $$ >"$PG_DIR/owner.pid"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
chmod 755 "$PG_DIR"
if [[ $EUID -eq 0 ]]; then chown postgres:postgres "$PG_DIR"; fi

start_cluster || { log "could not start PostgreSQL; see above."; exit 1; }
export CASEHUB_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') is up: $CASEHUB_TEST_PG"

bash tools/migrations.sh check

RESULTS="$PG_DIR/results"
set +e
dotnet test CaseHub.sln --configuration "$CONFIGURATION" --nologo \
    --logger "console;verbosity=normal" --logger trx --results-directory "$RESULTS" "$@"
status=$?
set -e
summarize "$RESULTS"
exit "$status"
