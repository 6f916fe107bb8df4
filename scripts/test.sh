#!/usr/bin/env bash
# Runs every test of cloudresume on a fresh machine: it installs what the
# tests need (Debian's Chromium and poppler-utils, the npm packages of the test servers, the
# browser tests and the CDK app), then runs the Go tests, the CDK tests and
# the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

# The Go tools, one version each (CI runs this script too).
STATICCHECK=honnef.co/go/tools/cmd/staticcheck@v0.8.2
GOVULNCHECK=golang.org/x/vuln/cmd/govulncheck@v1.9.0

# Debian packages: Chromium for the browser tests, poppler's pdftotext
# for the PDF tests, Caddy and systemd for the checks of deploy/caddy and
# deploy/systemd, curl and jq for the README's commands.
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v caddy >/dev/null || need+=(caddy)
command -v systemd-analyze >/dev/null || need+=(systemd)
command -v curl >/dev/null || need+=(curl)
command -v jq >/dev/null || need+=(jq)
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
go run "$STATICCHECK" ./...
# govulncheck fetches its vulnerability database: VULNCHECK=1 where the
# network allows it (CI).
if [ "${VULNCHECK:-}" = 1 ]; then
	go run "$GOVULNCHECK" ./...
fi

step "dev stage template, for the Go tests on the deployed tables"
(cd deploy && npm run build --silent && node dist/testkit/template.js dev > dist/template-dev.json)
export CLOUDRESUME_DEV_TEMPLATE="$PWD/deploy/dist/template-dev.json"

step "go test"
go test -count=1 ./...

if [ -f deploy/package.json ]; then
	step "CDK app tests"
	(cd deploy && npm test) # npm run build writes deploy/gen from the Go program first
	step "actionlint"
	./scripts/actionlint.sh
fi

if [ -f e2e/package.json ]; then
	step "browser tests"
	(cd e2e && npm test)
fi
