#!/bin/sh
# Writes gen/*.json from the Go program, which owns the routes, the security
# headers, the DynamoDB tables and the IAM grants of the functions: the CDK
# app builds from these files and nothing else. `npm run build` runs this
# first, so every synthesis (cdk synth, cdk deploy, npm test) reads fresh
# files.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd .. && go build -o "$tmp/cloudresume" ./cmd/cloudresume)
mkdir -p gen
for what in routes headers tables permissions metrics; do
	"$tmp/cloudresume" "$what" --json >"$tmp/$what.json"
	mv "$tmp/$what.json" "gen/$what.json"
done
