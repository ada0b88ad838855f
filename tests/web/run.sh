#!/usr/bin/env bash
# Installs web/ (npm ci) if needed, builds web/dist if missing or older than its sources, and
# runs the browser slice test (node --test) against ZT_BASE_URL with the ZT_* demo logins from
# the environment (see slice.test.mjs).
#
#   tests/web/run.sh               # against the server at $ZT_BASE_URL
#   tests/web/run.sh --build-only  # only install and build web/dist
#   tests/web/e2e.sh [zhengtong]   # seeds a database, starts the real server, runs this
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
web="$root/web"

if [ ! -d "$web/node_modules" ] || [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
  (cd "$web" && npm ci --no-audit --no-fund)
fi

stale=""
if [ ! -f "$web/dist/index.html" ]; then
  stale=yes
else
  stale="$(find "$web/src" "$web/public" "$web/index.html" "$web/vite.config.js" "$web/package.json" "$web/package-lock.json" \
    -newer "$web/dist/index.html" -print -quit 2>/dev/null || true)"
fi
if [ -n "$stale" ]; then
  (cd "$web" && npm run build)
fi

if [ "${1:-}" = "--build-only" ]; then
  exit 0
fi

if [ -z "${ZT_BASE_URL:-}" ]; then
  echo "ZT_BASE_URL is not set (tests/web/e2e.sh starts a server and sets it)" >&2
  exit 2
fi
# ZT_WEB_TEST names the test file in tests/web (default slice.test.mjs).
exec node --test --test-reporter=spec "$here/${ZT_WEB_TEST:-slice.test.mjs}" "$@"
