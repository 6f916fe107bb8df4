#!/usr/bin/env bash
# Drives POST /api/visits with wrk, all in the same run and at each number
# of connections:
#   - in-memory: a counter with nothing durable, the baseline;
#   - single client: `cloudresume serve --rate-limit 0`, one visitor whose
#     every hit is a repeat view (committed to SQLite before it is answered);
#   - many visitors: `cloudresume serve --trust-proxy` with the rate limit at
#     its defaults, every hit from a new visitor (its own X-Forwarded-For
#     address and User-Agent), at least 100,000 of them.
# It prints req/s, p99 and the server's CPU time per request of each, the
# many-visitor req/s as ratios against the in-memory baseline (target
# >= 0.5) and against the single client of the same build (target >= 0.8),
# and the visitors the many-visitor server counted. Every hit waits for an
# fsync, so the figures depend on what a flush costs where the databases
# live: in $TMPDIR, whose file system is printed. The machine may be busy
# with other work: the workloads take turns, several rounds each, and the
# medians are compared. Each wrk run is bounded by its duration and by a
# timeout.
# Usage: bench/visits/run.sh [seconds a run] [connections, e.g. "64 256"] [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-8}
conn_list=${2:-64 256}
rounds=${3:-3}
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

mem=http://127.0.0.1:18090 single=http://127.0.0.1:18080 many=http://127.0.0.1:18081
"$work/memserver" --addr 127.0.0.1:18090 &
mem_pid=$!
"$work/cloudresume" serve --addr 127.0.0.1:18080 --db "$work/single.db" --rate-limit 0 --log-format json 2>/dev/null &
one_pid=$!
"$work/cloudresume" serve --addr 127.0.0.1:18081 --db "$work/many.db" --trust-proxy --log-format json 2>/dev/null &
many_pid=$!
pids+=("$mem_pid" "$one_pid" "$many_pid")
wait_up "$mem/api/visits" -X POST -d '{}'
wait_up "$single/healthz"
wait_up "$many/healthz"
# A server that could not listen has exited, and whatever holds its port
# answered instead: measuring that would be wrong.
for p in "${pids[@]}"; do
	kill -0 "$p" 2>/dev/null || { echo "a server exited at start: is port 18080, 18081 or 18090 taken?" >&2; exit 1; }
done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
measure() { # conns url pid script [script args] -> "req/s p99_ms non2xx cpu_us/req"
	local conns=$1 url=$2 pid=$3 script=$4
	shift 4
	local t0 t1
	t0=$(cpu_ticks "$pid")
	timeout $((secs + 60)) wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$script" "$url/api/visits" -- "$@" > "$work/wrk.txt"
	t1=$(cpu_ticks "$pid")
	if grep -q 'Socket errors' "$work/wrk.txt"; then grep 'Socket errors' "$work/wrk.txt" >&2; fi
	awk -v ticks=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" '
		/requests in/ {n = $1}
		/^Requests\/sec:/ {rps = $2}
		/Non-2xx/ {bad = $NF}
		$1 == "99%" {v = $2; if (v ~ /us$/) {sub(/us$/, "", v); v /= 1000} else if (v ~ /ms$/) {sub(/ms$/, "", v)} else if (v ~ /s$/) {sub(/s$/, "", v); v *= 1000}; p99 = v}
		END {printf "%s %s %d %.1f\n", rps, p99, bad, ticks / hz * 1e6 / n}' "$work/wrk.txt"
}
visitors() { curl -fsS "$1/api/visits" | sed -E 's/.*"visitors":([0-9]+).*/\1/'; }
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

echo "POST /api/visits, wrk 2 threads, $rounds rounds of ${secs}s a workload, interleaved; medians of the rounds"
echo "databases on $(findmnt -no FSTYPE -T "$work" 2>/dev/null || stat -f -c %T "$work") ($work)"
printf '%6s %-40s %10s %9s %8s %12s\n' conns workload req/s p99_ms non-2xx cpu_us/req
summary=()
run=0
for conns in $conn_list; do
	: > "$work/mem.txt"; : > "$work/one.txt"; : > "$work/many.txt"
	new=0
	for _ in $(seq "$rounds"); do
		run=$((run + 1))
		measure "$conns" "$mem" "$mem_pid" bench/visits/post.lua >> "$work/mem.txt"
		measure "$conns" "$single" "$one_pid" bench/visits/post.lua >> "$work/one.txt"
		before=$(visitors "$many")
		measure "$conns" "$many" "$many_pid" bench/visits/many.lua "$run" >> "$work/many.txt"
		new=$((new + $(visitors "$many") - before))
	done
	row() { # name file -> prints the row, sets rps
		rps=$(cut -d' ' -f1 "$2" | median)
		printf '%6s %-40s %10.0f %9.2f %8s %12.1f\n' "$conns" "$1" "$rps" "$(cut -d' ' -f2 "$2" | median)" \
			"$(awk '{n += $3} END {print n}' "$2")" "$(cut -d' ' -f4 "$2" | median)"
	}
	row "in-memory (baseline)" "$work/mem.txt"; mem_rps=$rps
	row "single client, --rate-limit 0" "$work/one.txt"; one_rps=$rps
	row "many visitors ($new new), rate limit on" "$work/many.txt"; many_rps=$rps
	summary+=("$(awk -v c="$conns" -v m="$many_rps" -v b="$mem_rps" -v o="$one_rps" -v n="$new" 'BEGIN {
		printf "%6s connections: many/in-memory %.2f (>= 0.50), many/single %.2f (>= 0.80), single/in-memory %.2f; %d visitors%s",
			c, m / b, m / o, o / b, n, (n < 100000 ? " (under 100,000: run longer)" : "") }')")
done
printf '%s\n' "${summary[@]}"
