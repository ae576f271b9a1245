#!/usr/bin/env bash
# make load: the case page under a bounded loopback load for a minute, served by gunicorn as
# in production (config.wsgi, 2 workers, DEBUG off) from the 100,000-children county of
# make bench, requested by wrk as the BBA of bench_pages's case page (signed in through a
# session made for the run by manage.py bench_load_target). Reports requests per second, p95
# latency and the errors and non-200 answers (bench/load.lua), then stops gunicorn.
#
# Every request is a real read, so it writes its access-log row into that database.
#
# Environment (defaults in brackets): LOAD_DATABASE [tillsammans_bench_100k], LOAD_SECONDS
# [60], LOAD_CONNECTIONS [4] kept open by wrk, LOAD_PORT [8765], PGHOST [127.0.0.1],
# PGPORT [5432], PGUSER [postgres], PYTHON [.venv/bin/python], REDIS_URL
# [redis://127.0.0.1:6379/3].
set -euo pipefail
cd "$(dirname "$0")/.."

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
PYTHON="${PYTHON:-.venv/bin/python}"
# As in production, Redis holds the cache and the sessions (a database number of its own, so
# the benchmark's keys stay apart from anything else on the server).
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/3}"
LOAD_DATABASE="${LOAD_DATABASE:-tillsammans_bench_100k}"
LOAD_SECONDS="${LOAD_SECONDS:-60}"
LOAD_CONNECTIONS="${LOAD_CONNECTIONS:-4}"
LOAD_PORT="${LOAD_PORT:-8765}"
BASE_URL="http://127.0.0.1:$LOAD_PORT"

if [[ $(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$LOAD_DATABASE'") != 1 ]]
then
    echo "No database $LOAD_DATABASE: make bench generates it." >&2
    exit 1
fi
if ! command -v wrk >/dev/null; then
    apt-get install -y wrk || { apt-get update && apt-get install -y wrk; } || {
        echo "wrk is missing and could not be installed: apt-get install -y wrk" >&2
        exit 1
    }
fi

# What the settings need with DEBUG off; the session below is signed with this SECRET_KEY.
# Production answers HTTPS only; here, as behind the proxy that ends TLS, each request says
# it came over HTTPS in X-Forwarded-Proto.
export DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$LOAD_DATABASE"
export DEBUG=false ALLOWED_HOSTS=127.0.0.1 SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https
HTTPS="X-Forwarded-Proto: https"
SECRET_KEY="bench-load-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export SECRET_KEY

read -r path cookie < <("$PYTHON" manage.py bench_load_target)

"$(dirname "$PYTHON")/gunicorn" config.wsgi:application --workers 2 \
    --bind "127.0.0.1:$LOAD_PORT" --log-file bench/gunicorn.log &
gunicorn=$!
trap 'kill "$gunicorn" 2>/dev/null; wait "$gunicorn" 2>/dev/null || true' EXIT

for _ in $(seq 100); do
    curl -fs "$BASE_URL/healthz" >/dev/null && break
    if ! kill -0 "$gunicorn" 2>/dev/null; then
        echo "gunicorn did not start: see bench/gunicorn.log" >&2
        exit 1
    fi
    sleep 0.2
done
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" -H "$HTTPS" "$BASE_URL$path")
if [[ $status != 200 ]]; then
    echo "$path answered $status, not 200, before the load: see bench/gunicorn.log" >&2
    exit 1
fi

load() {  # load <seconds> [wrk options...]
    local seconds=$1
    shift
    wrk --threads 2 --connections "$LOAD_CONNECTIONS" --duration "${seconds}s" --timeout 10s \
        --script bench/load.lua --header "Cookie: $cookie" --header "$HTTPS" "$@" "$BASE_URL$path"
}

# Untimed first: a new worker's first requests compile templates and load translations.
echo "Warming up the workers for 5 s..."
load 5 >/dev/null
echo "$LOAD_SECONDS s of $LOAD_CONNECTIONS connections on $BASE_URL$path ($LOAD_DATABASE)"
load "$LOAD_SECONDS" --latency
