#!/usr/bin/env bash
# Times the owner's 12-month report on SQLite and on DynamoDB (dynalite,
# started by the program on 127.0.0.1 and stopped by it), in the same run,
# after loading a year of generated hits as daily aggregates through the
# import path, at each load; prints the cold and warm (median) figures and
# the ratio of the largest load's to the smallest's (target <= 2x), then a
# Record-path load of a few thousand hits into SQLite.
# Reference: GoatCounter's docs give over 60 s for a year of 1M pageviews
# on SQLite.
# Usage: bench/stats/run.sh [hit counts, e.g. 10000,1000000] [warm reports] [Record-path hits]
set -euo pipefail
cd "$(dirname "$0")/../.."
hits=${1:-10000,1000000}
warm=${2:-5}
record=${3:-2000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/stats" ./bench/stats
timeout 1800 "$work/stats" -hits "$hits" -warm "$warm" -record "$record"
