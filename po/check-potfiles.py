#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""po/POTFILES.in lists exactly the files that hold translatable strings.

A file that marks strings (_(), N_(), C_(), NC_() in C; translatable="yes"
in a .ui; a desktop or metainfo file) but is missing from the list would
never reach translators; a listed file that marks nothing, or no longer
exists, makes xgettext fail or lie.  Usage: check-potfiles.py SOURCE_ROOT
"""
import os
import re
import sys

MARK_C = re.compile(r'(?<![A-Za-z0-9_])(?:N?C?_)\s*\(\s*"')
MARK_UI = re.compile(r'translatable="yes"')
# A marked string glued to a format macro ("%" G_GUINT64_FORMAT " packets"):
# xgettext sees only the first piece, so the message can never be translated.
MACRO_IN_MARK = re.compile(r'(?<![A-Za-z0-9_])(?:N?C?_|ngettext)\s*\(\s*"(?:[^"\\]|\\.)*"\s*G_\w*FORMAT')
SCANNED = ("src", "capture", "ui")


def marks(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".ui"):
        return bool(MARK_UI.search(text))
    if path.endswith((".c", ".h")):
        return bool(MARK_C.search(text))
    return True  # desktop/metainfo files: listed by hand, always translatable


def main():
    root = sys.argv[1]
    with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f:
        listed = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    errors = []
    for rel in listed:
        path = os.path.join(root, rel)
        if not os.path.exists(path):
            errors.append(f"{rel}: listed in po/POTFILES.in but does not exist")
        elif not marks(path):
            errors.append(f"{rel}: listed in po/POTFILES.in but marks no string")
    for rel in listed:
        path = os.path.join(root, rel)
        if rel.endswith((".c", ".h")) and os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                for m in MACRO_IN_MARK.finditer(f.read()):
                    errors.append(f"{rel}: a marked string is glued to a format macro, which xgettext "
                                  f"cannot see: {m.group(0)!r} (use %lu and a cast)")
    for top in SCANNED:
        for dirpath, _dirs, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                if not name.endswith((".c", ".h", ".ui")):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                if rel not in listed and marks(path):
                    errors.append(f"{rel}: marks strings for translation but is missing from po/POTFILES.in")
    for e in errors:
        print(e, file=sys.stderr)
    print(f"{len(listed)} files listed, {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
