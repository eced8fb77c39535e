#!/usr/bin/env bash
# screenreader.sh PROGRAM: start the window on a virtual display with a session's accessibility bus, and read its
# accessible tree over AT-SPI as Orca would (atspi-tree.py). Run by hand, not by CTest (see the README's
# Accessibility); needs xvfb, dbus, at-spi2-core and python3-pyatspi.
set -uo pipefail
program=$1
here=$(dirname "$(readlink -f "$0")")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME=$work/config XDG_RUNTIME_DIR=$work/runtime QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1
export ASAN_OPTIONS=detect_leaks=0 LC_ALL=C.UTF-8
mkdir -p -m 700 "$XDG_RUNTIME_DIR"
xvfb-run -a -e /dev/stderr -s "-screen 0 1366x768x24" dbus-run-session -- bash -c '
    # The accessibility bus and its registry start on demand (D-Bus activation) when the window asks for them.
    "$1" --scenario one-for-all --start > "$2/app.log" 2>&1 &
    app=$!
    /usr/bin/python3 "$3/atspi-tree.py" supervisor-lab 120
    status=$?
    kill $app 2>/dev/null
    wait $app
    [ $status -eq 0 ] || { echo "the window said:"; cat "$2/app.log"; }
    exit $status' screenreader "$program" "$work" "$here" 2> >(grep -v "^dbus-daemon\|^SpiRegistry" >&2)
