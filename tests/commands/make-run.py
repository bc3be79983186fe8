#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""`make run`, typed at on a terminal as the README's "first five minutes"
says: the demo ends with d1's ping 4/4 and the mhvctl> prompt; `domains`
answers with both domains; `exit` ends the run with status 0.
"""

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
        # The demo's last command is `heap`; then the prompt waits for us.
        s.expect(r"^mhvctl> heap$", "the demo's last command")
        s.expect(PROMPT + r"\Z", "the prompt after the demo", consume=False)

        s.type("domains\r")
        m = s.expect(PROMPT + r"domains\n((?:d\d+ .*\n)+)ok\n" + PROMPT,
                     "the answer to `domains`", consume=False)
        rows = m.group(1).splitlines()
        check(len(rows) == 2, "`domains` should list 2 domains: %r" % rows)
        check(rows[0].startswith("d0 name=d0 state=running ") and rows[0].endswith(" control"),
              "`domains` should list d0 running, the control domain: %r" % rows[0])
        check(rows[1].startswith("d1 ") and " devices=1 " in rows[1],
              "`domains` should list d1 holding the VF the demo gave it: %r" % rows[1])

        s.type("exit\r")
        status = s.wait()
        text = s.text()
        check(status == 0, "`make run` ended with status %d after `exit`" % status)
        for bad in ("Assertion", "(MHV) ----[ mhv", "event while no command waited"):
            check(bad not in text, "the console shows %r" % bad)


main(test)
