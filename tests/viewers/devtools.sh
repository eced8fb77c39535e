#!/usr/bin/env bash
# devtools.sh PROGRAM ENGINE-DIR: the lab's Chrome traces as Chrome DevTools' Performance panel reads them. Exports
# runs of the scenarios with restarts of every shape (one-for-all, rest-for-one, starts refused at once, nested
# supervisors, a storm) and asks DevTools' own trace engine which flows it finds.
# The engine is fetched from the npm registry into ENGINE-DIR the first time; without node or npm, or without the
# registry, the test is skipped (exit 77), not failed.
set -euo pipefail
program=$(readlink -f "$1")
cache=$2
here=$(dirname "$(readlink -f "$0")")
engine_version=0.0.65
engine=$cache/node_modules/@paulirish/trace_engine

if ! command -v node >/dev/null; then
    echo "devtools.sh: skipped: no node to run DevTools' trace engine" >&2
    exit 77
fi
if [ ! -f "$engine/analyze-trace.mjs" ]; then
    if ! command -v npm >/dev/null \
        || ! npm install --prefix "$cache" --no-audit --no-fund --silent "@paulirish/trace_engine@$engine_version" >&2; then
        echo "devtools.sh: skipped: could not install @paulirish/trace_engine@$engine_version from the npm registry" >&2
        exit 77
    fi
fi

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
traces=()
for scenario in one-for-all rest-for-one backoff escalation restart-storm circuit-breaker; do
    for seed in 1 2; do
        trace=$dir/$scenario-$seed.trace.json
        status=0
        "$program" --headless --scenario "$scenario" --seed "$seed" --virtual-time --quiet --export "$trace" || status=$?
        [ "$status" -eq 0 ] || [ "$status" -eq 3 ] || exit "$status" # 3: the supervisor gave up, as some do here
        traces+=("$trace")
    done
done
node "$here/devtools-flows.mjs" "$engine" "${traces[@]}"
