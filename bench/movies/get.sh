#!/usr/bin/env bash
# Measures GET /api/movies/{id} with wrk against `cloudresume serve` over a
# catalog imported from gencsv, and prints req/s and latency percentiles.
# Usage: bench/movies/get.sh [rows] [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
secs=${2:-10}
conns=${3:-64}
port=${PORT:-18081}
if ! command -v wrk >/dev/null; then
	echo "installing wrk..." >&2
	apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

go build -o "$work/cloudresume" ./cmd/cloudresume
go run ./bench/movies/gencsv -rows "$rows" -o "$work/movies.csv"
"$work/cloudresume" movies import --create --db "$work/bench.db" "$work/movies.csv" >/dev/null

"$work/cloudresume" serve --addr "127.0.0.1:$port" --db "$work/bench.db" --rate-limit 0 --log-format json 2>/dev/null &
pid=$!
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null || { echo "cloudresume serve exited at start: is port $port taken?" >&2; exit 1; }
curl -fsS "http://127.0.0.1:$port/api/movies/tt0000042" >/dev/null

ROWS=$rows wrk -t2 -c"$conns" -d"${secs}s" --latency -s bench/movies/get.lua "http://127.0.0.1:$port" > "$work/wrk.txt"
errors=$(awk '/Non-2xx|Socket errors/' "$work/wrk.txt")
[ -n "$errors" ] && echo "wrk reported: $errors" >&2
echo "GET /api/movies/{id}: $rows movies, wrk $conns connections, ${secs}s"
awk '/^Requests\/sec:/ {printf "rate:    %.0f req/s\n", $2}
     $1 == "50%" || $1 == "99%" {printf "latency: p%s %s\n", substr($1, 1, 2), $2}' "$work/wrk.txt"
