#!/usr/bin/env bash
# Benchmarks (not tests): builds Release, starts a throwaway PostgreSQL with its default durability
# settings (fsync on), and runs the engine benchmark on SQLite and on PostgreSQL with 1 and 8 clients,
# each next to its single-row commit baseline. Prints Markdown tables for docs/benchmarks.md.
#
#   bash tools/bench.sh            # everything: engine (10,000 instances per run) and intake
#   INSTANCES=2000 bash tools/bench.sh engine
#   INTAKE_CASES=5000 bash tools/bench.sh intake   # intake over HTTP (8 clients) next to pgbench TPC-B
#   INTAKE_FLOOR=true bash tools/bench.sh intake   # and the floor: the same requests with no workflow, only the case row
#   SUPERVISION_CASES=1000000 SUPERVISION_DUE=100000 bash tools/bench.sh supervision
#                                                   # 100,000 card timers due at once among 1 M open cases, and the
#                                                   # overdue board, ranking, queue and case-search queries at that size
#   SUPERVISION_CASES=10000000 SUPERVISION_GENERATE=1000000 SUPERVISION_DUE=0 bash tools/bench.sh supervision
#                                                   # 10 M cases (1 M generated, copied 10 times), queries only
#   DESIGNER_ACTIVITIES=200 bash tools/bench.sh designer
#                                                   # a 200-activity workflow opening in the designer in headless Chromium,
#                                                   # next to a 5-activity one
#   BENCH_KEEP_POSTGRES=1 ...                      # leaves the server up when done, to query its databases, until the
#                                                   # script is stopped (Ctrl-C or kill), which removes it
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
INSTANCES="${INSTANCES:-10000}"
INTAKE_CASES="${INTAKE_CASES:-5000}"
SUPERVISION_CASES="${SUPERVISION_CASES:-1000000}"
SUPERVISION_DUE="${SUPERVISION_DUE:-100000}"
SUPERVISION_GENERATE="${SUPERVISION_GENERATE:-$SUPERVISION_CASES}"
MODE="${1:-all}"
PG_DURABLE=1
FIRST_PORT="${CASEHUB_BENCH_PG_PORT:-56432}"
source tools/pg-cluster.sh
source tools/chromium.sh
start_throwaway_postgres
[[ "$MODE" != all && "$MODE" != designer ]] || install_chromium_if_missing

dotnet build -c Release --nologo -v q tools/CaseHub.Bench >/dev/null
[[ "$MODE" == engine ]] || dotnet build -c Release --nologo -v q src/CaseHub.Web >/dev/null
BENCH=(dotnet tools/CaseHub.Bench/bin/Release/net10.0/CaseHub.Bench.dll)
as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres casehub_bench
as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres casehub_intake
as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres casehub_supervision

echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m); PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') with default durability"
if [[ "$MODE" == all || "$MODE" == engine ]]; then
    echo
    "${BENCH[@]}" --provider Sqlite --instances "$INSTANCES" --clients 1,8
    echo
    "${BENCH[@]}" --provider Postgres --connection "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=casehub_bench;Maximum Pool Size=64" \
        --instances "$INSTANCES" --clients 1,8 --timers 200
fi
if [[ "$MODE" == all || "$MODE" == intake ]]; then
    echo
    "${BENCH[@]}" --intake "$INTAKE_CASES" --clients 8 --pgbench "$PG_BIN/pgbench" --floor "${INTAKE_FLOOR:-false}" \
        --connection "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=casehub_intake;Maximum Pool Size=64"
fi
if [[ "$MODE" == all || "$MODE" == supervision ]]; then
    echo
    "${BENCH[@]}" --supervision "$SUPERVISION_CASES" --due "$SUPERVISION_DUE" --generate "$SUPERVISION_GENERATE" \
        --connection "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=casehub_supervision;Maximum Pool Size=64"
fi
if [[ "$MODE" == all || "$MODE" == designer ]]; then
    echo
    "${BENCH[@]}" --designer "${DESIGNER_ACTIVITIES:-200}"
fi
if [[ -n "${BENCH_KEEP_POSTGRES:-}" ]]; then
    echo
    echo "PostgreSQL stays up on 127.0.0.1:$PG_PORT (user postgres) until this script is stopped."
    sleep infinity &
    wait $!
fi
