# `cpack -G DEB` in a build configured with the package preset: a Debian package of what `cmake --install` puts,
# with its library dependencies found by dpkg-shlibdeps. tests/package/run.sh installs it on a clean bookworm root.
set(CPACK_PACKAGE_NAME supervisor-lab)
set(CPACK_PACKAGE_VENDOR "The Supervisor Lab authors")
set(CPACK_PACKAGE_CONTACT "The Supervisor Lab authors <supervisor-lab@users.noreply.github.com>")
# Debian's extended description: lines of at most 80 columns, as lintian asks.
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
    "Supervisor Lab runs a supervisor that restarts failing workers on real"
    "threads, or real programs as systemd and supervisord do, and draws every"
    "start, failure, restart delay and give-up on a live timeline. Sliders for"
    "the failure rate and the restart delay act on the running system."
    "."
    "It teaches the pattern with lessons and narration, decides supervision"
    "trees as Erlang/OTP does, compares restart policies over many seeds in"
    "virtual time, and exports the event log (JSON Lines, CSV, Chrome trace)"
    "and the timeline (PNG, SVG). The same engine runs without a window.")
set(CPACK_PACKAGE_HOMEPAGE_URL ${PROJECT_HOMEPAGE_URL})
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Qt loads its platform plugins at run time, so dpkg-shlibdeps cannot see them.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-dejavu-core")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "xvfb")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
