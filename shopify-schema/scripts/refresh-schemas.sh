#!/usr/bin/env bash
# Re-vendors Shopify's published Admin and Storefront schemas from the npm package @shopify/dev-mcp.
# Usage: shopify-schema/scripts/refresh-schemas.sh [api-version] [dev-mcp-version]
set -euo pipefail
version="${1:-2026-10}"
package="${2:-1.16.0}"
target="$(cd "$(dirname "$0")/.." && pwd)/src/main/resources/dev/walnut/shopify/schema"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@shopify/dev-mcp@${package}" >/dev/null && tar xzf ./*.tgz)
for f in "admin_${version}.json.gz" "storefront-graphql_${version}.json.gz"; do
  cp "$work/package/dist/data/$f" "$target/$f"
  echo "vendored $f from @shopify/dev-mcp@${package}"
done
