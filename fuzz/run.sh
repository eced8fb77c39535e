#!/usr/bin/env bash
# Fuzz job: builds the fuzz preset (Clang, libFuzzer, ASan+UBSan) and runs each log importer fuzzer for a bounded
# time, side by side, starting from the seed corpus in fuzz/corpus. The repository is never written: new inputs
# and crash artifacts go to a temporary directory, which is printed and kept when a fuzzer fails.
#   fuzz/run.sh [SECONDS]   seconds per fuzzer, 30 by default
# Exits non-zero if a fuzzer crashes, leaks, times out, runs out of memory or breaks a round-trip property.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
seconds="${1:-30}"
# Each fuzzer and the corpus directory it starts from.
fuzzers=(jsonlinesimportfuzzer:jsonl csvimportfuzzer:csv)

cd "$repo"
work="$(mktemp -d "${TMPDIR:-/tmp}/supervisorlab-fuzz.XXXXXX")"
started=$SECONDS
if ! { cmake --preset fuzz && cmake --build --preset fuzz; } >"$work/build.log" 2>&1; then
    tail -n 40 "$work/build.log" >&2
    echo "fuzz: the build failed; its log: $work/build.log" >&2
    exit 1
fi
echo "fuzz: configured and built in $((SECONDS - started)) s"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$repo/tests/lsan.supp"
export DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent

started=$SECONDS
pids=()
for entry in "${fuzzers[@]}"; do
    fuzzer="${entry%%:*}"
    mkdir -p "$work/$fuzzer/new" "$work/$fuzzer/artifacts"
    # New inputs go to the first corpus directory; the repository's corpus, second, is only read. No single
    # allocation made for a 16 KiB input may reach 64 MB: memory must not grow with the numbers in a file.
    "build/fuzz/fuzz/$fuzzer" -max_total_time="$seconds" -max_len=16384 -rss_limit_mb=2048 -malloc_limit_mb=64 \
        -timeout=10 -dict="$here/importer.dict" -print_final_stats=1 -artifact_prefix="$work/$fuzzer/artifacts/" \
        "$work/$fuzzer/new" "$here/corpus/${entry##*:}" >"$work/$fuzzer.log" 2>&1 &
    pids+=($!)
done

failed=0
for i in "${!fuzzers[@]}"; do
    fuzzer="${fuzzers[$i]%%:*}" log="$work/${fuzzers[$i]%%:*}.log"
    status=0
    wait "${pids[$i]}" || status=$?
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")"
    echo "fuzz: $fuzzer: ${runs:-?} executions (${rate:-?}/s), $(find "$work/$fuzzer/new" -type f | wc -l)" \
        "new inputs, exit status $status"
    artifact="$(find "$work/$fuzzer/artifacts" -type f \
        \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | sort | head -n 1)"
    if [[ $status -ne 0 || -n "$artifact" ]]; then
        failed=1
        # What the fuzzer printed after its last progress line: the broken property or the sanitizer's report.
        awk '/^#[0-9]+\t/ { n = NR } { line[NR] = $0 } END { for (i = n + 1; i <= NR && i <= n + 80; ++i) print line[i] }' \
            "$log" >&2
        echo "fuzz: $fuzzer FAILED; its log: $log" >&2
        if [[ -n "$artifact" ]]; then
            echo "fuzz: the input that failed: $artifact" >&2
            head -c 512 "$artifact" | od -A d -t x1z >&2
            echo "fuzz: reproduce with: build/fuzz/fuzz/$fuzzer $artifact" >&2
        fi
    fi
done
echo "fuzz: ran ${#fuzzers[@]} fuzzers side by side for $((SECONDS - started)) s"

if [[ $failed -ne 0 ]]; then
    echo "fuzz: FAILED; new inputs, artifacts and logs are kept in $work" >&2
    exit 1
fi
rm -rf "$work"
echo "fuzz: no crash, leak, timeout, excess memory or broken property"
