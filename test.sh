#!/usr/bin/env bash
# Runs the whole test suite, on a fresh machine too: installs what is missing from Debian's packages
# (PostgreSQL, Chromium for the web app's browser tests, Node.js and npm for its build), starts PostgreSQL,
# checks that the SQL Server migration script still generates, then runs `dotnet test` on the solution.
# Ends with one line: "N passed, N failed". Set NURTURE_TEST_POSTGRES to use a PostgreSQL of your own.
set -uo pipefail
cd "$(dirname "$0")"

RESULTS="TestResults"
PG_ROLE="nurture"
PG_PASSWORD="nurture"

step() { printf '\n== %s\n' "$*"; }

fail_early() {
  echo "test.sh: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else fail_early "need root for: $*"; fi
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi
}

# Debian packages the suite needs and this machine lacks, installed with one apt-get run.
ensure_packages() {
  local missing=()
  if [ -z "${NURTURE_TEST_POSTGRES:-}" ] && { ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; }; then
    missing+=(postgresql)
  fi
  [ -x "${NURTURE_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  [ ${#missing[@]} -eq 0 ] && return
  step "Installing from Debian's packages: ${missing[*]}"
  as_root apt-get update -qq || fail_early "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null || fail_early "installing ${missing[*]} failed"
}

ensure_postgres() {
  local version
  version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
  if ! pg_lsclusters -h 2>/dev/null | grep -q "^$version main"; then
    as_root pg_createcluster "$version" main >/dev/null || fail_early "creating the PostgreSQL cluster failed"
  fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    step "Starting PostgreSQL $version"
    as_root pg_ctlcluster "$version" main start || fail_early "starting PostgreSQL failed"
  fi
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  pg_isready -q -h 127.0.0.1 -p 5432 || fail_early "PostgreSQL does not answer on 127.0.0.1:5432"

  as_postgres "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$PG_ROLE'\"" | grep -q 1 \
    || as_postgres "psql -qc \"CREATE ROLE $PG_ROLE WITH LOGIN PASSWORD '$PG_PASSWORD' CREATEDB;\"" \
    || fail_early "creating the PostgreSQL role failed"
  # Tests drop their databases WITH (FORCE), which must be able to end an autovacuum worker there.
  as_postgres "psql -qc 'GRANT pg_signal_backend TO $PG_ROLE;'" >/dev/null || fail_early "granting pg_signal_backend failed"
  as_postgres "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='nurture'\"" | grep -q 1 \
    || as_postgres "psql -qc 'CREATE DATABASE nurture OWNER $PG_ROLE;'" \
    || fail_early "creating the PostgreSQL database failed"
}

ensure_packages
if [ -z "${NURTURE_TEST_POSTGRES:-}" ]; then
  ensure_postgres
  export NURTURE_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Username=$PG_ROLE;Password=$PG_PASSWORD;Database=nurture"
fi

step "Building"
dotnet build Nurture.sln -c Debug -nologo -v quiet || fail_early "the build failed"

step "Generating the SQL Server migration script (no SQL Server runs here; the script must still generate)"
dotnet tool restore >/dev/null || fail_early "dotnet tool restore failed"
mkdir -p artifacts
dotnet ef migrations script --idempotent --no-build \
  --project src/Nurture.Data.SqlServer --startup-project src/Nurture.Data.SqlServer \
  --output artifacts/sqlserver-migrations.sql >/dev/null || fail_early "the SQL Server migration script did not generate"
echo "artifacts/sqlserver-migrations.sql: $(wc -l < artifacts/sqlserver-migrations.sql) lines"

step "Running the tests"
rm -rf "$RESULTS"
dotnet test Nurture.sln --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$RESULTS" \
  --blame-hang-timeout 10m
status=$?

# The fault-injection harness's short run (tests/Nurture.Chaos) leaves its table here.
if [ -f "$RESULTS/chaos-short.md" ]; then
  step "Chaos run (2 nodes, kills, an SMTP outage)"
  cat "$RESULTS/chaos-short.md"
fi

# The hostile-input sweep (tests/Nurture.Server.Tests/Security) says how many requests it made.
if [ -f "$RESULTS/hostile-input-sweep.txt" ]; then
  step "Hostile-input sweep"
  cat "$RESULTS/hostile-input-sweep.txt"
fi

passed=0
failed=0
for trx in "$RESULTS"/*.trx; do
  [ -e "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  passed=$((passed + $(echo "$counters" | sed -E 's/.* passed="([0-9]+)".*/\1/')))
  failed=$((failed + $(echo "$counters" | sed -E 's/.* failed="([0-9]+)".*/\1/')))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the runner failed without reporting a failed test (crash, hang): count it
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
