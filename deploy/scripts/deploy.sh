#!/usr/bin/env bash
# Builds the Lambda bundle and the site, then deploys one stage with the CDK.
#
#   deploy/scripts/deploy.sh dev|staging|prod [extra cdk arguments...]
#
# Environment (all optional):
#   SITE_URL   public URL of the site (canonical links, sitemap)
#   RESUME     your resume file (JSON or YAML); default: the built-in example
#   THEME      the site's theme: classic, modern, compact or a theme directory;
#              default: meta.theme of the resume, else classic
#   SYNTH_ONLY=1   synthesize instead of deploying (no AWS access needed)
# Stage settings (alertEmail, sesIdentity, domainName, ...) come from
# deploy/cdk.json "stages", or from -c key=value arguments.
set -euo pipefail

stage=${1:-}
case "$stage" in
dev | staging | prod) shift ;;
*)
	echo "usage: $0 dev|staging|prod [cdk arguments...]" >&2
	exit 2
	;;
esac

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

echo "==> building the Lambda bundle"
if [ -n "${RESUME:-}" ]; then
	make lambda RESUME="$RESUME"
else
	make lambda
fi

# The dashboard (/admin) signs in with the stage's Cognito app client: its
# ID is the stack's UserPoolClientId output, known after the first deploy
# (until then the page asks for an admin token). The region is the pool's,
# for the page's policy too (gen/headers.json).
outputs="deploy/cdk.out/outputs-$stage.json"
if [ -z "${CLOUDRESUME_COGNITO_CLIENT_ID:-}" ] && [ -f "$outputs" ]; then
	CLOUDRESUME_COGNITO_CLIENT_ID=$(node -e 'const o = require(process.argv[1]); console.log(Object.values(o)[0]?.UserPoolClientId || "")' "$(realpath "$outputs")")
	export CLOUDRESUME_COGNITO_CLIENT_ID
fi
export CLOUDRESUME_COGNITO_REGION="${CLOUDRESUME_COGNITO_REGION:-${AWS_REGION:-${AWS_DEFAULT_REGION:-}}}"

echo "==> building the site"
# The API is under /api/ on the same CloudFront distribution.
site_args=(-o dist/site --api-url /)
if [ -n "${SITE_URL:-}" ]; then site_args+=(--site-url "$SITE_URL"); fi
if [ -n "${RESUME:-}" ]; then site_args+=(--resume "$RESUME"); fi
if [ -n "${THEME:-}" ]; then site_args+=(--theme "$THEME"); fi
go run ./cmd/cloudresume build "${site_args[@]}"
# The pages' policy allows their theme's style and the photo's host:
# `cloudresume headers`, which gen/headers.json is written from, reads the
# same resume and theme from these.
if [ -n "${RESUME:-}" ]; then export CLOUDRESUME_RESUME="$(realpath "$RESUME")"; fi
if [ -n "${THEME:-}" ]; then
	case "$THEME" in
	*/* | .*) export CLOUDRESUME_THEME="$(realpath "$THEME")" ;;
	*) export CLOUDRESUME_THEME="$THEME" ;;
	esac
fi

cd deploy
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
	echo "==> npm ci"
	npm ci --no-audit --no-fund --loglevel=error
fi
# The app command of cdk.json runs `npm run build` first, which writes gen/
# from the Go program (routes, headers, tables, permissions) and compiles.
cdk_args=(-c "stage=$stage" --no-notices)
if [ -n "${RESUME:-}" ]; then cdk_args+=(-c "resume=$(basename "$RESUME")"); fi
export CDK_DISABLE_CLI_TELEMETRY=true
if [ "${SYNTH_ONLY:-}" = 1 ]; then
	echo "==> cdk synth cloudresume-$stage"
	npx cdk synth "cloudresume-$stage" -q "${cdk_args[@]}" "$@"
	echo "synthesized deploy/cdk.out/cloudresume-$stage.template.json"
else
	echo "==> cdk deploy cloudresume-$stage"
	npx cdk deploy "cloudresume-$stage" --require-approval never \
		--outputs-file "cdk.out/outputs-$stage.json" "${cdk_args[@]}" "$@"
fi
