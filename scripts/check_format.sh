#!/usr/bin/env bash
# Fails when a tracked C++ file is not formatted per .clang-format (clang-format 14).
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files '*.cc' '*.h' 2>/dev/null || find src tests bench -name '*.cc' -o -name '*.h')
[ -n "$files" ] || exit 0
if ! echo "$files" | xargs clang-format --dry-run -Werror 2>/tmp/zt-format.log; then
  grep -m 20 'error:' /tmp/zt-format.log >&2 || true
  echo "format: run 'make format'" >&2
  exit 1
fi
echo "format: ok"
