#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks data/wireladder-cli.1 (meson test --suite data).

  check-manpage.py render PAGE
      groff formats the page without a warning (-ww: every warning), at the
      width man uses in a terminal; man-db's `man --warnings -l` too where it
      is installed; the rendered page has every section it promises.
  check-manpage.py commands CLI PAGE
      Every command `CLI --help` lists, and every option and action that the
      commands with their own --help (lab, render) list, is an entry of the
      page's COMMANDS section, so the page cannot fall behind the program.
  check-manpage.py environment SOURCE_ROOT PAGE
      Every WIRELADDER_* variable named in the CLI's and the lab's code is an
      entry of the page's ENVIRONMENT section.

The entries are read from the page's source (the line after each .TP), so
only the first check needs groff.  Exit 0 pass, 1 fail (each problem on its
own line), 77 skip (render, where groff is missing).
"""
import os
import re
import shutil
import subprocess
import sys

SKIP = 77
SECTIONS = ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "EXIT STATUS",
            "ENVIRONMENT", "FILES", "EXAMPLES", "SEE ALSO"]
# The tools' output must not depend on the machine's language.
ENV = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8", MANROFFSEQ="", MANWIDTH="80")


def need_groff():
    if shutil.which("groff") is None:
        print("SKIP: groff is not installed (Debian: groff-base), so the manual page cannot be rendered")
        sys.exit(SKIP)


def run(argv, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True, env=ENV, **kwargs)


def render_text(page):
    """The page as a terminal shows it, without font escapes."""
    result = run(["groff", "-man", "-Tutf8", "-P-cbou", "-rLL=78n", page])
    if result.returncode != 0:
        sys.exit("groff failed on %s: %s" % (page, result.stderr))
    return result.stdout


def check_render(page):
    problems = []
    groff = run(["groff", "-man", "-ww", "-z", "-Tutf8", "-rLL=78n", page])
    if groff.returncode != 0 or groff.stderr.strip():
        problems.append("groff -man -ww warns:\n" + groff.stderr)
    if shutil.which("man") is not None:
        man = run(["man", "--warnings", "-E", "UTF-8", "-l", "-Tutf8", "-Z", page])
        if man.returncode != 0 or man.stderr.strip():
            problems.append("man --warnings -l warns:\n" + man.stderr)
    else:
        print("# man (man-db) is not installed: checked with groff only")
    text = render_text(page)
    headings = set(line.strip() for line in text.splitlines() if re.match(r"^[A-Z]", line))
    for section in SECTIONS:
        if section not in headings:
            problems.append("the rendered page has no %s section" % section)
    return problems


def help_text(cli, *args):
    result = run([cli, *args, "--help"])
    if result.returncode != 0:
        sys.exit("%s %s --help exited %d: %s" % (cli, " ".join(args), result.returncode, result.stderr))
    return result.stdout


def top_level(cli):
    """The commands and the shared options `wireladder-cli --help` lists."""
    text = help_text(cli)
    commands = []
    in_commands = False
    for line in text.splitlines():
        if line.startswith("Commands:"):
            in_commands = True
        elif in_commands and re.match(r"^  \S", line):
            commands.append(line.split()[0])
        elif in_commands and line.strip() == "":
            in_commands = commands == []
    usage = text.splitlines()[0] if text else ""
    options = re.findall(r"\[(--[a-z-]+)\]", usage)
    return commands, options


def own_help(cli, command):
    """A command's own options and actions, where it has its own --help
    (GOption's layout), else ([], [])."""
    result = run([cli, command, "--help"])
    if result.returncode != 0 or "Application Options:" not in result.stdout:
        return [], []
    lines = result.stdout.splitlines()
    options, actions = [], []
    section = None
    for i, line in enumerate(lines):
        if line.endswith("Options:"):
            section = line
        elif section == "Application Options:":
            m = re.match(r"^\s+(?:-\w, )?(--[a-z][a-z-]*)", line)
            if m:
                options.append(m.group(1))
            elif line.strip() and not line.startswith(" "):
                section = "after"
        if section == "after":
            # Options the command parses itself, named in the text after
            # the table (lab's impairments).
            options += [o for o in re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", line) if o not in options]
        if line == "Usage:" and i + 1 < len(lines):
            # "  lab [OPTION…] list | probe | run SCENARIO -w FILE"
            rest = re.sub(r"^\s*\S+\s+\[OPTION[^\]]*\]\s*", "", lines[i + 1])
            pieces = [p.split()[0] for p in rest.split(" | ") if p.split()]
            if len(pieces) > 1:
                actions = pieces
    return options, actions


ESCAPES = [(r"\-", "-"), (r"\(en", "\u2013"), (r"\(mu", "\u00d7"), (r"\(->", "\u2192"),
           (r"\ ", " "), (r"\&", ""), (r"\fR", ""), (r"\fI", ""), (r"\fB", ""), (r"\fP", "")]


def plain(line):
    """One line of man(7) source as text: font macros' arguments joined
    (alternating fonts join without spaces), escapes replaced."""
    m = re.match(r"^\.([BI]|[BIR][BIR])(?:\s+(.*))?$", line)
    if m:
        args = [quoted + bare for quoted, bare in re.findall(r'"([^"]*)"|(\S+)', m.group(2) or "")]
        line = (" " if len(m.group(1)) == 1 else "").join(args)
    elif line.startswith("."):
        return None
    for escape, text in ESCAPES:
        line = line.replace(escape, text)
    return line


def entries(page, section="COMMANDS"):
    """The tags of SECTION's entries: the line after each .TP."""
    with open(page, encoding="utf-8") as f:
        lines = f.read().splitlines()
    try:
        first = lines.index(".SH " + section) + 1
    except ValueError:
        return []
    tags = []
    for i in range(first, len(lines) - 1):
        if lines[i].startswith(".SH"):
            break
        if lines[i] == ".TP":
            tag = plain(lines[i + 1])
            if tag:
                tags.append(tag)
    return tags


def has_entry(tags, words):
    """WORDS starts a tag, or one of a tag's comma-separated parts
    (`--loss PCT, --duplicate PCT`)."""
    pattern = re.compile(r"^(?:-\w, )?" + re.escape(words) + r"(?:[=\s,]|$)")
    return any(pattern.match(part) for tag in tags for part in [tag] + tag.split(", ")[1:])


def check_commands(cli, page):
    problems = []
    tags = entries(page)
    if not tags:
        return ["found no entries in the page's COMMANDS section"]
    commands, options = top_level(cli)
    if len(commands) < 2:
        return ["could not read the command list from `%s --help`" % cli]
    print("# %s --help lists: %s; options %s" % (cli, " ".join(commands), " ".join(options)))
    for command in commands:
        own_options, actions = own_help(cli, command)
        wanted = ["%s %s" % (command, action) for action in actions] or [command]
        wanted += own_options
        print("# %s: %s" % (command, ", ".join(wanted)))
        for words in wanted:
            if not has_entry(tags, words):
                source = cli if words == command else "%s %s" % (cli, command)
                problems.append("`%s` (from `%s --help`) is not an entry of COMMANDS in %s"
                                % (words, source, page))
    for option in options:
        if not has_entry(tags, option):
            problems.append("`%s` (from `%s --help`) is not an entry of COMMANDS in %s"
                            % (option, cli, page))
    return problems


def check_environment(root, page):
    """Every WIRELADDER_* variable the CLI's code (and the lab's) names in a
    string is an entry of ENVIRONMENT.  The window's own (src/app) and the
    tests' are not the CLI's."""
    names = set()
    for top in ("src/cli", "src/core", "src/draw", "capture"):
        for folder, _, files in os.walk(os.path.join(root, top)):
            for name in files:
                if name.endswith((".c", ".h")):
                    with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
                        names.update(re.findall(r'"(WIRELADDER_[A-Z0-9_]+)', f.read()))
    if not names:
        return ["found no WIRELADDER_ variable under %s: wrong source root?" % root]
    documented = set()
    for tag in entries(page, "ENVIRONMENT"):
        documented.update(re.split(r",\s*", tag))
    print("# the code reads %s" % " ".join(sorted(names)))
    return ["%s (read in the code) is not an entry of ENVIRONMENT in %s" % (name, page)
            for name in sorted(names - documented)]


def main(argv):
    if len(argv) == 3 and argv[1] == "render":
        need_groff()
        problems = check_render(argv[2])
    elif len(argv) == 4 and argv[1] == "commands":
        problems = check_commands(argv[2], argv[3])
    elif len(argv) == 4 and argv[1] == "environment":
        problems = check_environment(argv[2], argv[3])
    else:
        sys.exit("usage: check-manpage.py render PAGE | commands CLI PAGE | environment SOURCE_ROOT PAGE")
    for problem in problems:
        print("FAIL: " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
