#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""tools/mhv-run's exit statuses, as docs/booting.md's table and --help
document them: the two lists agree, and each status is produced -- here,
by a run that ends that way, or by a tests/qemu/*.test that expects it.

Produced here: 125 (no image; a QEMU option QEMU refuses), 124 (--timeout
on a control domain that waits at its prompt), 126 (a control domain that
crashes), 4 (QMP system_reset under -no-reboot), 130 (SIGINT to mhv-run)
and 0 for Ctrl-T X typed on the console.  Each run ends by itself or on
what the console shows, never on how fast the machine is (the 124 run
cannot end before its timeout: nothing in it shuts down).
"""

import re
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cmdtest import SRCTREE, BUILD, Session, check, main, run  # noqa: E402

MHV_RUN = "tools/mhv-run"
# The statuses that say how a run ended; any other is a shutdown code.
SPECIAL = {3, 4, 5, 124, 125, 126, 130}


def documented():
    """{status: what} from docs/booting.md's table ("c" for a code) and
    from --help's list ("N")."""
    text = (SRCTREE / "docs" / "booting.md").read_text()
    table = text[text.index("## Exit status"):]
    table = table[:table.index("\n## ")]
    docs = {}
    for line in table.splitlines():
        m = re.match(r"^\| (.*?) \|.*\| \*\*(\w+)\*\* \|$", line)
        if m:
            docs.setdefault(m.group(2), []).append(m.group(1))
    _, out = run([MHV_RUN, "--help"])
    help_ = {m.group(1) for m in re.finditer(r"^  (\d+|N) ", out, re.MULTILINE)}
    return docs, help_


def qemu_test_statuses():
    """{status: [test]} from the exit: lines of tests/qemu/*.test."""
    found = {}
    for t in sorted((SRCTREE / "tests" / "qemu").glob("*.test")):
        for line in t.read_text().splitlines():
            m = re.match(r"^exit:\s*(\d+)\s*$", line)
            if m:
                found.setdefault(int(m.group(1)), []).append(t.stem)
    return found


def expect_status(argv, status, console=None):
    rc, out = run(argv, ok=None)
    check(rc == status, "`%s` returned %d, expected %d" % (" ".join(argv), rc, status))
    if console:
        check(re.search(console, out, re.MULTILINE),
              "`%s`: no line /%s/" % (" ".join(argv), console))


def test():
    docs, help_ = documented()
    numbers = {int(k) for k in docs if k.isdigit()}
    check("c" in docs, "docs/booting.md's exit table has no row for a shutdown code")
    check(numbers >= SPECIAL | {0}, "docs/booting.md's exit table lacks %s"
          % sorted(SPECIAL | {0} - numbers))
    check(help_ == {str(n) for n in numbers} | {"N"},
          "--help lists the statuses %s, docs/booting.md %s" % (
              sorted(help_), sorted(numbers | {"N"}, key=str)))
    check((BUILD / "mhv").is_file() and (BUILD / "tools" / "domu.elf").is_file(),
          "build/mhv and its domains are not built (make images-all)")

    proved = set()
    expect_status([MHV_RUN, "--image", "build/no-such-image"], 125,
                  r"^mhv-run: hypervisor image build/no-such-image not found")
    expect_status([MHV_RUN, "--no-domu", "--", "-no-such-qemu-option"], 125,
                  r"^mhv-run: QEMU failed to start")
    proved.add(125)
    expect_status([MHV_RUN, "--no-domu", "--timeout", "20"], 124,
                  r"^mhv-run: timeout: QEMU killed after 20 s")
    proved.add(124)
    expect_status([MHV_RUN, "--no-domu", "--dom0", "domu.elf attack=wrgsbase"], 126,
                  r"^\(MHV\) d0 crashed: ")
    proved.add(126)
    expect_status([MHV_RUN, "--no-domu", "--qmp-at",
                   r"^mhvctl: control domain d0 => system_reset"], 4,
                  r"^mhv-run: the machine reset \(QMP system_reset\)")
    proved.add(4)

    with Session([MHV_RUN, "--no-domu"]) as s:
        s.expect(r"^mhvctl> ", "the control domain's prompt")
        s.type("\x14x")                   # Ctrl-T X: QEMU quits
        s.expect(r"QEMU: Terminated", "QEMU's message")
        rc = s.wait()
        check(rc == 0, "Ctrl-T X: mhv-run returned %d, expected 0" % rc)
    with Session([MHV_RUN, "--no-domu"]) as s:
        s.expect(r"^mhvctl> ", "the control domain's prompt")
        s.signal(signal.SIGINT)
        rc = s.wait()
        check(rc == 130, "SIGINT: mhv-run returned %d, expected 130" % rc)
    proved.add(130)

    tests = qemu_test_statuses()
    for n in sorted(numbers - proved):
        check(n in tests, "status %d (%s) is produced by no test" % (n, docs[str(n)][0]))
        print("cmdtest: status %d: tests/qemu/%s.test" % (n, tests[n][0]))
    codes = sorted(n for n in tests if n not in SPECIAL and n != 0)
    check(codes, "no tests/qemu test ends with a shutdown code of its own (exit CODE)")
    print("cmdtest: a shutdown code: tests/qemu/%s.test (%d)" % (tests[codes[0]][0], codes[0]))


main(test)
