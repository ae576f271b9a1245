#!/usr/bin/env bash
# make bench: the key pages timed on a generated county of 1,000 and of 100,000 children
# (manage.py bench_pages), then side by side with each page's growth (manage.py bench_report)
# in bench/results.json.
#
# Each county lives in a PostgreSQL database of its own, tillsammans_bench_<size>, and is
# generated only when the database does not already hold a county of that size: generating
# 100,000 children takes about ten minutes, so a rerun reuses it. A database holding another
# number of children (an interrupted generation) is dropped and generated anew.
#
# Environment (defaults in brackets): PGHOST [127.0.0.1], PGPORT [5432], PGUSER [postgres]
# (trust auth), PYTHON [.venv/bin/python], BENCH_SIZES ["1000 100000"], BENCH_SEED [1],
# BENCH_RUNS [30] timed requests a page, REDIS_URL [redis://127.0.0.1:6379/3].
set -euo pipefail
cd "$(dirname "$0")/.."

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
PYTHON="${PYTHON:-.venv/bin/python}"
# As in production, Redis holds the cache and the sessions (a database number of its own, so
# the benchmark's keys stay apart from anything else on the server).
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/3}"
BENCH_SIZES="${BENCH_SIZES:-1000 100000}"
BENCH_SEED="${BENCH_SEED:-1}"
BENCH_RUNS="${BENCH_RUNS:-30}"

# The pages are timed as production serves them, with DEBUG off, which needs these; the
# client asks over HTTPS (apps/county/bench.py). Nothing signed with the key outlives the run.
export DEBUG=false ALLOWED_HOSTS=testserver
SECRET_KEY="bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export SECRET_KEY

label() {  # 1000 -> 1k, as in the database and file names
    if (( $1 >= 1000 && $1 % 1000 == 0 )); then echo "$(( $1 / 1000 ))k"; else echo "$1"; fi
}

manage() {  # manage <database> <command> [arguments...]
    local database=$1
    shift
    DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$database" "$PYTHON" manage.py "$@"
}

exists() {
    [[ $(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'") == 1 ]]
}

children_in() {
    manage "$1" shell --no-imports -c \
        "from apps.county.generate import children_in_county; print(children_in_county())" |
        tail -n 1
}

county() {  # county <size> <database>: migrated and holding a county of <size> children
    local size=$1 database=$2 children
    exists "$database" || createdb "$database"
    manage "$database" migrate --no-input --verbosity 0
    children=$(children_in "$database")
    if [[ $children == "$size" ]]; then
        echo "$database: a county of $size children, reused."
        return
    fi
    if [[ $children != 0 ]]; then
        echo "$database holds $children children, not $size: generated anew."
        dropdb "$database"
        createdb "$database"
        manage "$database" migrate --no-input --verbosity 0
    fi
    echo "$database: generating a county of $size children..."
    manage "$database" generate_county --children "$size" --seed "$BENCH_SEED"
}

failed=0
results=()
for size in $BENCH_SIZES; do
    database="tillsammans_bench_$(label "$size")"
    county "$size" "$database"
    results+=("bench/results-$(label "$size").json")
    rm -f "${results[-1]}"
    # Planner statistics and the visibility map (index-only scans), as autovacuum would have
    # them on a server in use: a county just written has neither, and autovacuum may be off.
    vacuumdb --analyze --quiet "$database"
    echo
    # The nightly computation of the steering groups' indicators (issue 14: under 5 minutes at
    # 100,000 children), which also gives the indicators page figures to show.
    echo "== $database: the indicators, computed as the nightly task does"
    manage "$database" refresh_indicators
    echo "== $database"
    manage "$database" bench_pages --runs "$BENCH_RUNS" --json "${results[-1]}" || failed=1
done
echo
# Only reads and writes the JSON files: no database of its own.
DEBUG=true "$PYTHON" manage.py bench_report "${results[@]}" --output bench/results.json
exit "$failed"
