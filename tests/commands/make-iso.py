#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""`make iso`: build/mhv.iso is a hybrid BIOS+UEFI GRUB ISO (El Torito
images for both, an MBR for a USB stick) holding build/mhv and its domains
byte for byte, with a grub.cfg that loads them as docs/booting.md says and
shows GRUB on the serial port and the screen.  `make iso CMDLINE=...`
puts the command line on the multiboot2 line, and that ISO boots, under
SeaBIOS and under OVMF (mhv-run --boot-image), to the hypervisor's
self-test and power-off."""

import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cmdtest import BUILD, check, main, run, shared_tree  # noqa: E402

ISO = BUILD / "mhv.iso"


def extract(iso, path, dest):
    run(["xorriso", "-osirrox", "on", "-indev", iso, "-extract", path, dest])
    return Path(dest)


def boot(extra, loader, what):
    """Boot build/mhv.iso as it is; the self-test's lines and status 0."""
    _, out = run(["tools/mhv-run", "--boot-image", ISO, "--timeout", "600"] + extra)
    check(re.search(r"^\(MHV\) Boot loader: " + loader, out, re.MULTILINE),
          "%s: mhv did not say %s loaded it" % (what, loader))
    check(re.search(r"^\(MHV\) selftests: [1-9]\d* passed, 0 failed", out, re.MULTILINE),
          "%s: no passing self-test line" % what)


def test():
    with shared_tree():
        run(["make", "iso", "CMDLINE=selftest=boot"])
        boot([], r"GRUB [^ ]+, ", "the ISO under SeaBIOS")
        boot(["--uefi"], r"GRUB [^ ]+ \(EFI\), ", "the ISO under OVMF")
        run(["make", "iso"])
        check(ISO.is_file(), "make iso wrote no %s" % ISO)
        _, eltorito = run(["xorriso", "-indev", ISO, "-report_el_torito", "plain",
                           "-report_system_area", "plain"])
        check(re.search(r"^El Torito boot img : +1 +BIOS +y ", eltorito, re.MULTILINE),
              "no bootable BIOS El Torito image")
        check(re.search(r"^El Torito boot img : +\d +UEFI +y ", eltorito, re.MULTILINE),
              "no bootable UEFI El Torito image")
        check(re.search(r"^Boot record +: El Torito , MBR ", eltorito, re.MULTILINE),
              "no MBR: the ISO would not boot from a USB stick")
        tmp = Path(tempfile.mkdtemp(prefix="cmdtest-iso."))
        try:
            for name, built in (("mhv", BUILD / "mhv"),
                                ("dom0.elf", BUILD / "tools" / "dom0.elf"),
                                ("domu.elf", BUILD / "tools" / "domu.elf")):
                got = extract(ISO, "/boot/" + name, tmp / name)
                check(got.read_bytes() == built.read_bytes(),
                      "/boot/%s on the ISO is not %s" % (name, built))
            cfg = extract(ISO, "/boot/grub/grub.cfg", tmp / "grub.cfg").read_text()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        print(cfg)
        entry = [l.strip() for l in cfg.splitlines() if l.startswith("    ")]
        check(entry == ["multiboot2 /boot/mhv", "module2 /boot/dom0.elf dom0",
                        "module2 /boot/domu.elf domu"],
              "grub.cfg's menu entry is not the one docs/booting.md shows: %r" % entry)
        check("terminal_output serial console" in cfg,
              "grub.cfg does not put GRUB on the serial port and the screen")


main(test)
