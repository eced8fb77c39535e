#!/usr/bin/env bash
# Supervisor Lab: set up a Debian bookworm machine, build, and run the app or the whole test suite.
#   ./dev.sh run [OPTIONS...]   install what is missing, build (release), open the desktop app
#                               (with --headless: narrate the run in the terminal instead)
#   ./dev.sh test               install what is missing, build (ASan+UBSan), run every test, then the TSan and fuzz jobs
# Run as root on a fresh machine (apt-get installs the packages); later runs skip what is already in place.
set -euo pipefail
cd "$(dirname "$0")"

# libclang-rt-14-dev holds clang's libFuzzer and sanitizer runtimes; clang only recommends it, and recommended
# packages are not installed here.
# qt6-tools-dev and qt6-l10n-tools: Qt Linguist's lupdate and lrelease; help2man writes the manual page from --help.
packages=(build-essential cmake ninja-build clang libclang-rt-14-dev qt6-base-dev qt6-svg-dev qt6-tools-dev
    qt6-l10n-tools libxkbcommon-dev help2man fonts-dejavu-core xvfb xauth)
# The tests also compare the lab's supervision trees with a real Erlang/OTP supervisor, validate the desktop entry
# and the AppStream metainfo, and try the bash completion.
test_packages=(erlang-nox desktop-file-utils appstream bash-completion groff-base)

install_missing() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "dev.sh: missing packages: ${missing[*]}; run as root, or: sudo apt-get install ${missing[*]}" >&2
        exit 1
    fi
    echo "dev.sh: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() {
    cmake --preset "$1" >/dev/null
    cmake --build --preset "$1" "${@:2}"
}

case "${1:-}" in
run)
    shift
    install_missing "${packages[@]}"
    build release --target supervisor-lab
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [[ " $* " != *" --headless "* ]]; then
        echo "dev.sh: built; no display to open the window on. Either" >&2
        echo "  watch the run narrated in this terminal:  ./dev.sh run --headless --scenario seed" >&2
        echo "  or open the window on a virtual display:  xvfb-run -a ./dev.sh run" >&2
        exit 2
    fi
    exec build/release/app/supervisor-lab "$@"
    ;;
test)
    install_missing "${packages[@]}" "${test_packages[@]}"
    build asan
    ctest --preset asan --parallel 2
    tests/tsan/run.sh
    fuzz/run.sh
    ;;
*)
    echo "usage: ./dev.sh run [OPTIONS...] | ./dev.sh test" >&2
    exit 2
    ;;
esac
