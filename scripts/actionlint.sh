#!/usr/bin/env bash
# Lints the GitHub Actions workflows with actionlint, built from source by the
# Go toolchain at a pinned version (no binary download). When shellcheck is
# installed, actionlint also checks the `run:` scripts with it.
set -euo pipefail
cd "$(dirname "$0")/.."
ACTIONLINT_VERSION=v1.7.12
exec go run "github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION}" -no-color "$@" .github/workflows/*.yml
