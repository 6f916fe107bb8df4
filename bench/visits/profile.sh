#!/usr/bin/env bash
# Takes a CPU profile of the visit API under wrk: the same handler and
# SQLite store as `cloudresume serve`, with pprof on a second port. The
# workload is new visitors (many.lua, every hit from an address and
# User-Agent not seen before), repeat views (post.lua, one visitor) or
# repeat views as the page script sends them, with every dimension
# (dims.lua).
# Prints the functions that cost the most, cumulative and flat.
# RATE_LIMIT sets --rate-limit (default 0: off); PROFILE_KEEP names a
# directory to keep the profile and binary in, for `go tool pprof`.
# Usage: bench/visits/profile.sh [many|repeat|dims] [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/../.."
workload=${1:-many}
secs=${2:-15}
conns=${3:-64}
case $workload in
many) script=bench/visits/many.lua ;;
repeat) script=bench/visits/post.lua ;;
dims) script=bench/visits/dims.lua ;;
*) echo "workload $workload: want many, repeat or dims" >&2; exit 2 ;;
esac
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

go build -o "$work/profserver" ./bench/visits/profserver
"$work/profserver" --addr 127.0.0.1:18085 --pprof 127.0.0.1:18086 --db "$work/profile.db" --rate-limit "${RATE_LIMIT:-0}" --trust-proxy 2>/dev/null &
pid=$!
for _ in $(seq 100); do curl -fsS http://127.0.0.1:18085/healthz >/dev/null 2>&1 && break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null || { echo "profserver exited at start: is port 18085 or 18086 taken?" >&2; exit 1; }

timeout $((secs + 60)) wrk -t2 -c"$conns" -d"${secs}s" -s "$script" http://127.0.0.1:18085/api/visits > "$work/wrk.txt" &
wrk_pid=$!
sleep 1
curl -fsS -o "$work/cpu.pprof" "http://127.0.0.1:18086/debug/pprof/profile?seconds=$((secs - 2))"
wait "$wrk_pid"
echo "$workload, $conns connections: $(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.txt") req/s"
go tool pprof -top -cum -nodecount=40 "$work/profserver" "$work/cpu.pprof" 2>/dev/null | sed -n '4,50p'
echo
if [ -n "${PROFILE_KEEP:-}" ]; then cp "$work/cpu.pprof" "$work/profserver" "$PROFILE_KEEP/"; fi
go tool pprof -top -nodecount=25 "$work/profserver" "$work/cpu.pprof" 2>/dev/null | sed -n '5,35p'
