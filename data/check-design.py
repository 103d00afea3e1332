#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that DESIGN.md names only what exists (meson test design-names).

  check-design.py SOURCE_ROOT

Every identifier DESIGN.md quotes in backticks (a function, type, macro or
environment variable: a word with an underscore, or a Ladder* type) must
occur as a whole word in a C file under src/ or capture/, and every quoted
path (or C file name) must exist.  A rename that forgets the design page
fails here, with the name and the line of DESIGN.md.  Exit 0 pass, 1 fail.
"""
import os
import re
import sys

IDENTIFIER = re.compile(r"^(?:[A-Za-z_][A-Za-z0-9_]*_[A-Za-z0-9_]*|Ladder[A-Z][A-Za-z]+)$")
PATH = re.compile(r"^[\w.-]+(?:/[\w.-]*)+$")
FILE = re.compile(r"^[\w.-]+\.[ch]$")


def sources(root):
    """The text of every C file under src/ and capture/, and their names."""
    text, names = [], set()
    for top in ("src", "capture"):
        for folder, _, files in os.walk(os.path.join(root, top)):
            for name in files:
                if name.endswith((".c", ".h")):
                    names.add(name)
                    with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
                        text.append(f.read())
    return "\n".join(text), names


def quoted(design):
    """(line number, text) of each `...` span, split at '/' ', ' and spaces
    where a span lists several names (`ladder_load_file` / `ladder_load_reader`)."""
    with open(design, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            for span in re.findall(r"`([^`]+)`", line):
                for word in re.split(r"\s+|\s*/\s+|,\s*|\(\)|=\S*", span):
                    if word:
                        yield number, word


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: check-design.py SOURCE_ROOT")
    root = argv[1]
    design = os.path.join(root, "DESIGN.md")
    code, files = sources(root)
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", code))
    problems, names, paths = [], 0, 0
    for number, word in quoted(design):
        if IDENTIFIER.match(word):
            names += 1
            if word not in words:
                problems.append("DESIGN.md:%d: `%s` is in no C file under src/ or capture/" % (number, word))
        elif FILE.match(word):
            paths += 1
            if word not in files:
                problems.append("DESIGN.md:%d: no file `%s` under src/ or capture/" % (number, word))
        elif PATH.match(word) and "<" not in word:
            paths += 1
            if not os.path.exists(os.path.join(root, word)):
                problems.append("DESIGN.md:%d: `%s` does not exist" % (number, word))
    if names < 40:
        problems.append("only %d names found in DESIGN.md: is the page there?" % names)
    print("# checked %d names and %d paths" % (names, paths))
    for problem in problems:
        print("FAIL: " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
