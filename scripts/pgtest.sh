#!/bin/sh
# Runs a command against a throwaway PostgreSQL 15 server (pg_virtualenv,
# from Debian's postgresql-common; -t puts it in a temporary folder, so
# two runs at once do not meet, and works as root too), with FRONTDESK_TEST_PG set
# to a URL whose user may create databases. The store's tests then run on
# the server instead of SQLite files (data/datatest).
#   scripts/pgtest.sh go test ./data/...
# Without pg_virtualenv it says so and fails, unless PGTEST_OPTIONAL=1,
# when it says the PostgreSQL half was skipped and succeeds.
set -eu
if ! command -v pg_virtualenv >/dev/null 2>&1; then
	if [ "${PGTEST_OPTIONAL:-}" = 1 ]; then
		echo "pgtest: SKIPPED the PostgreSQL half of the tests: pg_virtualenv is not installed (Debian: postgresql, postgresql-common)." >&2
		exit 0
	fi
	echo "pgtest: pg_virtualenv is not installed (Debian: apt-get install postgresql postgresql-common)." >&2
	exit 1
fi
exec pg_virtualenv -t -v 15 -o max_connections=1000 sh -c 'FRONTDESK_TEST_PG="postgres://$PGUSER:$PGPASSWORD@$PGHOST:${PGPORT:-5432}/postgres?sslmode=disable" exec "$@"' pgtest "$@"
