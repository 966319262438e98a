#!/usr/bin/env bash
# The test command: what CI runs (through .ci/run) and what developers run before pushing.
#
#   bash tools/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Migration]
#
# It
#   1. installs PostgreSQL from Debian if no /usr/lib/postgresql/*/bin/initdb exists, and Chromium (for the
#      browser tests, which Playwright drives; no browser is ever downloaded) if /usr/bin/chromium is missing;
#   2. starts a throwaway PostgreSQL cluster in a temp dir (as user postgres, trust auth, UTF8,
#      C.UTF-8, fsync off, 127.0.0.1 only, port 55432 or the next free one), and removes it on exit,
#      also when the tests fail; a cluster left behind by a killed run is cleaned up on the next run;
#   3. exports CASEHUB_TEST_PG (tests create and drop their own databases from it);
#   4. runs the migrations drift gate (tools/migrations.sh check), then `dotnet test CaseHub.sln` (whose build also
#      builds the web client), then the client's component tests (vitest).
# The exit code is that of the drift gate if it fails, else that of the first test stage that failed.
#
# Environment: CONFIGURATION (default Debug); CASEHUB_TEST_PG_PORT (default 55432, the first port tried).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
CONFIGURATION="${CONFIGURATION:-Debug}"
FIRST_PORT="${CASEHUB_TEST_PG_PORT:-55432}"
source tools/pg-cluster.sh

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

# Names the failed .NET tests and their first message line, so that the end of the log (all a CI page may keep)
# says what failed even though the client tests print after them.
list_failures() {
    local trx
    for trx in "$1"/*.trx; do
        [[ -f "$trx" ]] || continue
        python3 - "$trx" <<'PY' || grep -o 'testName="[^"]*"[^>]*outcome="Failed"' "$trx" || true
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult[@outcome='Failed']", ns):
    message = r.find("t:Output/t:ErrorInfo/t:Message", ns)
    first = (message.text or "").strip().splitlines()[0:3] if message is not None else []
    print(f"FAILED {r.get('testName')}")
    for line in first:
        print(f"    {line[:300]}")
PY
    done
}

# The browser tests (tests/CaseHub.Web.Tests/Browser) launch this exact executable.
source tools/chromium.sh
install_chromium_if_missing
start_throwaway_postgres
export CASEHUB_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"

bash tools/migrations.sh check

RESULTS="$PG_DIR/results"
set +e
dotnet test CaseHub.sln --configuration "$CONFIGURATION" --nologo \
    --logger "console;verbosity=normal" --logger trx --results-directory "$RESULTS" "$@"
status=$?
summarize "$RESULTS"

# The web client's component tests (vitest). The build above ran `npm ci` for ClientApp; a build skipped with
# -p:SkipClientBuild=true did not, so install here when needed.
echo "Client tests (vitest, src/CaseHub.Web/ClientApp):"
(cd src/CaseHub.Web/ClientApp && { [[ -d node_modules ]] || npm ci --no-audit --no-fund; } && CI=true npm test </dev/null)
client_status=$?
set -e

echo ".NET tests: $(summarize "$RESULTS"), exit code $status; client tests: exit code $client_status"
list_failures "$RESULTS"
if [[ "$status" -eq 0 ]]; then status="$client_status"; fi
exit "$status"
