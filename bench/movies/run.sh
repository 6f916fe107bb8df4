#!/usr/bin/env bash
# Imports a generated CSV of movie infos into a fresh SQLite database with
# the real CLI under /usr/bin/time -v, and prints rows/s and peak RSS: once
# with the rows in ID order (as exports such as IMDb's datasets are) and once
# in a scattered order, the B-tree's worst case. Then it imports scattered
# inputs of growing size (MEMORY_ROWS, by default 1,000,000 and 10,000,000
# rows) and prints the peak RSS of each: it must stay flat, under 100 MB at
# 10,000,000 rows. Each import is bounded by a timeout.
# Usage: bench/movies/run.sh [rows] [extra import flags, e.g. --batch-size 20000]
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
shift || true
mem_rows=${MEMORY_ROWS:-1000000 10000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/cloudresume" ./cmd/cloudresume
go run ./bench/movies/gencsv -rows "$rows" -sorted -o "$work/sorted.csv"
go run ./bench/movies/gencsv -rows "$rows" -o "$work/scattered.csv"
echo "import of $rows rows ($(($(stat -c %s "$work/sorted.csv") / 1000000)) MB), flags: ${*:-none}; targets >= 300000 rows/s, < 100 MB"
# The machine may be shared: cpu_s (user + system) and rows per CPU second
# say what the import costs whatever else runs.
printf '%-10s %10s %8s %10s %8s %12s %8s\n' order rows wall_s rows/s cpu_s rows/cpu_s peak_MB

# import FILE ROWS LABEL [flags]: imports FILE into a fresh database and
# prints a line of figures.
import() {
	local file=$1 n=$2 label=$3
	shift 3
	rm -f "$work"/bench.db*
	timeout 3600 /usr/bin/time -v "$work/cloudresume" movies import --create --db "$work/bench.db" "$@" "$file" \
		> "$work/out.txt" 2> "$work/time.txt" || { cat "$work/out.txt" "$work/time.txt" >&2; exit 1; }
	grep -q "^read $n rows: $n stored, 0 rejected$" "$work/out.txt" || { cat "$work/out.txt" >&2; exit 1; }
	# Elapsed is h:mm:ss or m:ss.ss.
	awk -F': ' -v order="$label" -v rows="$n" '
		/Elapsed \(wall clock\)/ {k = split($2, p, ":"); s = 0; for (i = 1; i <= k; i++) s = s * 60 + p[i]}
		/Maximum resident set size/ {kb = $2}
		/User time \(seconds\)/ {cpu += $2}
		/System time \(seconds\)/ {cpu += $2}
		END {printf "%-10s %10d %8.2f %10.0f %8.2f %12.0f %8.1f\n", order, rows, s, rows / s, cpu, rows / cpu, kb / 1024}' "$work/time.txt"
}

for order in sorted scattered; do
	import "$work/$order.csv" "$rows" "$order" "$@"
done
rm -f "$work/sorted.csv"

echo
echo "peak RSS as the input grows, scattered order (target < 100 MB at 10000000 rows, flat)"
printf '%-10s %10s %8s %10s %8s %12s %8s\n' order rows wall_s rows/s cpu_s rows/cpu_s peak_MB
for n in $mem_rows; do
	file="$work/scattered.csv"
	if [ "$n" != "$rows" ]; then
		file="$work/mem.csv"
		go run ./bench/movies/gencsv -rows "$n" -o "$file"
	fi
	import "$file" "$n" scattered "$@"
	rm -f "$work/mem.csv"
done
