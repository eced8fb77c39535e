#!/bin/sh
# A small flaky service for Supervisor Lab's real-program lesson. It starts, says READY=1, serves a few
# "requests" while it beats its watchdog (WATCHDOG=1 on $NOTIFY_SOCKET, systemd's notify protocol), and then
# ends in one of several ways, picked at random unless FLAKY_MODE names one:
#   complete  exits 0 after its work (a completion)
#   refused   exits 3 after "connection refused" (a failure: exit 3)
#   config    exits 78 at once after a configuration error (EX_CONFIG)
#   crash     kills itself with SIGSEGV (a failure: signal 11)
#   hang      stops beating and ignores SIGTERM (its supervisor declares it hung and kills its group)
# FLAKY_WORK_MS sets how long it serves before it ends (default: 600 to 2400 ms, at random).
set -u

notify() {
    [ -n "${NOTIFY_SOCKET:-}" ] || return 0
    if command -v systemd-notify >/dev/null 2>&1; then
        systemd-notify "$1" 2>/dev/null && return 0
    fi
    perl -MIO::Socket::UNIX -e \
        'IO::Socket::UNIX->new(Type => SOCK_DGRAM(), Peer => $ENV{NOTIFY_SOCKET})->send($ARGV[0])' "$1"
}

random_below() { # a number in 0 .. $1-1
    echo $(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % $1 ))
}

mode=${FLAKY_MODE:-}
if [ -z "$mode" ]; then
    case $(random_below 10) in
        0|1) mode=complete ;;
        2|3|4) mode=refused ;;
        5) mode=config ;;
        6|7) mode=crash ;;
        *) mode=hang ;;
    esac
fi
work_ms=${FLAKY_WORK_MS:-$(( 600 + $(random_below 1800) ))}

echo "flaky-service $$ starting (will end: $mode)"
if [ "$mode" = config ]; then
    echo "error: /etc/flaky/flaky.conf: line 3: unknown key 'lissen'" >&2
    exit 78
fi
sleep 0.1
notify READY=1
echo "ready: listening on 127.0.0.1:8080"

served=0
elapsed=0
while [ "$elapsed" -lt "$work_ms" ]; do
    notify WATCHDOG=1
    served=$((served + 1))
    echo "served request $served"
    sleep 0.2
    elapsed=$((elapsed + 200))
done

case $mode in
    complete)
        echo "all work done, exiting"
        exit 0 ;;
    refused)
        echo "error: upstream 127.0.0.1:5432: connection refused" >&2
        exit 3 ;;
    crash)
        echo "fatal: null pointer in request handler" >&2
        kill -SEGV $$ ;;
    hang)
        echo "waiting on a lock that never comes..."
        trap '' TERM
        while :; do sleep 1; done ;;
esac
