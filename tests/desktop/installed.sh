#!/usr/bin/env bash
# installed.sh BUILD-DIR: `cmake --install` lays the lab out as the freedesktop.org specifications and Debian expect,
# each file valid by its own tool, and the installed program reads its data from the prefix, not from the sources.
set -uo pipefail
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
export ASAN_OPTIONS=detect_leaks=0 QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8

cmake --install "$build" --prefix "$prefix" >/dev/null || { echo "FAIL: cmake --install"; exit 1; }

failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
app_id=io.github.supervisor_lab.SupervisorLab
for file in bin/supervisor-lab \
    share/applications/$app_id.desktop \
    share/metainfo/$app_id.metainfo.xml \
    share/icons/hicolor/scalable/apps/$app_id.svg \
    share/man/man1/supervisor-lab.1.gz \
    share/bash-completion/completions/supervisor-lab \
    share/supervisor-lab/scenarios/seed.json \
    share/supervisor-lab/explorations/outages.json \
    share/supervisor-lab/examples/flaky-service.sh \
    share/doc/supervisor-lab/README.md \
    share/doc/supervisor-lab/copyright \
    share/doc/supervisor-lab/changelog.gz; do
    [ -f "$prefix/$file" ] || fail "$file is not installed"
done
[ -x "$prefix/share/supervisor-lab/examples/flaky-service.sh" ] || fail "the example program is not executable"

# Each PNG icon is the size its folder names (the width and height in the PNG header).
for size in 16 22 24 32 48 64 128 256; do
    png=$prefix/share/icons/hicolor/${size}x${size}/apps/$app_id.png
    if [ ! -f "$png" ]; then
        fail "no ${size}x${size} icon"
        continue
    fi
    read -r width height < <(od -An -tu1 -j16 -N8 "$png" | awk '{ print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }')
    [ "$width" = "$size" ] && [ "$height" = "$size" ] || fail "the ${size}x${size} icon is ${width}x${height}"
done

desktop-file-validate "$prefix/share/applications/$app_id.desktop" | grep -v ': hint: ' | grep . && fail "desktop-file-validate"
appstreamcli validate --no-net "$prefix/share/metainfo/$app_id.metainfo.xml" >/dev/null \
    || fail "appstreamcli validate: $(appstreamcli validate --no-net "$prefix/share/metainfo/$app_id.metainfo.xml")"
warnings=$(zcat "$prefix/share/man/man1/supervisor-lab.1.gz" | groff -man -Tutf8 -ww -z 2>&1)
[ -z "$warnings" ] || fail "the manual page has groff warnings: $warnings"
for option in --scenario --headless --export --explore --memory-limit --strategy --jitter; do
    zcat "$prefix/share/man/man1/supervisor-lab.1.gz" | grep -qF -- "${option//-/\\-}" || fail "the manual page lacks $option"
done

# The installed program reads the installed scenarios: change one there and the program says so.
scenario=$prefix/share/supervisor-lab/scenarios/seed.json
sed -i 's/"goal": *"[^"]*"/"goal": "read from the install prefix"/' "$scenario"
"$prefix/bin/supervisor-lab" --list-scenarios | grep -q "^seed .*read from the install prefix" \
    || fail "the installed program does not read its scenarios from the prefix"
"$prefix/bin/supervisor-lab" --headless --quiet --scenario real-program --allow-commands --duration 2000 \
    >/dev/null 2>&1 || [ $? -eq 3 ] || fail "the installed program cannot run the lesson with the example program"

if [ "$failures" -gt 0 ]; then
    echo "$failures check(s) of the installed files failed"
    exit 1
fi
echo "installed files: every check passed ($(find "$prefix" -type f | wc -l) files)"
