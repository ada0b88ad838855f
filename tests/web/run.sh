#!/usr/bin/env bash
# Installs web/ (npm ci) if needed, builds web/dist if missing or older than its sources, and
# runs the browser slice test (node --test) against ZT_BASE_URL with the ZT_* demo logins from
# the environment (see slice.test.mjs).
#
#   tests/web/run.sh            # against the server at $ZT_BASE_URL
#   tests/web/run.sh --mock     # against tests/web/mock-server.mjs (no C++ server needed)
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

if [ "${1:-}" = "--mock" ]; then
  shift
  log="$(mktemp)"
  node "$here/mock-server.mjs" --port 0 --dist "$web/dist" >"$log" 2>&1 &
  mock_pid=$!
  trap 'kill "$mock_pid" 2>/dev/null || true; rm -f "$log"' EXIT
  for _ in $(seq 1 100); do
    grep -q '^listening ' "$log" && break
    sleep 0.1
  done
  url="$(sed -n 's/^listening //p' "$log" | head -1)"
  [ -n "$url" ] || { cat "$log" >&2; echo "mock server did not start" >&2; exit 1; }
  export ZT_BASE_URL="$url"
  export ZT_ADMIN_USER=admin_sj ZT_ADMIN_PASS='Admin#2026'
  export ZT_CITIZEN_USER=citizen1 ZT_CITIZEN_PASS='Citizen#2026' ZT_CITIZEN_ID=440802199001011234
  export ZT_CLERK_USER=clerk_sj ZT_CLERK_PASS='Clerk#2026'
  export ZT_REVIEWER_USER=reviewer_sj ZT_REVIEWER_PASS='Reviewer#2026'
  export ZT_MANAGER_USER=manager ZT_MANAGER_PASS='Manager#2026'
  node --test --test-reporter=spec "$here/slice.test.mjs" "$@"
  exit $?
fi

if [ -z "${ZT_BASE_URL:-}" ]; then
  echo "ZT_BASE_URL is not set (use --mock to test against the mock server)" >&2
  exit 2
fi
exec node --test --test-reporter=spec "$here/slice.test.mjs" "$@"
