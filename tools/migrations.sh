#!/usr/bin/env bash
# EF Core migrations for CaseHub, one migration set per database provider.
#
# Usage (from anywhere in the repository):
#   tools/migrations.sh add <Name> [--allow-empty]
#       Adds migration <Name> for BOTH providers, after you changed the model (entities or
#       configurations in src/CaseHub.Workflows/Persistence or src/CaseHub.Cases). It writes
#         src/CaseHub.Cases/Data/Migrations/Sqlite/<timestamp>_<Name>.cs    (namespace CaseHub.Cases.Data.Migrations.Sqlite)
#         src/CaseHub.Cases/Data/Migrations/Postgres/<timestamp>_<Name>.cs  (namespace CaseHub.Cases.Data.Migrations.Postgres)
#       and updates each provider's model snapshot. Name it after what it does (AddCaseTables,
#       IndexTasksByDueTime), in PascalCase. If either provider fails, both are left as they were.
#       It refuses to add a migration with no model change unless --allow-empty is given
#       (for a hand-written data migration). Review the generated Up/Down, then commit all files.
#   tools/migrations.sh check
#       Fails if the model has changes that no migration covers, for either provider (the drift gate
#       that tools/test.sh runs before the tests). Fix a failure with `add`.
#
# How it works: `dotnet ef` (local tool, .config/dotnet-tools.json) runs with
# tools/CaseHub.DbDesign as the startup project; its IDesignTimeDbContextFactory classes build
# SqliteCaseHubDbContext and PostgresCaseHubDbContext without any database. The migrations live in
# src/CaseHub.Cases, next to the contexts. See docs/adr/0002-migrations-per-provider.md.
#
# Environment: CONFIGURATION (default Debug) selects the build configuration.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
CONFIGURATION="${CONFIGURATION:-Debug}"
MIGRATIONS_PROJECT=src/CaseHub.Cases
STARTUP_PROJECT=tools/CaseHub.DbDesign
MIGRATIONS_DIR="$MIGRATIONS_PROJECT/Data/Migrations"
PROVIDERS=(Sqlite Postgres)

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2
    exit 2
}

context_of() { echo "${1}CaseHubDbContext"; }

ef() {
    dotnet tool run dotnet-ef -- "$@" \
        --project "$MIGRATIONS_PROJECT" --startup-project "$STARTUP_PROJECT" \
        --configuration "$CONFIGURATION" --no-build
}

prepare() {
    dotnet tool restore >/dev/null
    # One build serves every dotnet-ef call below (they all run with --no-build).
    local log
    if ! log="$(dotnet build "$STARTUP_PROJECT" --configuration "$CONFIGURATION" --nologo -v quiet 2>&1)"; then
        echo "$log" >&2
        echo "error: building $STARTUP_PROJECT failed." >&2
        exit 1
    fi
}

# Prints "pending" or "clean" for one provider; any other failure aborts.
model_state() {
    local out
    if out="$(ef migrations has-pending-model-changes --context "$(context_of "$1")" 2>&1)"; then
        echo clean
    elif grep -q "Changes have been made to the model" <<<"$out"; then
        echo pending
    else
        echo "$out" >&2
        echo "error: has-pending-model-changes failed for $1" >&2
        return 1
    fi
}

cmd_check() {
    prepare
    local provider state failed=0
    for provider in "${PROVIDERS[@]}"; do
        state="$(model_state "$provider")"
        if [[ "$state" == clean ]]; then
            echo "migrations check: $provider is up to date with the model."
        else
            echo "migrations check: $provider has model changes without a migration. Run: tools/migrations.sh add <Name>" >&2
            failed=1
        fi
    done
    return "$failed"
}

cmd_add() {
    local name="${1:-}" allow_empty=0
    [[ -n "$name" ]] || usage
    shift
    for arg in "$@"; do
        case "$arg" in
            --allow-empty) allow_empty=1 ;;
            *) usage ;;
        esac
    done
    if [[ ! "$name" =~ ^[A-Z][A-Za-z0-9]*$ ]]; then
        echo "error: migration name must be PascalCase letters and digits, e.g. AddCaseTables (got '$name')." >&2
        exit 2
    fi
    local provider
    for provider in "${PROVIDERS[@]}"; do
        if compgen -G "$MIGRATIONS_DIR/$provider/*_${name}.cs" >/dev/null; then
            echo "error: a migration named $name already exists for $provider." >&2
            exit 2
        fi
    done

    prepare
    local any_pending=0 state
    for provider in "${PROVIDERS[@]}"; do
        state="$(model_state "$provider")"
        if [[ "$state" == pending ]]; then any_pending=1; fi
    done
    if [[ $any_pending == 0 && $allow_empty == 0 ]]; then
        echo "error: the model has no changes since the last migration; nothing to add (use --allow-empty for a hand-written one)." >&2
        exit 1
    fi

    # Keep a copy so that a failure on the second provider does not leave the first one half-done.
    local backup
    backup="$(mktemp -d)"
    mkdir -p "$MIGRATIONS_DIR"
    cp -a "$MIGRATIONS_DIR/." "$backup/"
    for provider in "${PROVIDERS[@]}"; do
        # No --namespace: EF derives CaseHub.Cases.Data.Migrations.<Provider> from the folder, and with an
        # explicit one EF 10 writes the first model snapshot to a folder built from the namespace instead.
        if ! ef migrations add "$name" --context "$(context_of "$provider")" \
            --output-dir "Data/Migrations/$provider" \
            || [[ ! -f "$MIGRATIONS_DIR/$provider/$(context_of "$provider")ModelSnapshot.cs" ]]; then
            echo "error: adding $name for $provider failed; restoring $MIGRATIONS_DIR as it was." >&2
            rm -rf "${MIGRATIONS_DIR:?}"
            mkdir -p "$MIGRATIONS_DIR"
            cp -a "$backup/." "$MIGRATIONS_DIR/"
            rm -rf "$backup"
            exit 1
        fi
    done
    rm -rf "$backup"

    echo
    echo "Added $name for ${PROVIDERS[*]}:"
    git -c core.quotepath=off status --short --untracked-files=all -- "$MIGRATIONS_DIR" || true
    echo "Review Up/Down in each, then run 'tools/migrations.sh check' and commit them."
}

case "${1:-}" in
    add) shift; cmd_add "$@" ;;
    check) shift; [[ $# -eq 0 ]] || usage; cmd_check ;;
    *) usage ;;
esac
