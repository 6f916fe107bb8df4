#!/usr/bin/env bash
# Lighthouse performance of the resume page against a minimal page served
# by the same server, on the mobile and desktop presets: median score, FCP,
# LCP, TBT and CLS of each, and their differences. The score times the CPU,
# so it is measured here rather than asserted by the tests.
# Usage: bench/lighthouse/run.sh [runs per page and preset, default 5]
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v chromium >/dev/null; then
	echo "installing chromium..." >&2
	sudo_=""; [ "$(id -u)" -ne 0 ] && sudo_="sudo"
	$sudo_ apt-get update -qq && $sudo_ apt-get install -y -qq chromium >/dev/null
fi
[ -f e2e/node_modules/.package-lock.json ] || (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
exec node bench/lighthouse/run.js "${1:-5}"
