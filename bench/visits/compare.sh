#!/usr/bin/env bash
# Compares POST /api/visits throughput of this build against an earlier one
# (a git revision, built from a worktree), in the same run, taking turns:
#   - one repeat visitor, --rate-limit 0;
#   - many new visitors (--trust-proxy, rate limit at its defaults).
# This build gets the body of a page script that counts dimensions
# (dims.lua, and many.lua given that body: referrer, UTM query, screen
# width, a browser's User-Agent); the earlier build gets the body it knows
# from the same browser (plain.lua, many.lua). It prints the median req/s
# of each and the median of the rounds' ratios.
# Usage: bench/visits/compare.sh REVISION [seconds a run] [connections] [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
rev=${1:?usage: bench/visits/compare.sh REVISION [seconds] [connections] [rounds]}
secs=${2:-8}
conns=${3:-64}
rounds=${4:-3}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	git worktree remove --force "$work/base" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

git worktree add -q --detach "$work/base" "$rev"
(cd "$work/base" && go build -o "$work/old" ./cmd/cloudresume)
go build -o "$work/new" ./cmd/cloudresume

wait_up() { for _ in $(seq 100); do curl -fsS "$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "not up: $1" >&2; exit 1; }
start() { # binary port db args...
	local bin=$1 port=$2 db=$3
	shift 3
	"$bin" serve --addr "127.0.0.1:$port" --db "$work/$db" --log-format json "$@" 2>/dev/null &
	pids+=($!)
	wait_up "http://127.0.0.1:$port"
}
start "$work/old" 18180 old1.db --rate-limit 0
start "$work/new" 18181 new1.db --rate-limit 0
start "$work/old" 18182 oldm.db --trust-proxy
start "$work/new" 18183 newm.db --trust-proxy

rps() { # url script [args] -> req/s; every answer must be a 2xx
	local url=$1 script=$2
	shift 2
	timeout $((secs + 60)) wrk -t2 -c"$conns" -d"${secs}s" -s "$script" "$url/api/visits" -- "$@" > "$work/wrk.txt"
	if grep -q Non-2xx "$work/wrk.txt"; then cat "$work/wrk.txt" >&2; echo "answers that are not 2xx" >&2; exit 1; fi
	awk '/^Requests\/sec:/ {print $2}' "$work/wrk.txt"
}
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

echo "POST /api/visits, this build against $rev ($(git rev-parse --short "$rev")), $conns connections, $rounds rounds of ${secs}s, medians"
# The machine's speed drifts between runs: each round times both builds
# back to back, in turns (the earlier build first in odd rounds), and the
# ratio is the median of the rounds' ratios.
for r in $(seq "$rounds"); do
	for turn in 1 2; do
		if [ $(((r + turn) % 2)) = 0 ]; then
			rps http://127.0.0.1:18180 bench/visits/plain.lua >> "$work/old1"
			rps http://127.0.0.1:18182 bench/visits/many.lua "$r" >> "$work/oldm"
		else
			rps http://127.0.0.1:18181 bench/visits/dims.lua >> "$work/new1"
			rps http://127.0.0.1:18183 bench/visits/many.lua "$r" '{"path":"/","referrer":"https://news.ycombinator.com/item?id=1","query":"?utm_source=hn","screen":390}' >> "$work/newm"
		fi
	done
done
for w in 1 m; do
	o=$(median < "$work/old$w") n=$(median < "$work/new$w")
	ratio=$(paste "$work/new$w" "$work/old$w" | awk '{print $1 / $2}' | median)
	name=$([ "$w" = 1 ] && echo "one repeat visitor" || echo "many new visitors")
	awk -v name="$name" -v o="$o" -v n="$n" -v q="$ratio" 'BEGIN {printf "%-20s earlier %9.0f req/s, this build %9.0f req/s, ratio %.2f (median of the rounds; >= 0.90)\n", name, o, n, q}'
done
