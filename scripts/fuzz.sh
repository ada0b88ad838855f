#!/usr/bin/env bash
# INP-01, the fuzzing tier (docs/testing.md "Fuzzing"): builds the libFuzzer harnesses of
# tests/fuzz with clang (ZT_FUZZ=ON: -fsanitize=fuzzer,address,undefined), runs each for
# SECONDS (default 600, the long tier; 30 is the PR budget of RELIABILITY.md), and merges the
# inputs that reach new coverage into the kept corpus tests/fuzz/corpus/<harness>/, which
# `make test` replays. A crash, sanitizer report, 5xx answer, input slower than 1 s or RSS
# above 2 GiB stops the harness and leaves the input in BUILD_DIR/fuzz-findings/<harness>/.
#
#   scripts/fuzz.sh [SECONDS] [BUILD_DIR] [HARNESS...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-600}"
build="${2:-$root/build-fuzz}"
shift $(( $# > 2 ? 2 : $# ))
harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
  harnesses=(api http_wire json_body csv item_csv hotline_import xlsx case_type figcheck
             licence_verify)
fi

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DZT_FUZZ=ON >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${harnesses[@]/#/fuzz_}"

status=0
summary="$build/fuzz-figures.txt"
: >"$summary"
for h in "${harnesses[@]}"; do
  corpus="$root/tests/fuzz/corpus/$h"
  scratch="$build/fuzz-scratch/$h"
  findings="$build/fuzz-findings/$h"
  mkdir -p "$scratch" "$findings"
  log="$build/fuzz-$h.log"
  echo "== $h: ${seconds}s"
  if ! ASAN_OPTIONS=detect_leaks=1 "$build/tests/fuzz/fuzz_$h" -max_total_time="$seconds" \
      -timeout=1 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix="$findings/" "$scratch" "$corpus" >"$log" 2>&1; then
    echo "   FINDING: see $log and $findings/"
    status=1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  # Keep only what adds coverage to the kept corpus, so it stays small.
  "$build/tests/fuzz/fuzz_$h" -merge=1 "$corpus" "$scratch" >>"$log" 2>&1 || true
  echo "[figures] fuzz $h: $runs inputs in ${seconds}s, corpus $(ls "$corpus" | wc -l) files" |
    tee -a "$summary"
done
exit $status
