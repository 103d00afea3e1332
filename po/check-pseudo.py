#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every sentence the narrator prints, and the header field names the spotlight
draws, go through the translation catalogue.

Builds a pseudo-translation from the marked strings (each message wrapped
in [[ ]]), points wireladder-cli at it and tells captures of every kind:
a caption, quiz question or choice that comes out unwrapped was never looked
up in the catalogue, so no translation could ever reach it.  A TCP state's name
(an identifier) is the one answer left as it is.  Usage: check-pseudo.py SOURCE_ROOT WIRELADDER_CLI
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

CAPTURES = ["lab-tcp-echo.pcapng", "tcp-refused.pcap", "tcp-retransmit.pcap",
            "traceroute-icmp-v4.pcap", "traceroute-tcp-v4.pcap", "ping-unreachable.pcap",
            "ping-ttl-expire-v6.pcap", "tcp-reset-linger0.pcap", "tcp-echo-v6.pcap"]


def build_catalogue(root, tmp):
    with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f:
        files = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    pot, en, xx = (os.path.join(tmp, n) for n in ("t.pot", "en.po", "xx.po"))
    subprocess.run(["xgettext", "--from-code=UTF-8", "--keyword=_", "--keyword=N_",
                    "--keyword=C_:1c,2", "--keyword=NC_:1c,2", "-o", pot, "-D", root] + files,
                   check=True)
    with open(pot, encoding="utf-8") as f:
        text = f.read().replace("charset=CHARSET", "charset=UTF-8")
    with open(pot, "w", encoding="utf-8") as f:
        f.write(text)
    subprocess.run(["msgen", "-o", en, pot], check=True)
    subprocess.run(["msgfilter", "--keep-header", "-i", en, "-o", xx,
                    "sed", "-e", "s/^/[[/", "-e", "s/$/]]/"], check=True)
    mo_dir = os.path.join(tmp, "xx", "LC_MESSAGES")
    os.makedirs(mo_dir)
    subprocess.run(["msgfmt", "-o", os.path.join(mo_dir, "wireladder.mo"), xx], check=True)


def wrapped(text):
    # A TCP state's name (SYN_RECEIVED, TIME_WAIT) is the kernel's identifier,
    # the same in every language, as ss and the RFC print it: never translated.
    if re.fullmatch(r"[A-Z][A-Z0-9_]*", text):
        return True
    return text.startswith("[[") and text.endswith("]]")


def check_capture(cli, path, env, errors):
    out = subprocess.run([cli, "story", "--json", path], env=env, check=True,
                         capture_output=True, text=True).stdout
    steps = json.loads(out)["steps"]
    if not steps:
        errors.append(f"{path}: no steps")
    for s in steps:
        texts = [("caption", s["caption"])]
        if s.get("quiz"):
            texts.append(("question", s["quiz"]["question"]))
            texts += [("choice", c) for c in s["quiz"]["choices"]]
        for what, text in texts:
            if not wrapped(text):
                errors.append(f"{os.path.basename(path)} step {s['step']}: {what} not translated: {text!r}")
    return len(steps)


# Field names the spotlight draws whole at any scale (the narrow ones are
# cut to their box, brackets and all); a packet of each header kind.
SPOTLIGHT = [("lab-tcp-echo.pcapng", 3, ["Source Address", "Destination Address", "Sequence Number",
                                         "Acknowledgment Number", "Identification"]),
             ("traceroute-icmp-v4.pcap", 2, ["Header Checksum", "Source Address"]),
             ("tcp-echo-v6.pcap", 1, ["Source Address", "Flow Label", "Destination Port"])]


def check_spotlight(cli, root, env, tmp, errors):
    for name, packet, fields in SPOTLIGHT:
        out = os.path.join(tmp, "spotlight.svg")
        subprocess.run([cli, "render", os.path.join(root, "tests", "data", name), "--view", "spotlight",
                        "--packet", str(packet), "-o", out], env=env, check=True)
        with open(out, encoding="utf-8") as f:
            svg = f.read()
        for field in fields:
            if f"[[{field}]]" not in svg:
                errors.append(f"{name} packet {packet}: spotlight field {field!r} not translated")
    return len(SPOTLIGHT)


# Labels each diagram draws, looked up in the catalogue by the drawing
# library (the view's own words, not a packet's or an address).
DIAGRAMS = [("lab-tcp-echo.pcapng", "sequence", ["handshake", "wire state", "kernel state", "data"]),
            ("lab-tcp-echo.pcapng", "tuples", ["Connections by 5-tuple", "source address"]),
            ("traceroute-icmp-v4.pcap", "traceroute", ["client", "What the ICMP error quotes",
                                                       "Time exceeded", "router 1",
                                                       "(TTL n): computed, no capture on that link"]),
            ("tcp-refused.pcap", "sequence", ["connection refused"])]


def check_diagrams(cli, root, env, tmp, errors):
    for name, view, labels in DIAGRAMS:
        out = os.path.join(tmp, "diagram.svg")
        subprocess.run([cli, "render", os.path.join(root, "tests", "data", name), "--view", view,
                        "-o", out], env=env, check=True)
        with open(out, encoding="utf-8") as f:
            svg = f.read()
        for label in labels:
            if f"[[{label}]]" not in svg:
                errors.append(f"{name} {view}: label {label!r} not translated")
    return len(DIAGRAMS)


def main():
    root, cli = sys.argv[1], sys.argv[2]
    for tool in ("xgettext", "msgen", "msgfilter", "msgfmt"):
        if shutil.which(tool) is None:
            print(f"SKIP: {tool} not found (Debian package gettext)")
            return 77
    errors, n = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        build_catalogue(root, tmp)
        env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="xx", WIRELADDER_LOCALEDIR=tmp)
        for name in CAPTURES:
            n += check_capture(cli, os.path.join(root, "tests", "data", name), env, errors)
        n_spot = check_spotlight(cli, root, env, tmp, errors)
        n_diagrams = check_diagrams(cli, root, env, tmp, errors)
    for e in errors[:40]:
        print(e, file=sys.stderr)
    print(f"{n} steps told, {n_spot} spotlights and {n_diagrams} diagrams drawn, "
          f"{len(errors)} strings not translated")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
