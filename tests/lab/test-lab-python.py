#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test-lab-python.py: `lab run SCENARIO --lang python` for real.

Every scenario with Python programs (data/programs/python) runs twice, with
the C endpoints and with the Python programs, as root (network namespaces)
and in a user namespace (--userns, the unprivileged path); the two runs
must draw the same ladders, compared through wireladder-cli's JSON:

- TCP: per connection the packets by direction and flags (pure ACKs left
  out: when the kernel acknowledges on its own is a matter of timing;
  a run of equal segments counts as one, since how many segments the
  same bytes take depends on timing too), how it closed, the bytes each
  way and the RFC 9293 states each side went through (`tcp --json`);
- UDP: per conversation the datagrams each way (`conversations --json`);
- socket calls: per process the calls' kinds in order (`calls --json`),
  with the differences that are real left out: setsockopt (the C clients
  set SO_RCVTIMEO, Python's settimeout() does not), the select kind
  (poll where Python's settimeout() waits; select's count: the clients
  wait in a loop of timed select()s), repeats (a traced Python client
  reads its three echoes as they come, C gets them in one recv());
- the calls' names: each under the system call the program made (the C
  endpoints' library calls, recvmsg on the raw socket; the Python
  programs' accept4, pselect6 and poll, and on x86-64 sendto and recvfrom
  for send() and recv()).

Also: `lab run` prints every program's lines prefixed by its host and the
capture keeps the Python programs' lines; the programs run as they are in
`lab run custom`, finding the server through WIRELADDER_SERVER/_PORT;
--lang errors (a scenario without Python programs, an unknown language,
python3 missing) say so.  TAP output; cases skip with the reason where the
lab or a user namespace is unavailable.
"""
import collections
import json
import os
import platform
import re
import shutil
import struct
import subprocess
import sys
import tempfile

CLI = os.environ["WIRELADDER_CLI"]
PROGRAMS = os.environ["WIRELADDER_PYTHON_PROGRAMS"]
SCENARIOS = ["tcp-echo", "udp-timestamp", "select-chat", "byte-commands", "raw-icmp"]
# What `lab run` must print for each scenario, whatever the language.
EXPECTED_LINES = {
    "tcp-echo": ["server| ready", "server| Received 6 bytes: hello", "client| Received: hello"],
    "udp-timestamp": ["server| Message received from", "client2| Server response: Message received at"],
    "select-chat": ['client2| "hello from client2" received by the server', "server| Client (",
                    "said: a third one here"],
    "byte-commands": ["server| 1", "server| 2", "client| first!", "client| second!"],
    "raw-icmp": ["server| ICMP echo request from", "client| 64 bytes from"],
}
# A line of a Python server's that the capture must keep.
KEPT = {
    "tcp-echo": "Received 6 bytes: hello",
    "udp-timestamp": "Message received from",
    "select-chat": "said: hello from client2",
    "byte-commands": "2",
    "raw-icmp": "ICMP echo request from",
}
OUTPUT_BLOCK = 0x00000BAD   # a pcapng Custom Block (ladder-events.h) ...
OUTPUT_EVENT = 3            # ... holding a program's line (LADDER_EVENT_OUTPUT)
# Where who closes first is a race in either language: the byte-commands
# server closes right after sending its answer and the C client right
# after its recv() returned it (the Python client waits for the server's
# FIN; the C client's FIN came first in about one run in five under load).
CLOSE_RACE = {"byte-commands"}
IGNORED_CALLS = {"setsockopt", "select"}   # kinds: poll and epoll_wait are of the select kind
# The Python chat client leaves with shutdown(SHUT_WR) and reads to the end
# before close(): a line arriving as it left (another client leaving at the
# same moment, which the Python clients' slower, uneven start makes likely)
# made its kernel answer with RST when it closed with the line unread.
IGNORED_IN = {"select-chat": {"shutdown"}}
# The names a call of each kind may have where it is not the kind's own.
# The C endpoints call the library's functions, named as called; their raw
# ICMP socket reads with recvmsg().  CPython on Linux accepts with
# accept4(), select.select() is glibc's pselect6(), settimeout() waits in
# poll(); x86-64 has no send or recv system call, so send() and recv() are
# sendto() and recvfrom() there.
C_NAMES = {"recvfrom": {"recvfrom", "recvmsg"}}
PY_NAMES = {"accept": {"accept4"}, "select": {"pselect6", "poll"}}
if platform.machine() == "x86_64":
    PY_NAMES.update({"send": {"sendto"}, "recv": {"recvfrom"}})
# Names a run must show (so the check above is not vacuous).
C_SEEN = {"raw-icmp": ("recvfrom", "recvmsg")}
PY_SEEN = {"tcp-echo": ("accept", "accept4"), "select-chat": ("select", "pselect6"),
           "byte-commands": ("accept", "accept4"), "udp-timestamp": ("select", "poll")}

results = []
tmpdir = tempfile.mkdtemp(prefix="wireladder-lab-python-")


def tap(ok, name, detail="", skip=None):
    results.append(ok)
    n = len(results)
    if skip is not None:
        print(f"ok {n} {name} # SKIP {skip}")
    else:
        print(f"{'ok' if ok else 'not ok'} {n} {name}")
    for line in detail.splitlines():
        print(f"# {line}")
    sys.stdout.flush()


def become_nobody():
    os.setgroups([])
    os.setresgid(65534, 65534, 65534)
    os.setresuid(65534, 65534, 65534)


def cli(*args, env=None, cwd=None, nobody=False):
    proc = subprocess.run([CLI, *args], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=240, preexec_fn=become_nobody if nobody else None)
    return proc.returncode, proc.stdout, proc.stderr


def cli_json(command, path):
    status, out, err = cli(command, "--json", path)
    if status != 0:
        raise AssertionError(f"{command} --json {path}: exit {status}: {err}")
    return json.loads(out)


def lab_run(scenario, lang, userns):
    path = os.path.join(tmpdir, f"{scenario}-{lang}{'-userns' if userns else ''}.pcapng")
    args = ["lab", "run", scenario, "--lang", lang, "-w", path] + (["--userns"] if userns else [])
    status, out, err = cli(*args)
    if status != 0:
        raise AssertionError(f"lab run {scenario} --lang {lang}: exit {status}\n{out}{err}")
    return path, out


def collapse(items):
    """A run of equal items counts as one."""
    return [item for i, item in enumerate(items) if i == 0 or items[i - 1] != item]


def call_ladders(path, scenario=None):
    """Per process: its host and its calls in order, less the real differences."""
    per_pid = collections.OrderedDict()
    for call in cli_json("calls", path)["calls"]:
        host, kinds = per_pid.setdefault(call["pid"], (call["host"], []))
        if call["kind"] not in IGNORED_CALLS | IGNORED_IN.get(scenario, set()):
            kinds.append(call["kind"])
    out = []
    for host, kinds in per_pid.values():
        if scenario == "select-chat" and host == "server":
            # When each client joins, speaks and leaves, relative to the
            # others, depends on how fast it started (a Python client takes
            # 1-3 s to start here under load, traced): the chat server's
            # order of accept, recv and close, and so its sends, follow.
            # Its calls but the sends, counted, are the same.
            counts = collections.Counter(k for k in kinds if k != "send")
            out.append(f"{host}: " + " ".join(f"{k}x{n}" for k, n in sorted(counts.items())))
        else:
            out.append(f"{host}: {' '.join(collapse(kinds))}")
    return sorted(out)


FLAGS = re.compile(r"Flags \[([^\]]*)\].*length (\d+)")


def packet_ladders(path, scenario):
    """Per TCP connection, its packets by direction and flags, as seen on the
    link where its first packet was (the lab sees a packet on every link)."""
    links, ladders, clients = {}, collections.OrderedDict(), {}
    for packet in cli_json("packets", path)["packets"]:
        match = FLAGS.search(packet["summary"]) if packet["protocol"] == "TCP" else None
        if match is None:
            continue
        a, b = (packet["src"], packet["sport"]), (packet["dst"], packet["dport"])
        key = frozenset((a, b))
        if links.setdefault(key, packet["iface"]) != packet["iface"]:
            continue
        client = clients.setdefault(key, a)
        flags, length = match.group(1), int(match.group(2))
        if flags == "." and length == 0:
            continue  # a pure ACK
        ladders.setdefault(key, []).append(f"{'C>S' if a == client else 'S>C'} {flags}")
    out = []
    for steps in ladders.values():
        if scenario == "select-chat" and "C>S F." in steps:
            # A chat line to a client that is leaving (it half-closed and
            # still reads, see IGNORED_IN): who else leaves when is timing.
            fin = steps.index("C>S F.")
            steps = steps[:fin + 1] + [s for s in steps[fin + 1:] if s != "S>C P."]
        steps = collapse(steps)
        if scenario in CLOSE_RACE and steps[-2:] in (["C>S F.", "S>C F."], ["S>C F.", "C>S F."]):
            steps[-2:] = ["both F."]
        out.append(" ".join(steps))
    return sorted(out)


def connections(path, scenario):
    """Per TCP connection: how it closed, its bytes and both sides' states."""
    out = []
    for c in cli_json("tcp", path)["connections"]:
        # FIN_WAIT_2 shows only when the peer's ACK of a FIN and its own FIN
        # travel apart, i.e. the peer's program took its time to close():
        # timing, and a traced Python program is slower.
        states = {side: collapse([s["state"] for s in c["states"][side] if s["state"] != "FIN_WAIT_2"])
                  for side in ("client", "server")}
        # The chat server's lines to a client depend on who else is in the
        # room when (the Python clients start slower): not its bytes.
        server_bytes = None if scenario == "select-chat" else c["bytes_server"]
        sides = [f"client {'>'.join(states['client'])}", f"server {'>'.join(states['server'])}"]
        if scenario in CLOSE_RACE:
            # Either side may close first, or both at once (the FINs cross:
            # CLOSING on both sides): the states after ESTABLISHED are the
            # race's; the packets above still show a FIN each way.
            sides = sorted(side[:side.index("ESTABLISHED") + len("ESTABLISHED")] for side in sides)
        out.append(f"port {c['server']['port']} close {c['close']} handshake "
                   f"{c['handshake']['complete'] if c['handshake'] else None} bytes "
                   f"{c['bytes_client']}/{server_bytes} {' '.join(sides)}")
    return sorted(out)


def datagrams(path):
    """UDP: per conversation the datagrams each way; ICMP: the messages on
    the client's link, in order."""
    udp = sorted(f"{c['b']['port']} {c['packets_ab']}/{c['packets_ba']}"
                 for c in cli_json("conversations", path)["conversations"] if c["proto"] == "udp")
    icmp = [re.sub(r"^.*?(ICMP echo \w+).*$", r"\1", p["summary"])
            for p in cli_json("packets", path)["packets"]
            if p["protocol"] == "ICMP" and p["iface"] == 0]
    return udp + icmp


def output_line(body):
    """(host, program, text) of an output block's body: PEN, version, type,
    fixed length, time, pid, stream, then three length-prefixed strings."""
    off, fields = 4 + 2 + 2 + 8 + 4 + 1, []
    for _ in range(3):
        if off >= len(body) or off + 1 + body[off] > len(body):
            return None
        fields.append(body[off + 1:off + 1 + body[off]].decode(errors="replace"))
        off += 1 + body[off]
    return tuple(fields)


def output_blocks(path):
    """The lines of the capture's program-output Custom Blocks."""
    with open(path, "rb") as f:
        data = f.read()
    order = "<" if data[8:12] == bytes.fromhex("4d3c2b1a") else ">"
    bodies, off = [], 0
    while off + 12 <= len(data):
        block_type, length = struct.unpack(order + "II", data[off:off + 8])
        if length < 12 or off + length > len(data):
            break
        body = data[off + 8:off + length - 4]
        if block_type == OUTPUT_BLOCK and len(body) > 5 and body[5] == OUTPUT_EVENT:
            bodies.append(output_line(body))
        off += length
    return bodies


def names_as_made(name, path, scenario, lang):
    """Every call under the name of the system call made (PY_NAMES for the
    Python programs, C_NAMES for the C endpoints), and the run's telling
    name among them."""
    wrong, seen = [], set()
    for call in cli_json("calls", path)["calls"]:
        names = PY_NAMES if call["program"].endswith(".py") else C_NAMES
        if call["call"] not in names.get(call["kind"], {call["kind"]}):
            wrong.append(f'{call["program"]}: {call["call"]} of kind {call["kind"]}: {call["args"]}')
        seen.add((call["kind"], call["call"]))
    want = (PY_SEEN if lang == "python" else C_SEEN).get(scenario)
    missing = want is not None and want not in seen
    tap(not wrong and not missing, f"{name}: {lang} call names as made",
        "\n".join(wrong) + (f"\nno {want[1]} of kind {want[0]} among {sorted(seen)}" if missing else ""))


def names_told(name, path):
    """The Python server's accept4() under its name in the ladder's call
    boxes and in the story's captions (its call, its return, and the SYN-ACK
    sent while it waits)."""
    svg_path = os.path.join(tmpdir, "names.svg")
    status, _, err = cli("render", path, "--view", "sequence", "-o", svg_path)
    svg = ""
    if status == 0:
        with open(svg_path, encoding="utf-8") as f:
            svg = f.read()
        os.unlink(svg_path)
    status2, story, err2 = cli("story", path)
    drawn = re.search(r">accept4\(3\)", svg) is not None
    told = (re.search(r"accept4\(\) returns fd \d+ on the server", story) is not None
            and "; accept4() has not returned yet: the connection waits" in story)
    tap(status == 0 and status2 == 0 and drawn and told, f"{name}: accept4 drawn and told",
        f"render exit {status} {err}, drawn {drawn}; story exit {status2} {err2}, told {told}")


def compare(name, what, c_side, py_side):
    detail = f"C:      {c_side}\nPython: {py_side}" if c_side != py_side else ""
    tap(c_side == py_side, f"{name}: {what}", detail)


def scenario_case(scenario, userns, skip):
    name = f"{scenario}{' (user namespace)' if userns else ''}"
    if skip:
        for what in ("runs", "packets", "connections", "datagrams", "calls", "c call names as made",
                     "python call names as made", "Python calls traced", "packets captured", "output kept"):
            tap(True, f"{name}: {what}", skip=skip)
        if scenario == "tcp-echo":
            tap(True, f"{name}: accept4 drawn and told", skip=skip)
        return
    try:
        c_path, _ = lab_run(scenario, "c", userns)
        py_path, py_out = lab_run(scenario, "python", userns)
    except AssertionError as error:
        tap(False, f"{name}: runs", str(error))
        return
    missing = [line for line in EXPECTED_LINES[scenario] if line not in py_out]
    tap(not missing, f"{name}: runs", f"missing in the output: {missing}\n{py_out}" if missing else "")
    compare(name, "packets", packet_ladders(c_path, scenario), packet_ladders(py_path, scenario))
    compare(name, "connections", connections(c_path, scenario), connections(py_path, scenario))
    compare(name, "datagrams", datagrams(c_path), datagrams(py_path))
    compare(name, "calls", call_ladders(c_path, scenario), call_ladders(py_path, scenario))
    names_as_made(name, c_path, scenario, "c")
    names_as_made(name, py_path, scenario, "python")
    if scenario == "tcp-echo":
        names_told(name, py_path)
    # Not two empty lists: the Python programs' calls were traced, the
    # servers' at least, and there were packets.
    programs = {call["program"] for call in cli_json("calls", py_path)["calls"]}
    traced = {p for p in programs if p.endswith(".py")}
    tap(len(traced) >= 2 or (scenario == "raw-icmp" and traced == {"raw_icmp_receiver.py"}),
        f"{name}: Python calls traced", f"programs: {sorted(programs)}")
    tap(len(packet_ladders(py_path, scenario)) + len(datagrams(py_path)) > 0, f"{name}: packets captured")
    # The Python programs' lines are in the capture (Custom Blocks); the
    # programs say "ready" first.
    lines = output_blocks(py_path)
    kept = [line for line in lines if line and line[0] == "server" and line[1].endswith(".py")
            and KEPT[scenario] in line[2]]
    tap(("server", kept[0][1], "ready") in lines if kept else False, f"{name}: output kept",
        f"{len(lines)} output blocks, none from the server with “{KEPT[scenario]}”" if not kept else "")
    for path in (c_path, py_path):
        os.unlink(path)


def lang_errors(skip):
    status, _, err = cli("lab", "run", "ping", "--lang", "python", "-w", os.path.join(tmpdir, "x"))
    tap(status == 2 and "has no Python programs" in err and "tcp-echo" in err,
        "--lang python on ping: refused", err)
    status, _, err = cli("lab", "run", "tcp-echo", "--lang", "perl", "-w", os.path.join(tmpdir, "x"))
    tap(status == 2 and "c or python" in err, "--lang perl: refused", err)
    # No python3 in PATH: the run says what is missing before building anything.
    env = dict(os.environ, PATH=tmpdir)
    status, _, err = cli("lab", "run", "tcp-echo", "--lang", "python", "-w",
                         os.path.join(tmpdir, "x"), env=env)
    tap(status == 1 and "python3" in err and "install" in err, "--lang python without python3", err)
    for leftover in ("x",):
        if os.path.exists(os.path.join(tmpdir, leftover)):
            os.unlink(os.path.join(tmpdir, leftover))


def custom_case(skip):
    """The programs as a student runs them: no arguments, the lab's names."""
    name = "custom: tcp_echo_server.py and two tcp_echo_client.py"
    if skip:
        tap(True, name, skip=skip)
        return
    path = os.path.join(tmpdir, "custom.pcapng")
    status, out, err = cli("lab", "run", "custom", "--server", "python3 tcp_echo_server.py -n 2",
                           "--client", "python3 tcp_echo_client.py",
                           "--client", "python3 tcp_echo_client.py server 60000 hi",
                           "-w", path, cwd=PROGRAMS)
    ok = (status == 0 and "client| Connected to 10.0.4.2:60000" in out
          and "client2| Received: hi" in out and "server| Connection closed by" in out)
    if ok:
        ladders = call_ladders(path)
        ok = ladders.count("client: socket connect send recv close") == 1 \
            and ladders.count("client2: socket connect send recv close") == 1
        out += "\n".join(ladders)
    tap(ok, name, f"exit {status}\n{out}{err}")
    if os.path.exists(path):
        os.unlink(path)


def nobody_case(skip):
    """An ordinary user's run (nobody, when the tests run as root): the
    scripts are read, traced and captured without any privilege."""
    name = "tcp-echo --lang python as nobody"
    if skip is None and os.geteuid() != 0:
        skip = "the tests already run unprivileged"
    if skip:
        tap(True, name, skip=skip)
        return
    os.chmod(tmpdir, 0o777)
    path = os.path.join(tmpdir, "nobody.pcapng")
    status, out, err = cli("lab", "run", "tcp-echo", "--lang", "python", "--hops", "1", "-w", path,
                           nobody=True)
    os.chmod(tmpdir, 0o700)
    if "ermission denied" in err:
        tap(True, name, skip=f"cannot run the build tree as nobody: {err.strip()}")
    else:
        tap(status == 0 and "user namespace" in out and "client| Received: hello" in out
            and "socket calls" in out and " 0 socket calls" not in out, name,
            f"exit {status}\n{out}{err}")
    if os.path.exists(path):
        os.unlink(path)


def ipv6_case(skip):
    """IPv6: the programs pick the family from the address (getaddrinfo)."""
    name = "custom: udp_timestamp over IPv6"
    if skip:
        tap(True, name, skip=skip)
        return
    path = os.path.join(tmpdir, "ipv6.pcapng")
    status, out, err = cli("lab", "run", "custom", "--server", "python3 udp_timestamp_server.py -n 1 ::",
                           "--client", "python3 udp_timestamp_client.py fd00:4::2 12000 over-v6",
                           "-w", path, cwd=PROGRAMS)
    ok = (status == 0 and "server| Message received from [fd00:1::" in out
          and "client| Server response: Message received at" in out)
    if ok:
        ladders = call_ladders(path)
        ok = "client: socket sendto recvfrom close" in ladders
        calls = cli_json("calls", path)["calls"]
        ok = ok and any(c["call"] == "socket" and "AF_INET6" in c["args"] for c in calls)
        out += "\n".join(ladders)
    tap(ok, name, f"exit {status}\n{out}{err}")
    if os.path.exists(path):
        os.unlink(path)


def main():
    status, probe, err = cli("lab", "probe")
    unavailable = None if status == 0 else (err.strip() or "lab probe failed")
    no_userns = unavailable
    if no_userns is None and os.geteuid() == 0 and "userns: yes" not in probe:
        no_userns = "no user namespace here: " + probe
    if shutil.which("python3") is None:
        unavailable = no_userns = "python3 is not installed"
    lang_errors(unavailable)
    for scenario in SCENARIOS:
        scenario_case(scenario, False, unavailable)
    custom_case(unavailable)
    ipv6_case(unavailable)
    for scenario in SCENARIOS:
        scenario_case(scenario, True, no_userns)
    nobody_case(no_userns)
    print(f"1..{len(results)}")
    shutil.rmtree(tmpdir, ignore_errors=True)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
