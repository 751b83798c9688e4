#!/usr/bin/env bash
# Idempotent: installs PostgreSQL if missing, starts a cluster, creates the test role and database,
# and prints "export OPTOUTBOT_TEST_POSTGRES=<connection string>" as its last line.
#   export OPTOUTBOT_TEST_POSTGRES="$(bash tests/OptOutBot.Storage.Tests/Postgres/setup.sh | tail -n 1 | cut -d= -f2-)"
# (.ci/run applies the export line itself; do not eval it: the connection string holds semicolons.)
set -euo pipefail

ROLE=optoutbot_test
DB=optoutbot_test
PASSWORD=optoutbot_test
PORT="${OPTOUTBOT_TEST_POSTGRES_PORT:-5432}"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
    as_root apt-get update -qq >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
fi

VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^${VERSION} main$"; then
    as_root pg_createcluster "$VERSION" main --port "$PORT" >&2
fi

if ! pg_lsclusters -h | awk -v v="$VERSION" '$1==v && $2=="main" {print $4}' | grep -q online; then
    as_root pg_ctlcluster "$VERSION" main start >&2
fi

CLUSTER_PORT="$(pg_lsclusters -h | awk -v v="$VERSION" '$1==v && $2=="main" {print $3}')"

for _ in $(seq 1 30); do
    if as_root su postgres -c "psql -p $CLUSTER_PORT -tAc 'SELECT 1'" >/dev/null 2>&1; then break; fi
    sleep 1
done

psql_admin() { as_root su postgres -c "psql -p $CLUSTER_PORT -v ON_ERROR_STOP=1 -tAc \"$1\""; }

if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname='${ROLE}'")" != "1" ]; then
    psql_admin "CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD}' CREATEDB" >&2
fi
if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname='${DB}'")" != "1" ]; then
    psql_admin "CREATE DATABASE ${DB} OWNER ${ROLE}" >&2
fi

echo "export OPTOUTBOT_TEST_POSTGRES=Host=127.0.0.1;Port=${CLUSTER_PORT};Database=${DB};Username=${ROLE};Password=${PASSWORD}"
