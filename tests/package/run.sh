#!/usr/bin/env bash
# tests/package/run.sh [OUTPUT-DIR]: build the Debian package with CPack, check it with lintian, install it with apt
# on a clean Debian bookworm root (debootstrap, then chroot; no container), and use it there as a person would: the
# headless run, the manual page, the completion, and the window started from its menu entry under Xvfb, with a
# screenshot. Run as root on a bookworm machine with network access to a Debian mirror; about 15 minutes on two
# cores, so it is not part of .ci/run. SUPERVISORLAB_PACKAGE_ROOT=DIR reuses (a copy of) a debootstrapped root.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(readlink -f "${1:-build/package-test}")
mkdir -p "$out"
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

step() { printf '\n== %s\n' "$*"; }

step "installing the build's and the check's tools"
packages=(build-essential cmake ninja-build qt6-base-dev qt6-svg-dev qt6-tools-dev qt6-l10n-tools libxkbcommon-dev
    help2man dpkg-dev file lintian debootstrap imagemagick)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

step "building the package (cmake --preset package, cpack -G DEB)"
cmake --preset package >/dev/null
cmake --build --preset package
deb=$(ls -t build/package/supervisor-lab_*.deb | head -1)
cp "$deb" "$out/"
deb=$out/$(basename "$deb")
dpkg-deb --info "$deb" | sed -n '/Package:/,$p'

step "lintian"
# --fail-on error: warnings are listed and each is explained in the README ("The Debian package").
lintian --info --display-info --fail-on error "$deb" | tee "$out/lintian.txt"

step "a clean bookworm root"
root=$out/root
cleanup() {
    for mount in "$root/proc" "$root/dev/pts" "$root/dev"; do
        mountpoint -q "$mount" && umount -l "$mount"
    done
    return 0
}
trap cleanup EXIT
cleanup
rm -rf "$root"
if [ -n "${SUPERVISORLAB_PACKAGE_ROOT:-}" ]; then
    cp -a "$SUPERVISORLAB_PACKAGE_ROOT" "$root"
else
    debootstrap --variant=minbase bookworm "$root" "$mirror" >"$out/debootstrap.log"
fi
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

step "apt-get install ./$(basename "$deb") (and Xvfb with a window manager, to look at it)"
cp "$deb" "$root/tmp/"
in_root apt-get update -qq
in_root sh -c "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    /tmp/$(basename "$deb") xvfb xauth openbox man-db bash-completion >/dev/null"
in_root dpkg -s supervisor-lab | sed -n '/^Depends:/p'

step "the installed program, headless"
in_root supervisor-lab --version
in_root supervisor-lab --list-scenarios | head -3
in_root supervisor-lab --headless --scenario seed --duration 3000 | tail -3
in_root sh -c 'man -w supervisor-lab && MANWIDTH=80 man supervisor-lab 2>/dev/null | head -12'
in_root bash -c 'source /usr/share/bash-completion/bash_completion
    source /usr/share/bash-completion/completions/supervisor-lab
    COMP_WORDS=(supervisor-lab --strategy ""); COMP_CWORD=2; COMP_LINE="supervisor-lab --strategy "; COMP_POINT=${#COMP_LINE}
    _supervisor_lab supervisor-lab "" --strategy 2>/dev/null; echo "completion of --strategy: ${COMPREPLY[*]}"
    [ "${#COMPREPLY[@]}" -eq 3 ]'

step "the window, started from its menu entry under Xvfb"
desktop=/usr/share/applications/io.github.supervisor_lab.SupervisorLab.desktop
exec_line=$(in_root sed -n 's/^Exec=//p' "$desktop")
echo "Exec=$exec_line"
in_root sh -c "rm -rf /tmp/screen && mkdir /tmp/screen
    Xvfb :77 -screen 0 1366x768x24 -fbdir /tmp/screen -nolisten tcp >/tmp/xvfb.log 2>&1 & xvfb=\$!
    sleep 2
    export DISPLAY=:77 XDG_RUNTIME_DIR=/tmp/runtime && mkdir -p -m 700 /tmp/runtime
    openbox >/dev/null 2>&1 & wm=\$!
    sleep 1
    $exec_line --scenario one-for-all --start >/tmp/app.log 2>&1 & app=\$!
    sleep 15
    cp /tmp/screen/Xvfb_screen0 /tmp/screen.xwd
    kill \$app; wait \$app; status=\$?
    kill \$wm \$xvfb
    cat /tmp/app.log
    echo \"the window closed with status \$status\"
    [ \$status -eq 0 ] || [ \$status -eq 143 ]"
convert "xwd:$root/tmp/screen.xwd" "$out/installed-window.png"
echo "screenshot: $out/installed-window.png"

step "removing the package leaves nothing behind"
in_root apt-get remove -y -qq supervisor-lab >/dev/null
left=$(in_root sh -c 'ls /usr/share/supervisor-lab /usr/bin/supervisor-lab 2>/dev/null' || true)
[ -z "$left" ] || { echo "left behind: $left"; exit 1; }
echo "package test: passed"
