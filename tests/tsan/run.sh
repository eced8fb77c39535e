#!/usr/bin/env bash
# ThreadSanitizer job for the parts of the engine that synchronise with std primitives and need no Qt.
# Passes only if the event store stress test is race-free and the racy canary is caught.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$repo/build/tsan"
mkdir -p "$out"

flags=(-std=c++20 -O1 -g -fsanitize=thread -fno-omit-frame-pointer -pthread -Wall -Wextra)
g++ "${flags[@]}" -I "$repo/core" -o "$out/eventstore_stress" "$here/eventstore_stress.cpp" "$repo/core/events/eventstore.cpp"
g++ "${flags[@]}" -o "$out/racy_canary" "$here/racy_canary.cpp"

# TSan can abort with "unexpected memory mapping" under high ASLR entropy; run without ASLR where allowed.
no_aslr=()
if command -v setarch >/dev/null && setarch "$(uname -m)" -R true 2>/dev/null; then
    no_aslr=(setarch "$(uname -m)" -R)
fi
export TSAN_OPTIONS="halt_on_error=1 exitcode=66"

# Runs a binary, keeping its stdout and stderr in $out; prints nothing, returns its exit status.
run() {
    local name="$1" status=0
    "${no_aslr[@]}" "$out/$name" >"$out/$name.out" 2>"$out/$name.err" || status=$?
    return "$status"
}

status=0
run eventstore_stress || status=$?
if [[ $status -ne 0 ]] || grep -q "ThreadSanitizer" "$out/eventstore_stress.err"; then
    cat "$out/eventstore_stress.err" >&2
    echo "tsan: event store stress FAILED (exit status $status)" >&2
    exit 1
fi
echo "tsan: event store stress: $(cat "$out/eventstore_stress.out"): no race"

status=0
run racy_canary || status=$?
if [[ $status -eq 0 ]] || ! grep -q "WARNING: ThreadSanitizer: data race" "$out/racy_canary.err"; then
    cat "$out/racy_canary.err" >&2
    echo "tsan: canary race NOT detected (exit status $status): the TSan job cannot detect races" >&2
    exit 1
fi
echo "tsan: canary race detected, as expected"
