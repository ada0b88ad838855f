#!/usr/bin/env bash
# Fails when a C++ file of the project is not formatted per .clang-format (clang-format 14).
set -euo pipefail
cd "$(dirname "$0")/.."
# Tracked and new files alike, minus those deleted in the working tree.
files=$( (git ls-files --cached --others --exclude-standard '*.cc' '*.h' 2>/dev/null ||
  find src tests bench -name '*.cc' -o -name '*.h') | while read -r f; do [ -f "$f" ] && echo "$f"; done | sort -u)
[ -n "$files" ] || exit 0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! echo "$files" | xargs clang-format --dry-run -Werror 2>"$log"; then
  grep -m 20 'error:' "$log" >&2 || true
  echo "format: run 'make format'" >&2
  exit 1
fi
echo "format: ok"
