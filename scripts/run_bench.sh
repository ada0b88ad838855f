#!/usr/bin/env bash
# Runs the benchmarks and prints their figures: transitions on both stores (starts and stops
# its own PostgreSQL server like the pg test tier), then the 100,000-item catalogue
# (search, CSV, import into SQLite, indicators). Usage: scripts/run_bench.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
work=$(mktemp -d)
chmod 755 "$work"  # the PostgreSQL server runs as its own user when we are root
trap 'scripts/pg_test_server.sh stop "$work/pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
bench=$build/bench/transitions_bench
load=$build/bench/transitions_load
echo "== SQLite (WAL, synchronous=FULL)"
"$bench" --store="sqlite:$work/bench.db" --benchmark_counters_tabular=true
echo "== Many clients (1, 8, 32, 64): the disk's fsync rate, then SQLite with and without group commit"
"$load" --store="sqlite:$work/load-group.db" --fsync-dir="$work"
"$load" --store="sqlite:$work/load-single.db?group_commit=off"
scripts/pg_test_server.sh start "$work/pg" >/dev/null
port=$(sed -n 's/.*port=\([0-9]*\).*/\1/p' "$work/pg/conninfo")
echo "== PostgreSQL 15 (fsync on, synchronous_commit on)"
"$bench" --store="postgresql://zt@127.0.0.1:$port/zt" --benchmark_counters_tabular=true
"$load" --store="postgresql://zt@127.0.0.1:$port/zt"
echo "== Indicators on PostgreSQL: dashboard queries over ${ZT_BENCH_PG_CASES:=10000000} cases' counters, the annual report"
"$build/bench/indicators_bench" "$ZT_BENCH_PG_CASES" "postgresql://zt@127.0.0.1:$port/zt"
echo "== Catalogue: 100,000 items (search, CSV, ImportCsv into SQLite, indicators)"
"$build/bench/catalog_bench" --store="sqlite:$work/catalog.db" --benchmark_counters_tabular=true
echo "== Catalogue indicators as of a past date: 100,000 items with versions (SQLite)"
"$build/bench/catalog_indicators_bench"
echo "== Indicators on SQLite: dashboard queries over 10,000,000 cases' counters, the annual report"
"$build/bench/indicators_bench"
echo "== Documents: PDF/DOCX notice, 3,000-row PDF table, XLSX 100,000 rows (docs/documents.md)"
"$build/bench/document_bench" --benchmark_counters_tabular=true
