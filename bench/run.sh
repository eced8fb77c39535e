#!/usr/bin/env bash
# Every benchmark, on a release build, each pinned to one CPU (thread hand-offs across the two shared vCPUs of a
# small VM jump between runs). Each prints its figures next to a baseline measured in the same run. Not a test:
# nothing here gates anything. The soak run is separate: build/release/bench/bench_soak 30
#   bench/run.sh            all of them
#   bench/run.sh restarts   one of them (restarts, eventstore, timelinepaint, windowflood, startup, logio)
set -euo pipefail
cd "$(dirname "$0")/.."

cmake --preset release >/dev/null
cmake --build --preset release >/dev/null

runtime_dir="$(mktemp -d)"
trap 'rm -rf "$runtime_dir"' EXIT
export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$runtime_dir"
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)

benches=("${@:-restarts programrestarts eventstore timelinepaint windowflood startup logio}")
for bench in ${benches[*]}; do
    echo "== bench_$bench"
    # The offscreen platform warns once per window about a size-hint feature it lacks: noise here.
    "${pin[@]}" "build/release/bench/bench_$bench" 2> >(grep -v "does not support propagateSizeHints" >&2)
    echo
done
