#!/usr/bin/env bash
# Measures the Lambda bootstrap: the size of the arm64 deployment package
# (binary and zip, as `make lambda` builds them), and the cold start of the
# same code built for this machine beside a trivial aws-lambda-go
# bootstrap built alike, from exec to the first response through a local
# Runtime API, with DynamoDB served by dynalite.
# Usage: bench/coldstart/run.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-30}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

flags=(-tags lambda.norpc -trimpath -ldflags="-s -w")
GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build "${flags[@]}" -o "$work/arm64/bootstrap" ./cmd/lambda
go run ./cmd/lambda/mkzip -o "$work/arm64/function.zip" "$work/arm64/bootstrap"
CGO_ENABLED=0 go build "${flags[@]}" -o "$work/host/bootstrap" ./cmd/lambda
CGO_ENABLED=0 go build "${flags[@]}" -o "$work/host/trivial" ./bench/coldstart/trivial
go build -o "$work/coldstart" ./bench/coldstart

mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.2f MB", b / 1e6 }'; }
echo "linux/arm64 bootstrap: $(mb "$work/arm64/bootstrap")"
echo "linux/arm64 function.zip: $(mb "$work/arm64/function.zip") (target < 10 MB)"
host="$(go env GOOS)/$(go env GOARCH)"
echo "$host bootstrap: $(mb "$work/host/bootstrap"); trivial bootstrap: $(mb "$work/host/trivial")"
echo
timeout 150 "$work/coldstart" -real "$work/host/bootstrap" -trivial "$work/host/trivial" -n "$runs"
echo "target: GET /healthz at most +10 ms against the trivial bootstrap"
