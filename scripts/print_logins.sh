#!/usr/bin/env bash
# Prints the address and the demo logins kept by `zhengtong seed`.
set -u
file=$1
url=$2
echo
echo "zhengtong demo: $url"
if [ -f "$file" ]; then
  echo "demo logins (each must set a new password at first login; after that the one below no longer works):"
  grep '^password:' "$file" | sed 's/^/  /'
  grep -v '^#' "$file" | grep -v '^password:' | awk -F'\t' '{printf "  %-18s %-28s %s %s\n", $1, $2, $3, $4}'
fi
echo
