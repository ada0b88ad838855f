#!/usr/bin/env bash
# End-to-end browser test against the REAL server:
#
#   tests/web/e2e.sh [path/to/zhengtong]     # default: build/src/cli/zhengtong
#
# Builds web/dist if needed (run.sh --build-only); in a temp dir runs `zhengtong migrate` and
# `zhengtong seed --applications 20` on sqlite:TMP/zt.db; starts `zhengtong serve --port 0`
# with web/dist; waits for /readyz; picks from the seeded logins file a department_admin,
# window_clerk and reviewer of one department (440800-scj when present), the city's bureau
# manager and a citizen (whose username is the ID number); runs tests/web/slice.test.mjs; always
# stops the server and removes the temp dir. Exits with the test's status.
#
# Environment: ZT_SCREENSHOT_DIR (keep screenshots there; default: none), ZT_E2E_KEEP=1 (keep
# the temp dir: database, logins, server log), ZT_E2E_DEPARTMENT (department id to use),
# ZT_CHROMIUM, ZT_STEP_TIMEOUT_MS (see slice.test.mjs).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

bin="${1:-build/src/cli/zhengtong}"
case "$bin" in /*) ;; *) bin="$root/$bin" ;; esac
if [ ! -x "$bin" ]; then
  echo "e2e: no zhengtong binary at $bin (build it, or pass its path as the first argument)" >&2
  exit 2
fi
shift $(( $# > 0 ? 1 : 0 ))

"$here/run.sh" --build-only

tmp="$(mktemp -d "${TMPDIR:-/tmp}/zt-e2e.XXXXXX")"
server_pid=""
cleanup() {
  local status=$?
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -f "$tmp/server.log" ]; then
    echo "--- e2e: last lines of the server log ---" >&2
    tail -n 40 "$tmp/server.log" >&2 || true
  fi
  if [ "${ZT_E2E_KEEP:-}" = 1 ]; then
    echo "e2e: kept $tmp" >&2
  else
    rm -rf "$tmp"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Without a licence key-encryption key the seed issues no demo licences (docs/licences.md).
export ZT_LICENCE_KEK="${ZT_LICENCE_KEK:-e2e-test-licence-kek-not-a-secret}"
db="sqlite:$tmp/zt.db"
logins="$tmp/logins.txt"
echo "e2e: seeding $db" >&2
"$bin" migrate --db "$db" >/dev/null
"$bin" seed --db "$db" --applications 20 --logins-file "$logins" 2>"$tmp/seed.log" || { cat "$tmp/seed.log" >&2; exit 1; }

# Staff log in with the password alone in the browser tests (ZT_STAFF_SECOND_FACTOR=optional),
# except in a test file that declares "// e2e: staff-second-factor required" near its top: that
# one runs the binary's own default policy (AUTH-05, docs/security.md).
if grep -q '^// e2e: staff-second-factor required' "$here/${ZT_WEB_TEST:-slice.test.mjs}" 2>/dev/null; then
  unset ZT_STAFF_SECOND_FACTOR
else
  export ZT_STAFF_SECOND_FACTOR=optional
fi
# Browsers of several tests share one address: no API rate limit (RATE-01 is tested over HTTP).
# SMS one-time codes go to files the test reads (AUTH-06, ZT_SMS_OUTBOX).
export ZT_API_RATE="${ZT_API_RATE:-off}"
export ZT_SMS_OUTBOX="${ZT_SMS_OUTBOX:-$tmp/sms}"
"$bin" serve --db "$db" --listen 127.0.0.1 --port 0 --port-file "$tmp/port" --web-dir "$root/web/dist" \
  >"$tmp/server.log" 2>&1 &
server_pid=$!

port=""
for _ in $(seq 1 300); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "e2e: the server exited:" >&2
    cat "$tmp/server.log" >&2
    exit 1
  fi
  if [ -s "$tmp/port" ]; then
    port="$(tr -dc '0-9' <"$tmp/port")"
    if [ -n "$port" ] && curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null; then
      break
    fi
  fi
  port=""
  sleep 0.1
done
[ -n "$port" ] || { echo "e2e: the server did not become ready in 30 s" >&2; exit 1; }
export ZT_BASE_URL="http://127.0.0.1:$port"
echo "e2e: server ready at $ZT_BASE_URL" >&2

# The logins file: "password: XXXX", then role<TAB>username<TAB>display_name<TAB>scope lines.
password="$(sed -n 's/^password: //p' "$logins" | head -n 1)"
[ -n "$password" ] || { echo "e2e: no 'password:' line in $logins" >&2; exit 1; }
field() { # field ROLE USERNAME-PATTERN → the first username of that role matching the pattern
  awk -F'\t' -v role="$1" -v pat="$2" '$1 == role && $2 ~ pat { print $2; exit }' "$logins"
}
department="${ZT_E2E_DEPARTMENT:-}"
if [ -z "$department" ]; then
  # A department with all three staff logins printed: 440800-scj when there, else the first.
  for candidate in 440800-scj $(awk -F'\t' '$1 == "department_admin" { sub(/-admin$/, "", $2); print $2 }' "$logins"); do
    if [ -n "$(field department_admin "^$candidate-")" ] && [ -n "$(field window_clerk "^$candidate-")" ] &&
       [ -n "$(field reviewer "^$candidate-")" ]; then
      department="$candidate"
      break
    fi
  done
fi
[ -n "$department" ] || { echo "e2e: no department with admin, clerk and reviewer logins in $logins" >&2; exit 1; }
admin="$(field department_admin "^$department-")"
clerk="$(field window_clerk "^$department-")"
reviewer="$(field reviewer "^$department-")"
manager="$(field bureau_manager '^zj-manager$')"
[ -n "$manager" ] || manager="$(field bureau_manager .)"
citizen="$(field citizen '^[0-9][0-9]*[0-9Xx]$')"
for v in admin clerk reviewer manager citizen; do
  [ -n "${!v}" ] || { echo "e2e: no $v login in $logins" >&2; exit 1; }
done
echo "e2e: department $department: $admin, $clerk, $reviewer; manager $manager; citizen $citizen" >&2

export ZT_ADMIN_USER="$admin" ZT_ADMIN_PASS="$password"
export ZT_CLERK_USER="$clerk" ZT_CLERK_PASS="$password"
export ZT_REVIEWER_USER="$reviewer" ZT_REVIEWER_PASS="$password"
export ZT_MANAGER_USER="$manager" ZT_MANAGER_PASS="$password"
export ZT_CITIZEN_USER="$citizen" ZT_CITIZEN_PASS="$password" ZT_CITIZEN_ID="$citizen"
export ZT_SEEDED_ACCOUNTS=1 # fresh accounts: each must be asked to change its initial password

status=0
"$here/run.sh" "$@" || status=$?
exit "$status"
