#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tools/test.sh and tools/bench.sh; source it, then call
# start_throwaway_postgres. It installs PostgreSQL from Debian if missing, starts a cluster in a temp
# dir as user postgres on 127.0.0.1 (port FIRST_PORT or the next free one), sets PG_PORT, PG_DIR and
# PG_BIN, and removes the cluster when the calling script exits, also on failure. A cluster left by a
# killed run is removed by the next one. PG_DURABLE=1 keeps fsync on (benchmarks).

TMP_BASE=/tmp                       # must be reachable by the postgres user, so not $TMPDIR
DIR_PREFIX="casehub-pg."
FIRST_PORT="${FIRST_PORT:-55432}"

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

# A throwaway cluster on loopback only.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_DIR'
max_connections = 300
EOF
    if [[ "${PG_DURABLE:-0}" != 1 ]]; then
        # Tests trade durability for speed; benchmarks (PG_DURABLE=1) keep PostgreSQL's defaults.
        printf 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n' >>"$PG_DIR/data/postgresql.conf"
    fi
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

start_throwaway_postgres() {
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
    log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') is up on 127.0.0.1:$PG_PORT"
}
