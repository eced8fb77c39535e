#!/usr/bin/python3
"""atspi-tree.py APP-NAME [TIMEOUT-S]: print the accessible tree of a running application as a screen reader (Orca)
reads it over AT-SPI, and exit 1 if a control a person can operate has no name.

Waits (up to TIMEOUT-S, default 120) for the application to appear on the accessibility bus."""
import sys
import time

import pyatspi

OPERABLE = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX, pyatspi.ROLE_RADIO_BUTTON,
    pyatspi.ROLE_SLIDER, pyatspi.ROLE_SPIN_BUTTON, pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_TEXT, pyatspi.ROLE_ENTRY,
    pyatspi.ROLE_TABLE, pyatspi.ROLE_TREE_TABLE, pyatspi.ROLE_TREE, pyatspi.ROLE_LIST, pyatspi.ROLE_PAGE_TAB,
    pyatspi.ROLE_CHART, pyatspi.ROLE_IMAGE, pyatspi.ROLE_CANVAS,
}


def find_application(name, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is not None and app.name == name and app.childCount > 0:
                return app
        time.sleep(0.5)
    return None


def walk(node, depth, unnamed, lines):
    if node is None or depth > 40:
        return
    try:
        role = node.getRole()
        name = node.name or ""
        description = node.description or ""
        states = node.getState()
    except Exception:  # a node that went away while being read
        return
    showing = states.contains(pyatspi.STATE_SHOWING)
    if showing:
        text = f"{'  ' * depth}{node.getRoleName()}: {name!r}"
        if description:
            text += f" — {description[:160]!r}"
        lines.append(text)
        if role in OPERABLE and not name.strip():
            unnamed.append(f"{node.getRoleName()} under {node.parent.getRoleName() if node.parent else '?'} "
                           f"{node.parent.name if node.parent else ''!r}")
    if role in (pyatspi.ROLE_TABLE, pyatspi.ROLE_TREE_TABLE, pyatspi.ROLE_LIST, pyatspi.ROLE_TREE):
        return  # their cells are data, read row by row by the screen reader
    for i in range(node.childCount):
        walk(node.getChildAtIndex(i), depth + 1, unnamed, lines)


def main():
    name = sys.argv[1]
    timeout = float(sys.argv[2]) if len(sys.argv) > 2 else 120
    app = find_application(name, timeout)
    if app is None:
        print(f"atspi-tree: no application named {name!r} on the accessibility bus after {timeout:.0f} s")
        return 2
    unnamed, lines = [], []
    for i in range(app.childCount):
        walk(app.getChildAtIndex(i), 0, unnamed, lines)
    print("\n".join(lines))
    if unnamed:
        print(f"\n{len(unnamed)} control(s) without a name:")
        print("\n".join("  " + u for u in unnamed))
        return 1
    print(f"\n{len(lines)} accessible objects showing; every control has a name")
    return 0


if __name__ == "__main__":
    sys.exit(main())
