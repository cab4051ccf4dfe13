#!/usr/bin/env bash
# Bundles the storefront's page code (src/main/js/shop.js) with the real Snowplow browser tracker
# and its e-commerce plugin, from npm (versions pinned in package-lock.json), into one script the
# jar serves: the shop never loads the tracker from a CDN.
#   scripts/bundle-tracker.sh OUTPUT.js        (run by Maven in generate-resources)
# Installs the npm packages first when they are missing or the lock file changed, with the same
# stamp as scripts/setup.sh, so the two never reinstall for each other.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:?usage: scripts/bundle-tracker.sh OUTPUT.js}"
cd "$HERE"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "demo-storefront: Node.js and npm are needed to bundle the Snowplow tracker:" \
       "run scripts/setup.sh --with-browser (apt-get install nodejs npm)" >&2
  exit 1
fi
stamp="node_modules/.walnut-lock.sha256"
wanted="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$wanted" ]; then
  echo "demo-storefront: npm ci (the Snowplow tracker, esbuild, playwright-core)" >&2
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefer-offline --no-audit --no-fund --loglevel=error >&2
  echo "$wanted" > "$stamp"
fi
mkdir -p "$(dirname "$OUT")"
node_modules/.bin/esbuild src/main/js/shop.js --bundle --format=iife --target=es2019 --minify \
  --legal-comments=eof --log-level=warning --outfile="$OUT"
