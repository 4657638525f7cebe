#!/usr/bin/env bash
# Runs every libFuzzer target of a GDPR_FUZZ=ON build for a bounded time.
#   bash tests/fuzz/run.sh BUILD_DIR [SECONDS_PER_TARGET]   (default 60; $GDPR_FUZZ_SECONDS too)
# The seed corpus in tests/fuzz/corpus/NAME is read, never written; new inputs go to
# BUILD_DIR/fuzz-corpus/NAME. A finding is saved to BUILD_DIR/fuzz-artifacts/ and fails the run:
# copy it into tests/fuzz/regressions/NAME/, fix the bug, and CTest replays it from then on.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${1:?usage: bash tests/fuzz/run.sh BUILD_DIR [SECONDS_PER_TARGET]}
seconds=${2:-${GDPR_FUZZ_SECONDS:-60}}
status=0

# One target for its time; returns 1 on a finding.
fuzz_one() {
  local name=$1
  local bin=$build/tests/fuzz/fuzz_$name
  local work=$build/fuzz-corpus/$name
  local artifacts=$build/fuzz-artifacts
  mkdir -p "$work" "$artifacts"
  echo "fuzz: $name for ${seconds}s" >&2
  local log=$build/fuzz-$name.log
  if "$bin" "$work" "$here/corpus/$name" "$here/regressions/$name" \
      -max_total_time="$seconds" -timeout=10 -max_len=8192 -rss_limit_mb=2048 \
      -artifact_prefix="$artifacts/$name-" -print_final_stats=1 > "$log" 2>&1; then
    grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' "$log" | tail -2 | sed "s/^/fuzz: $name: /" >&2 || true
  else
    echo "fuzz: $name FOUND A PROBLEM (log: $log)" >&2
    tail -40 "$log" >&2
    echo "fuzz: copy the input from $artifacts into $here/regressions/$name/, fix it, and keep it there" >&2
    return 1
  fi
}

targets=(csv config dates reason writers)
for name in "${targets[@]}"; do
  [ -x "$build/tests/fuzz/fuzz_$name" ] ||
    { echo "fuzz: $build/tests/fuzz/fuzz_$name is missing; build with -DGDPR_FUZZ=ON --target fuzz_all" >&2; exit 2; }
done
# Two targets at a time (the machine's two cores), each for its full time.
running=()
for name in "${targets[@]}"; do
  fuzz_one "$name" &
  running+=("$!")
  if [ "${#running[@]}" -ge 2 ]; then
    wait "${running[0]}" || status=1
    running=("${running[@]:1}")
  fi
done
for pid in "${running[@]}"; do wait "$pid" || status=1; done
exit $status
