#!/usr/bin/env bash
# Measures the Lambda bootstrap: the size of the arm64 deployment package
# (binary and zip, as `make lambda` builds them) and the cold start of the
# same code built for this machine, from starting the process to its first
# response through a local Runtime API, with DynamoDB served by dynalite.
# Usage: bench/coldstart/run.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

flags=(-tags lambda.norpc -trimpath -ldflags="-s -w")
GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build "${flags[@]}" -o "$work/arm64/bootstrap" ./cmd/lambda
go run ./cmd/lambda/mkzip -o "$work/arm64/function.zip" "$work/arm64/bootstrap"
CGO_ENABLED=0 go build "${flags[@]}" -o "$work/host/bootstrap" ./cmd/lambda

mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.2f MB", b / 1e6 }'; }
echo "linux/arm64 bootstrap: $(mb "$work/arm64/bootstrap")"
echo "linux/arm64 function.zip: $(mb "$work/arm64/function.zip") (target < 10 MB)"
echo "host ($(go env GOOS)/$(go env GOARCH)) bootstrap: $(mb "$work/host/bootstrap")"
echo
go run ./bench/coldstart -bootstrap "$work/host/bootstrap" -n "$runs"
echo "target: first response < 20 ms"
