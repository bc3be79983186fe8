#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""`make run`, typed at on a terminal as the README's "first five minutes"
says: the demo ends with d1's ping 4/4, then starts the Debian kernel as
an HVM guest (d2) with a VF of its own, which its igbvf pings through
(4/4), and a shell on its COM1; the three commands the README suggests
answer as it says (`domains`: d0, d1 holding its VF, d2 holding its VF;
`lspci`: the PF with 4 VFs, one of them d1's; `fire 0000:01:10.0 1`:
pirq 1 delivered to d0); Ctrl-A three times moves the input to the guest,
which answers `uname -r`, and three more back; the igb leaves through
QEMU's monitor the way README says (Ctrl-T C, `device_del nic0`) and the
control domain, which took the hotplug slot over at start, tears it down
after the default button delay without anyone typing `hotplug`: VFs (d1
told; its driver, still polling the VF, reads all-ones and stops its
network, and d1 shuts down with 0 instead of crashing), the PF, power off; `slots` shows it off and empty, `check` the
registry consistent; `exit` ends the run with status 0.
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cmdtest import Session, check, main, shared_tree  # noqa: E402

PROMPT = r"^mhvctl> "
CTRL_A = "\x01"    # mhv's console switch: three of them
CTRL_T = "\x14"    # QEMU's escape key on mhv-run's terminal: Ctrl-T C is its monitor


def answer(s, command, row):
    """Type @command at the prompt; its answer's lines matching @row, up to
    its `ok`.  Lines of other domains that come meanwhile are left out."""
    s.type(command + "\r")
    s.expect(r"^(?:mhvctl> )?%s\n" % re.escape(command), "`%s` echoed" % command)
    start = s.pos
    s.expect(r"^ok\n", "the end of the answer to `%s`" % command)
    text = s.text()[start:s.pos]
    return [l for l in text.splitlines() if re.match(row, l)]


def test():
    with shared_tree(), Session(["make", "run"]) as s:
        # The build (nothing to do after `make check`'s), the boot, the demo.
        s.expect(r"^mhvctl: control domain d0, \d+ CPUs", "the control domain's banner")
        s.expect(r"^1 hotplug slot, button delay 5000 ms$",
                 "the hotplug slot taken over at start, the default button delay")
        s.expect(r"^mhvctl> sriov 0000:01:00\.0 4$", "the demo's sriov")
        s.expect(r"^pirq \d+ delivered to d0$", "the demo's fire")
        s.expect(r"^\(d1\) 4 packets transmitted, 4 received$", "d1's ping 4/4")
        s.expect(r"^mhvctl> heap$", "the demo's heap")
        # The demo's last commands start the HVM guest with a VF; then the
        # prompt waits for us while the guest boots, pings through its VF
        # and starts its shell.
        s.expect(r"^hvm: d2 created paused$", "the HVM guest created")
        s.expect(r"^\(MHV\) PCI vpci 0000:01:10\.6 -> d2 00:01\.0$",
                 "the VF on the guest's PCI bus")
        s.expect(r"^hvm: d2 started$", "the HVM guest started")
        s.expect(r"^\(d2\) MHV-INIT: up$", "the guest's /init")
        s.expect(r"^\(d2\) VF-NET: eth0 mac [0-9a-f:]{17} link up msix 3",
                 "the guest's igbvf up")
        s.expect(r"^\(d2\) 4 packets transmitted, 4 packets received",
                 "the guest's ping 4/4")
        s.expect(r"^\(d2\) MHV-INIT: shell", "the guest's shell started")
        # BusyBox's banner is the last the guest prints before it waits.
        s.expect(r"^\(d2\) Enter 'help' for a list of built-in commands\.$",
                 "the guest's shell waiting")

        # The prompt was printed before the guest's lines: what is typed
        # now is echoed at the start of a line.
        rows = answer(s, "domains", r"^d\d+ name=")
        check(len(rows) == 3, "`domains` should list 3 domains: %r" % rows)
        check(rows[0].startswith("d0 name=d0 state=running ") and rows[0].endswith(" control"),
              "`domains` should list d0 running, the control domain: %r" % rows[0])
        check(rows[1].startswith("d1 ") and " devices=1 " in rows[1],
              "`domains` should list d1 holding the VF the demo gave it: %r" % rows[1])
        check(re.match(r"d2 name=hvm2 state=(running|blocked) .*devices=1 .* hvm$", rows[2]),
              "`domains` should list the HVM guest d2 with its VF: %r" % rows[2])

        rows = answer(s, "lspci", r"^[0-9a-f]{4}:[0-9a-f]{2}:")
        check("0000:01:00.0 [8086:10c9] d0 PF vfs=4" in rows,
              "`lspci` should show the igb PF with 4 VFs: %r" % rows)
        check("0000:01:10.2 [8086:10ca] d1 VF of 0000:01:00.0" in rows,
              "`lspci` should show VF 1 as d1's: %r" % rows)
        rows = answer(s, "fire 0000:01:10.0 1", r"^pirq ")
        check(rows == ["pirq 1 delivered to d0"], "`fire`: %r, not VF 0's entry 1 delivered" % rows)

        # Into the guest's shell and back: Ctrl-A three times.
        s.type(CTRL_A * 3)
        s.expect(r"^\(MHV\) console input now goes to d2 ", "the input moved to the guest")
        s.type("uname -r\r")
        s.expect(r"^\(d2\) 6\.1\.\d+-\d+-amd64$", "the guest's answer to `uname -r`")
        s.type(CTRL_A * 3)
        s.expect(r"^\(MHV\) console input now goes to the control domain$",
                 "the input back to the control domain")

        # Unplug the igb from QEMU's monitor; back to the console.
        s.type(CTRL_T + "c")
        s.expect(r"\(qemu\) ", "QEMU's monitor prompt")
        s.type("device_del nic0\r")
        # The guest's output reaches the terminal whichever side has the
        # keyboard, maybe on the line of the monitor's next "(qemu) ".
        s.expect(r"pciehp 0000:00:04\.0: on -> blinking-off \(attention button",
                 "the attention button seen by the control domain")
        s.type(CTRL_T + "c")
        s.expect(r"^pciehp 0000:00:04\.0: blinking-off -> powering-off \(button delay over\)",
                 "the button delay over")
        # d1's network driver keeps touching its VF (its reset watchdog):
        # after the BAR mapping is taken away, just before it is told, its
        # reads get all-ones and its writes go nowhere, as from a removed
        # device (docs/hotplug.md, "Limits"); it stops its network when it
        # sees the VF gone and shuts down with 0, never crashed.
        s.expect(r"^\(MHV\) PCI 0000:01:10\.2 revoked: d1 told", "d1 told it lost its VF")
        s.expect(r"^\(MHV\) PCI remove 0000:01:00\.0$", "the PF removed")
        s.expect(r"^pciehp 0000:00:04\.0: powering-off -> off \(torn down, slot powered off\)",
                 "the slot torn down and powered off")
        # The prompt is still the one from before, above these lines.
        s.type("slots\r")
        s.expect(r"^slot 0000:00:04\.0 bus 01 state off power off presence no link down "
                 r".* functions 0$", "`slots`: the slot off and empty")
        s.type("check\r")
        s.expect(r"^registry check: 0 problems ", "`check`: the registry consistent")
        s.expect(PROMPT, "the prompt after `check`", consume=False)

        s.type("exit\r")
        status = s.wait()
        text = s.text()
        check(status == 0, "`make run` ended with status %d after `exit`" % status)
        check(re.search(r"^\(d1\) net 0000:01:10\.2: device removed or taken back: "
                        r"network stopped", text, re.M),
              "d1 should report its VF gone and stop its network")
        check(re.search(r"^\(MHV\) d1: shut down with code 0$", text, re.M),
              "d1 should shut down cleanly (code 0) after losing its VF")
        check("d1 crashed" not in text, "d1 crashed when its VF left")
        check("mhvctl> hotplug" not in text, "someone typed `hotplug`")
        for bad in ("Assertion", "(MHV) ----[ mhv", "event while no command waited"):
            check(bad not in text, "the console shows %r" % bad)


main(test)
