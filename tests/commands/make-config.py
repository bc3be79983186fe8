#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The Kconfig targets README.md shows, in a scratch output tree (O=dir):
`make defconfig` and `make debug_defconfig` write O/.config with what
configs/defconfig and configs/debug_defconfig say (debug_defconfig turns
CONFIG_DEBUG on, with what it selects); `make olddefconfig` brings a
partial .config up to date (values kept, what it selects on, unknown
symbols dropped, every other symbol at its default); `make menuconfig`
runs on a terminal and saves a complete O/.config on Q, Y."""

import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cmdtest import SRCTREE, Session, check, main, run  # noqa: E402

OUT = "build/cmdtest-config"


def values(path):
    """{symbol: value} of a .config or defconfig; "n" for "is not set"."""
    vals = {}
    for line in Path(path).read_text().splitlines():
        m = re.match(r"^CONFIG_(\w+)=(.*)$", line) or \
            re.match(r"^# CONFIG_(\w+) is not set$", line)
        if m:
            vals[m.group(1)] = m.group(2) if m.lastindex == 2 else "n"
    return vals


def defconfig(name):
    _, out = run(["make", "O=" + OUT, name])
    check("%s/.config from configs/%s" % (OUT, name) in out,
          "make %s did not say it wrote %s/.config" % (name, OUT))
    got, want = values(SRCTREE / OUT / ".config"), values(SRCTREE / "configs" / name)
    for sym, val in want.items():
        check(got.get(sym) == val, "make %s: CONFIG_%s=%s, configs/%s says %s"
              % (name, sym, got.get(sym), name, val))
    return got


def test():
    shutil.rmtree(SRCTREE / OUT, ignore_errors=True)
    try:
        release = defconfig("defconfig")
        check(release.get("DEBUG") == "n", "defconfig: CONFIG_DEBUG is on")
        debug = defconfig("debug_defconfig")
        check(debug.get("DEBUG") == "y" and debug.get("DEBUG_LOCKS") == "y",
              "debug_defconfig: CONFIG_DEBUG or CONFIG_DEBUG_LOCKS off")
        check(set(release) == set(debug), "defconfig and debug_defconfig name different symbols")

        # A partial .config as an older tree or a hand edit leaves it.
        (SRCTREE / OUT / ".config").write_text(
            "CONFIG_DEBUG=y\nCONFIG_NR_CPUS=8\nCONFIG_NO_SUCH_OPTION=y\n")
        run(["make", "O=" + OUT, "olddefconfig"])
        old = values(SRCTREE / OUT / ".config")
        check(old.get("DEBUG") == "y" and old.get("NR_CPUS") == "8",
              "olddefconfig did not keep the values given: %r" % old)
        check(old.get("DEBUG_LOCKS") == "y", "olddefconfig: what DEBUG selects is not on")
        check("NO_SUCH_OPTION" not in old, "olddefconfig kept an unknown symbol")
        check(set(old) == set(release), "olddefconfig left symbols out: %s"
              % sorted(set(release) - set(old)))

        shutil.rmtree(SRCTREE / OUT)
        with Session(["make", "O=" + OUT, "menuconfig"]) as s:
            s.expect(r"^ mhv configuration$", "menuconfig's title", screen=True)
            s.expect(r"^ +General +--->$", "menuconfig's first menu", screen=True)
            s.type("Q")
            s.expect(r"Save configuration\?", "the question on quitting", screen=True)
            s.type("Y")
            status = s.wait()
        check(status == 0, "menuconfig returned %d" % status)
        saved = values(SRCTREE / OUT / ".config")
        check(saved == release, "menuconfig saved %r, not the defaults (%r)" % (saved, release))
    finally:
        shutil.rmtree(SRCTREE / OUT, ignore_errors=True)


main(test)
