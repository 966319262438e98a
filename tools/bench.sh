#!/usr/bin/env bash
# Benchmarks (not tests): builds Release, starts a throwaway PostgreSQL with its default durability
# settings (fsync on), and runs the engine benchmark on SQLite and on PostgreSQL with 1 and 8 clients,
# each next to its single-row commit baseline. Prints Markdown tables for docs/benchmarks.md.
#
#   bash tools/bench.sh            # 10,000 instances per run
#   INSTANCES=2000 bash tools/bench.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
INSTANCES="${INSTANCES:-10000}"
PG_DURABLE=1
FIRST_PORT="${CASEHUB_BENCH_PG_PORT:-56432}"
source tools/pg-cluster.sh
start_throwaway_postgres

dotnet build -c Release --nologo -v q tools/CaseHub.Bench >/dev/null
BENCH=(dotnet tools/CaseHub.Bench/bin/Release/net10.0/CaseHub.Bench.dll)
as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres casehub_bench

echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m); PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') with default durability"
echo
"${BENCH[@]}" --provider Sqlite --instances "$INSTANCES" --clients 1,8
echo
"${BENCH[@]}" --provider Postgres --connection "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=casehub_bench;Maximum Pool Size=64" \
    --instances "$INSTANCES" --clients 1,8 --timers 200
