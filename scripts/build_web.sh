#!/usr/bin/env bash
# Builds the web front end into web/dist when its sources are newer than the last build.
set -euo pipefail
cd "$(dirname "$0")/../web"
[ -f package.json ] || { echo "web: no front end yet" >&2; exit 0; }
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ ! -f dist/index.html ] || [ -n "$(find src index.html package.json vite.config.* -newer dist/index.html 2>/dev/null | head -1)" ]; then
  npm run build --silent
fi
