#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""`make efi efi-img`: build/mhv.efi is a PE32+ EFI application for x86-64;
build/mhv-efi.img is a FAT ESP holding, in EFI/BOOT/, that loader as
BOOTX64.EFI, build/mhv, its domains (byte for byte) and the mhv.cfg that
docs/booting.md describes (onerror=return, for a real machine).  The image
made with CMDLINE=... boots under OVMF (mhv-run --boot-image): mhv.efi
loads mhv, which runs its self-test and powers off."""

import re
import shutil
import struct
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cmdtest import BUILD, check, main, run, shared_tree  # noqa: E402

EFI = BUILD / "mhv.efi"
IMG = BUILD / "mhv-efi.img"


def pe_header(path):
    """(machine, optional header magic, subsystem) of a PE image."""
    data = path.read_bytes()
    check(data[:2] == b"MZ", "%s has no MZ header" % path)
    pe = struct.unpack_from("<I", data, 0x3c)[0]
    check(data[pe:pe + 4] == b"PE\0\0", "%s has no PE signature" % path)
    machine = struct.unpack_from("<H", data, pe + 4)[0]
    opt = pe + 24
    magic = struct.unpack_from("<H", data, opt)[0]
    subsystem = struct.unpack_from("<H", data, opt + 68)[0]
    return machine, magic, subsystem


def test():
    with shared_tree():
        run(["make", "efi", "efi-img", "CMDLINE=selftest=boot"])
        _, out = run(["tools/mhv-run", "--uefi", "--boot-image", IMG, "--timeout", "600"])
        check(re.search(r"^mhv\.efi [^ ]+ \([0-9a-f]+\): booting mhv without a boot loader",
                        out, re.MULTILINE), "the ESP did not start mhv.efi")
        check(re.search(r"^\(MHV\) Boot loader: mhv\.efi \(EFI\)", out, re.MULTILINE),
              "mhv did not say mhv.efi loaded it")
        check(re.search(r"^\(MHV\) selftests: [1-9]\d* passed, 0 failed", out, re.MULTILINE),
              "no passing self-test line")
        run(["make", "efi", "efi-img"])
    machine, magic, subsystem = pe_header(EFI)
    check((machine, magic, subsystem) == (0x8664, 0x20b, 10),
          "%s: machine %#x, magic %#x, subsystem %d; want an x86-64 PE32+ EFI "
          "application (0x8664, 0x20b, 10)" % (EFI, machine, magic, subsystem))
    _, listing = run(["mdir", "-b", "-i", IMG, "::/EFI/BOOT"])
    names = sorted(Path(l.strip()).name for l in listing.splitlines() if l.strip())
    check(names == sorted(["BOOTX64.EFI", "mhv.cfg", "mhv", "dom0.elf", "domu.elf"]),
          "EFI/BOOT/ holds %s" % names)
    tmp = Path(tempfile.mkdtemp(prefix="cmdtest-efi."))
    try:
        for name, built in (("BOOTX64.EFI", EFI), ("mhv", BUILD / "mhv"),
                            ("dom0.elf", BUILD / "tools" / "dom0.elf"),
                            ("domu.elf", BUILD / "tools" / "domu.elf")):
            run(["mcopy", "-n", "-i", IMG, "::/EFI/BOOT/" + name, tmp / name])
            check((tmp / name).read_bytes() == built.read_bytes(),
                  "EFI/BOOT/%s on the ESP is not %s" % (name, built))
        _, cfg = run(["mtype", "-i", IMG, "::/EFI/BOOT/mhv.cfg"])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lines = [l for l in cfg.splitlines() if l and not l.startswith("#")]
    check(lines == ["onerror=return", "hypervisor=mhv", "dom0=dom0.elf", "domain=domu.elf"],
          "mhv.cfg is not the one docs/booting.md describes: %r" % lines)


main(test)
