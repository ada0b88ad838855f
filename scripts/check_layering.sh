#!/usr/bin/env bash
# Fails when a domain or service module includes SQL, HTTP, JSON-library or OpenSSL headers,
# or reaches into the adapters. Domain code stays pure: adapters live at the edges.
set -u
cd "$(dirname "$0")/.."
pure_modules=(core calendar accounts catalog caseflow licence indicators report rating hotline service figcheck)
banned='#include *[<"](sqlite3\.h|libpq-fe\.h|pqxx/|openssl/|boost/(beast|asio|json)|nlohmann/|argon2\.h|zt/store/|zt/http/|zt/crypto/|zt/cli/)'
status=0
for m in "${pure_modules[@]}"; do
  [ -d "src/$m" ] || continue
  while IFS= read -r hit; do
    echo "layering violation: $hit" >&2
    status=1
  done < <(grep -rnE "$banned" "src/$m" || true)
  # Domain code takes the current instant as a value: no wall clock.
  while IFS= read -r hit; do
    echo "layering violation (wall clock in domain code): $hit" >&2
    status=1
  done < <(grep -rnE 'system_clock::now|steady_clock::now|time\(nullptr\)|std::time\(' "src/$m" || true)
done
if [ "$status" -eq 0 ]; then echo "layering: ok (${pure_modules[*]})"; fi
exit "$status"
