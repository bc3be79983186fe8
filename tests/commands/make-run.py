#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""`make run`, typed at on a terminal as the README's "first five minutes"
says: the demo has d1's ping 4/4 and ends by starting the Debian kernel as
an HVM guest (d2) with a shell on its COM1, then the mhvctl> prompt;
Ctrl-A three times gives the keyboard to the guest's shell, which answers
`uname -r`, three more give it back; `domains` answers with the three
domains; `exit` ends the run with status 0.
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cmdtest import Session, check, main, shared_tree  # noqa: E402

PROMPT = r"^mhvctl> "


def test():
    with shared_tree(), Session(["make", "run"]) as s:
        # The build (nothing to do after `make check`'s), the boot, the demo.
        s.expect(r"^mhvctl: control domain d0, \d+ CPUs", "the control domain's banner")
        s.expect(r"^mhvctl> sriov 0000:01:00\.0 4$", "the demo's sriov")
        s.expect(r"^pirq \d+ delivered to d0$", "the demo's fire")
        s.expect(r"^\(d1\) 4 packets transmitted, 4 received$", "d1's ping 4/4")
        s.expect(r"^mhvctl> heap$", "the demo's heap")
        # The demo's last command starts the HVM guest; then the prompt
        # waits for us while the guest boots to its shell.
        s.expect(r"^hvm: d2 created$", "the HVM guest created")
        s.expect(r"^\(d2\) MHV-INIT: up$", "the guest's /init")
        s.expect(r"^\(d2\) MHV-INIT: shell", "the guest's shell started")

        # Ctrl-A three times: the keyboard goes to the guest's COM1.
        s.type("\x01\x01\x01")
        s.expect(r"console input now goes to d2", "the console switch to d2")
        s.type("uname -r\r")
        s.expect(r"^\(d2\) 6\.1\.\d+-\d+-amd64$", "the guest's answer to `uname -r`")
        s.type("\x01\x01\x01")
        s.expect(r"console input now goes to the control domain",
                 "the console switch back")

        s.type("\r")
        s.expect(PROMPT, "the prompt again", consume=False)
        s.type("domains\r")
        m = s.expect(PROMPT + r"domains\n((?:d\d+ .*\n)+)ok\n" + PROMPT,
                     "the answer to `domains`", consume=False)
        rows = m.group(1).splitlines()
        check(len(rows) == 3, "`domains` should list 3 domains: %r" % rows)
        check(rows[0].startswith("d0 name=d0 state=running ") and rows[0].endswith(" control"),
              "`domains` should list d0 running, the control domain: %r" % rows[0])
        check(rows[1].startswith("d1 ") and " devices=1 " in rows[1],
              "`domains` should list d1 holding the VF the demo gave it: %r" % rows[1])
        check(re.match(r"d2 name=hvm2 state=(running|blocked) .* hvm$", rows[2]),
              "`domains` should list the HVM guest d2: %r" % rows[2])

        s.type("exit\r")
        status = s.wait()
        text = s.text()
        check(status == 0, "`make run` ended with status %d after `exit`" % status)
        for bad in ("Assertion", "(MHV) ----[ mhv", "event while no command waited"):
            check(bad not in text, "the console shows %r" % bad)


main(test)
