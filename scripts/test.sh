#!/usr/bin/env bash
# Runs every test of cloudresume on a fresh machine: it installs what the
# tests need (Debian's Chromium, the npm packages of the test servers, the
# browser tests and the CDK app), then runs the Go tests, the CDK tests and
# the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

# Debian packages: Chromium for the browser tests, Caddy and systemd for
# the checks of deploy/caddy and deploy/systemd.
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v caddy >/dev/null || need+=(caddy)
command -v systemd-analyze >/dev/null || need+=(systemd)
if [ ${#need[@]} -gt 0 ]; then
	step "installing ${need[*]}"
	sudo_=""; [ "$(id -u)" -ne 0 ] && sudo_="sudo"
	$sudo_ apt-get update -qq
	$sudo_ apt-get install -y -qq "${need[@]}" >/dev/null
fi

step "npm packages"
for d in testenv e2e deploy; do
	if [ -f "$d/package.json" ]; then
		(cd "$d" && npm ci --no-audit --no-fund --loglevel=error)
	fi
done

step "gofmt, go vet, staticcheck"
unformatted=$(gofmt -l cmd internal bench)
if [ -n "$unformatted" ]; then
	echo "not gofmt-ed:"; echo "$unformatted"; exit 1
fi
go vet ./...
go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

step "go test"
go test -count=1 ./...

if [ -f deploy/package.json ]; then
	step "CDK app tests"
	mkdir -p deploy/dist
	go run ./cmd/cloudresume routes --json > deploy/dist/routes.json
	go run ./cmd/cloudresume headers --json > deploy/dist/headers.json
	(cd deploy && ROUTES_JSON="$PWD/dist/routes.json" HEADERS_JSON="$PWD/dist/headers.json" npm test)
	step "actionlint"
	./scripts/actionlint.sh
fi

if [ -f e2e/package.json ]; then
	step "browser tests"
	(cd e2e && npm test)
fi
