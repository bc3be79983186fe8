#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The build commands README.md shows: `make` leaves the release image in
build/mhv and the domains in build/tools/; `make debug=y` the debug image
in build/debug/mhv (CONFIG_DEBUG=y); `make O=dir V=1
CROSS_COMPILE=x86_64-linux-gnu-` builds a fresh tree entirely inside dir,
printing each command (the cross compiler's), and its image is the same
hypervisor as build/mhv: the same code, byte for byte (the data may differ
in the git revision the banner names, when build/ predates a commit)."""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cmdtest import BUILD, SRCTREE, check, main, run, shared_tree  # noqa: E402

OUT = "build/cmdtest-o"
DOMAINS = ("dom0.elf", "domu.elf")
MB2_MAGIC = (0xe85250d6).to_bytes(4, "little")


def image_ok(path):
    """A Multiboot2 ELF: the header magic in its first 32 KiB of file."""
    data = Path(path).read_bytes()
    check(data[:4] == b"\x7fELF", "%s is not an ELF file" % path)
    check(MB2_MAGIC in data[:32768], "%s has no Multiboot2 header" % path)


def code(path, tmp):
    """The image's .text, as a loader puts it in memory."""
    out = Path(tmp) / (Path(path).parent.name + ".text")
    subprocess.run(["objcopy", "-O", "binary", "-j", ".text", str(path), str(out)],
                   check=True)
    return out.read_bytes()


def test():
    with shared_tree():
        run(["make"])
        image_ok(BUILD / "mhv")
        for d in DOMAINS:
            check((BUILD / "tools" / d).is_file(), "make left no build/tools/%s" % d)
        check("CONFIG_DEBUG=y" not in (BUILD / ".config").read_text(),
              "build/.config is a debug configuration")
        run(["make", "debug=y"])
        image_ok(BUILD / "debug" / "mhv")
        check(re.search(r"^CONFIG_DEBUG=y$", (BUILD / "debug" / ".config").read_text(),
                        re.MULTILINE), "build/debug/.config has no CONFIG_DEBUG=y")

    shutil.rmtree(SRCTREE / OUT, ignore_errors=True)
    tmp = tempfile.mkdtemp(prefix="cmdtest-o.")
    try:
        _, out = run(["make", "O=" + OUT, "V=1", "CROSS_COMPILE=x86_64-linux-gnu-"])
        cc = [l for l in out.splitlines() if l.startswith("x86_64-linux-gnu-gcc ")]
        check(cc, "V=1 printed no x86_64-linux-gnu-gcc command")
        check(all(" -o %s/" % OUT in l for l in cc if " -c " in l),
              "a compile command writes outside %s" % OUT)
        check(not re.search(r"^  CC ", out, re.MULTILINE), "V=1 still printed short lines")
        image_ok(SRCTREE / OUT / "mhv")
        for d in DOMAINS:
            check((SRCTREE / OUT / "tools" / d).is_file(), "no %s/tools/%s" % (OUT, d))
        check((SRCTREE / OUT / ".config").is_file(), "no %s/.config" % OUT)
        check(code(SRCTREE / OUT / "mhv", tmp) == code(BUILD / "mhv", tmp),
              "%s/mhv and build/mhv differ in their code" % OUT)
    finally:
        shutil.rmtree(SRCTREE / OUT, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)


main(test)
