#!/usr/bin/env bash
# clang-tidy over lib/ and cli/ with the profile in .clang-tidy; any finding fails.
#   bash scripts/tidy.sh [BUILD_DIR]   (default build-tidy: configured here; only its generated
#                                        header is built)
# The compile database comes from a configure without precompiled headers (GCC's .gch files
# cannot be read by clang).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${1:-$here/build-tidy}
cmake -S "$here" -B "$dir" -DCMAKE_DISABLE_PRECOMPILE_HEADERS=ON -DGDPR_BUILD_TESTS=OFF > /dev/null
cmake --build "$dir" --target gdpr_sql > /dev/null  # the one generated header (the embedded SQL)
cd "$here"
files=(lib/gdpr/*.cpp lib/gdpr/*/*.cpp cli/*.cpp)
log=$dir/clang-tidy.log
status=0
python3 "$here/scripts/tidy.py" "$dir" "$log" "${files[@]}" || status=$?
if [ "$status" -ne 0 ] || grep -qE '(warning|error):' "$log"; then
  grep -E -A3 '(warning|error):' "$log" >&2 || cat "$log" >&2
  echo "clang-tidy: $(grep -cE '(warning|error):' "$log") findings (log: $log)" >&2
  exit 1
fi
echo "clang-tidy: no findings" >&2
