#!/usr/bin/env bash
# The on-demand long tier of the reliability tests (docs/security.md, docs/testing.md):
# the same tests as `make test`, with the counts of RELIABILITY.md's long column.
#
#   scripts/long_tier.sh [BUILD_DIR]     # default: build
#
# - REL-03 power loss: 1,000 crash points per loss mode (drop all, random subset, torn
#   sectors) and 1,000 for the synchronous=OFF negative control;
# - REL-01 kill -9: 5 runs of 600 cases (3 kills and 1,800 transitions each) on SQLite and
#   on PostgreSQL;
# - REL-02 PostgreSQL crash: 5 runs of 1,000 submissions;
# - REL-04 I/O faults and REL-06 the durability guard: as in the PR tier (they already try
#   every operation and every setting).
# Every test prints its figures on lines starting with "[figures]"; the script collects them
# into BUILD_DIR/long-tier-figures.txt. Expect about an hour on a 2-core machine.
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
cmake --build "$build" --target reliability_tests durability_guard_sqlite_tests \
  durability_guard_pg_tests pg_restart_tests server_sqlite_tests server_pg_tests zhengtong
figures=$build/long-tier-figures.txt
: >"$figures"
pgdir=$(cd "$build" && pwd)/long-tier-pg
scripts/pg_test_server.sh start "$pgdir" >/dev/null
trap 'scripts/pg_test_server.sh stop "$pgdir" >/dev/null 2>&1 || true' EXIT
export ZT_TEST_PG="file:$pgdir/conninfo"

run() {  # run BINARY [gtest filter]
  "$build/$1" --gtest_filter="${2:-*}" | tee /dev/stderr | grep '^\[figures\]' >>"$figures" || return 1
}

ZT_POWER_LOSS_POINTS=1000 run tests/reliability/reliability_tests
run tests/reliability/durability_guard_sqlite_tests
run tests/reliability/durability_guard_pg_tests
for i in 1 2 3 4 5; do
  ZT_KILL_CASES=600 run tests/server/server_sqlite_tests '*KillNine*'
  ZT_KILL_CASES=600 run tests/server/server_pg_tests '*KillNine*'
  ZT_PG_RESTART_SUBMISSIONS=1000 run tests/reliability/pg_restart_tests
done
echo "long tier passed; figures in $figures"
cat "$figures"
