#!/usr/bin/env bash
# Drives POST /api/visits with wrk against `cloudresume serve` (every hit
# committed to SQLite before it is answered) and against an in-memory
# counter measured in the same run, and prints both and their ratio.
# Every hit waits for an fsync, so the figure depends on what a flush costs
# where the database lives: in $TMPDIR, whose file system is printed.
# Usage: bench/visits/run.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-15}
conns=${2:-64}
if ! command -v wrk >/dev/null; then
	echo "installing wrk..." >&2
	apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

go build -o "$work/cloudresume" ./cmd/cloudresume
go build -o "$work/memserver" ./bench/visits/memserver

wait_up() { for _ in $(seq 100); do curl -fsS "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "not up: $1" >&2; exit 1; }

"$work/cloudresume" serve --addr 127.0.0.1:18080 --db "$work/bench.db" --rate-limit 0 --log-format json 2>/dev/null &
pids+=($!)
"$work/memserver" --addr 127.0.0.1:18090 &
pids+=($!)
wait_up http://127.0.0.1:18080/healthz
wait_up http://127.0.0.1:18090/api/visits -X POST -d '{}'
# A server that could not listen has exited, and whatever holds its port
# answered instead: measuring that would be wrong.
for p in "${pids[@]}"; do
	kill -0 "$p" 2>/dev/null || { echo "a server exited at start: is port 18080 or 18090 taken?" >&2; exit 1; }
done

measure() { # url -> "req/s p99_ms"
	wrk -t2 -c"$conns" -d"${secs}s" --latency -s bench/visits/post.lua "$1/api/visits" > "$work/wrk.txt"
	local rps p99
	rps=$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.txt")
	p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; print v}' "$work/wrk.txt")
	local errors
	errors=$(awk '/Non-2xx|Socket errors/' "$work/wrk.txt")
	[ -n "$errors" ] && echo "  wrk reported: $errors" >&2
	echo "$rps $p99"
}

echo "POST /api/visits, wrk ${conns} connections, ${secs}s each; database on $(findmnt -no FSTYPE -T "$work" 2>/dev/null || stat -f -c %T "$work") ($work)"
read -r mem_rps mem_p99 < <(measure http://127.0.0.1:18090)
read -r db_rps db_p99 < <(measure http://127.0.0.1:18080)
views=$(curl -fsS http://127.0.0.1:18080/api/visits)
printf '%-28s %12s %10s\n' server req/s p99_ms
printf '%-28s %12.0f %10.2f\n' "in-memory (baseline)" "$mem_rps" "$mem_p99"
printf '%-28s %12.0f %10.2f\n' "cloudresume + SQLite (FULL)" "$db_rps" "$db_p99"
awk -v a="$db_rps" -v b="$mem_rps" 'BEGIN { printf "ratio: %.2f of the in-memory req/s (target >= 0.50)\n", a / b }'
echo "counts after the run: $views"
