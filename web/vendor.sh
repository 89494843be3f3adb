#!/usr/bin/env bash
# Refreshes the vendored MapLibre GL JS under static/vendor/maplibre-gl from
# its npm package (the page needs nothing else from npm). Usage:
#   web/vendor.sh [VERSION]        # default: the version in VERSION
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dst="$here/static/vendor/maplibre-gl"
version="${1:-$(cat "$dst/VERSION")}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "maplibre-gl@$version" >/dev/null && tar xzf maplibre-gl-*.tgz)
for f in maplibre-gl.mjs maplibre-gl-worker.mjs maplibre-gl.css; do
  # Source maps are not shipped: drop the comment that points at them.
  grep -v '^//# sourceMappingURL=' "$tmp/package/dist/$f" > "$dst/$f"
done
cp "$tmp/package/LICENSE.txt" "$dst/LICENSE.txt"
echo "$version" > "$dst/VERSION"
echo "maplibre-gl $version vendored into $dst"
