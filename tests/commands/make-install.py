#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""`make install` onto a machine that boots with GRUB, as README.md says,
without root, mounts or loop devices:

 1. `make install DESTDIR=D PREFIX=/usr` into a tree that already holds
    what a Debian machine has (its GRUB scripts and settings, a kernel):
    exactly the documented files appear, the images byte for byte;
 2. /etc/default/mhv edited as a person would (hypervisor options, the
    seed scenario as the control domain's script);
 3. the disk: a FAT ESP made with mtools holding D/boot; GRUB's scripts of
    D/etc/grub.d run as grub-mkconfig runs them (its environment, the ESP
    image as the boot device) into a grub.cfg whose mhv entry has the
    documented Multiboot2 lines; GRUB's standalone EFI image with that
    grub.cfg as the ESP's EFI/BOOT/BOOTX64.EFI;
 4. the disk boots under OVMF (mhv-run --boot-image, on a pseudo-terminal):
    GRUB loads mhv with the options, the control domain runs the seed
    scenario and shows its prompt; `exit` at the prompt ends with status 0;
 5. `make uninstall`: the tree is as before, but for the edited settings,
    which are kept; installed and uninstalled untouched, nothing is left.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cmdtest import (BUILD, SRCTREE, Session, check, clean_env, log, main,  # noqa: E402
                     run, shared_tree)

GRUB_LIB = Path("/usr/share/grub/grub-mkconfig_lib")
# What a Debian machine's /etc/default/grub says for a serial console.
GRUB_SETTINGS = """\
GRUB_DEFAULT=@ENTRY@
GRUB_TIMEOUT=0
GRUB_DISTRIBUTOR=Debian
GRUB_TERMINAL=serial
GRUB_SERIAL_COMMAND="serial --unit=0 --speed=115200"
"""


def version():
    m = re.search(r"^VERSION := (\S+)$", (SRCTREE / "Makefile").read_text(), re.MULTILINE)
    check(m, "no VERSION in the Makefile")
    return m.group(1)


def tree(root):
    """{relative path: bytes} of every file under @root."""
    return {str(p.relative_to(root)): p.read_bytes()
            for p in sorted(Path(root).rglob("*")) if p.is_file()}


def machine(root):
    """A machine's tree before mhv: GRUB's own script and settings, a kernel."""
    (root / "etc" / "grub.d").mkdir(parents=True)
    (root / "etc" / "default").mkdir(parents=True)
    (root / "boot").mkdir()
    shutil.copy2("/etc/grub.d/00_header", root / "etc" / "grub.d" / "00_header")
    (root / "boot" / "vmlinuz-6.1.0-test-amd64").write_bytes(b"not a kernel\n")


def install(dest):
    before = tree(dest)
    with shared_tree():
        run(["make", "install", "DESTDIR=%s" % dest, "PREFIX=/usr"])
    after = tree(dest)
    check(all(after.get(k) == v for k, v in before.items()),
          "make install changed files that were there before")
    return sorted(set(after) - set(before)), after


def mkconfig(dest, esp):
    """Run D/etc/grub.d/* as grub-mkconfig does, the ESP as the boot device."""
    uuid = subprocess.run(["grub-probe", "--device", str(esp), "--target=fs_uuid"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                          check=True).stdout.strip()
    log("grub-probe: the ESP's file system UUID is %s" % uuid)
    env = clean_env(pkgdatadir=str(GRUB_LIB.parent), MHV_SYSROOT=str(dest),
                    GRUB_DEVICE=str(esp), GRUB_DEVICE_UUID=uuid, GRUB_DEVICE_BOOT=str(esp),
                    GRUB_DEVICE_BOOT_UUID=uuid, GRUB_FS="fat", LANG="C")
    # grub-mkconfig's environment: /etc/default/grub's settings, exported.
    settings = subprocess.run(
        ["sh", "-c", "set -a; . \"$1\"; env", "sh", dest / "etc" / "default" / "grub"],
        env=env, stdout=subprocess.PIPE, check=True, text=True).stdout
    for line in settings.splitlines():
        k, _, v = line.partition("=")
        if k.startswith("GRUB_"):
            env[k] = v
    env["GRUB_TERMINAL_INPUT"] = env["GRUB_TERMINAL_OUTPUT"] = env["GRUB_TERMINAL"]
    out = ["# made by tests/commands/make-install.py as grub-mkconfig would\n"]
    for script in sorted((dest / "etc" / "grub.d").iterdir()):
        if not os.access(script, os.X_OK):
            continue
        r = subprocess.run([str(script)], env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        log("%s: status %d, stderr: %s" % (script.name, r.returncode, r.stderr.strip()))
        check(r.returncode == 0, "%s failed: %s" % (script.name, r.stderr.strip()))
        out.append("### BEGIN %s ###\n%s### END %s ###\n" % (script.name, r.stdout, script.name))
    return "".join(out), uuid


def mtools(*argv):
    run(list(argv))


def test():
    ver = version()
    name = "mhv-" + ver
    check((BUILD / "mhv.efi").is_file(), "build/mhv.efi is not built (make images-all)")
    work = Path(tempfile.mkdtemp(prefix="cmdtest-install.", dir=BUILD))
    try:
        dest = work / "root"
        machine(dest)
        (dest / "etc" / "default" / "grub").write_text(
            GRUB_SETTINGS.replace("@ENTRY@", name))
        pristine = tree(dest)

        # 1. the files
        new, files = install(dest)
        want = sorted(["boot/%s/%s" % (name, f) for f in
                       ("mhv", "mhv.efi", "dom0.elf", "domu.elf", "demo.mhv")] +
                      ["etc/grub.d/20_mhv", "etc/default/mhv", "usr/share/doc/mhv/README.md"] +
                      ["usr/share/doc/mhv/docs/" + p.name
                       for p in sorted((SRCTREE / "docs").glob("*.md"))])
        check(new == want, "make install wrote %s; documented: %s" % (new, want))
        for inst, built in (("mhv", BUILD / "mhv"), ("mhv.efi", BUILD / "mhv.efi"),
                            ("dom0.elf", BUILD / "tools" / "dom0.elf"),
                            ("domu.elf", BUILD / "tools" / "domu.elf")):
            check(files["boot/%s/%s" % (name, inst)] == built.read_bytes(),
                  "/boot/%s/%s is not %s" % (name, inst, built))
        check(os.access(dest / "etc" / "grub.d" / "20_mhv", os.X_OK),
              "/etc/grub.d/20_mhv is not executable")
        check(b"@BOOTDIR@" not in files["etc/grub.d/20_mhv"], "20_mhv has a placeholder left")

        # 2. the settings, as a person edits them; the seed scenario's script
        seed = [l for l in (SRCTREE / "tests" / "qemu" / "seed.mhv").read_text().splitlines()
                if not l.startswith("exit")]
        (dest / "boot" / "seed.mhv").write_text("\n".join(seed) + "\n")
        settings = dest / "etc" / "default" / "mhv"
        text = settings.read_text()
        for key, value in (("MHV_OPTIONS", "loglvl=info noreboot"),
                           ("MHV_SCRIPT", "/boot/seed.mhv")):
            text, n = re.subn(r'^%s=""$' % key, '%s="%s"' % (key, value), text, flags=re.M)
            check(n == 1, "/etc/default/mhv has no %s=\"\" line" % key)
        settings.write_text(text)

        # 3. the disk: an ESP holding /boot, GRUB's standalone image, grub.cfg
        esp = work / "disk.img"
        size = sum(len(v) for k, v in tree(dest).items() if k.startswith("boot/"))
        mib = (size >> 20) + 48
        with open(esp, "wb") as f:
            f.truncate(mib << 20)
        mtools("mformat", "-i", esp, "-v", "MHVBOOT", "-h", "64", "-s", "32",
               "-t", str(mib), "::")
        mtools("mcopy", "-s", "-i", esp, dest / "boot", "::/")
        cfg, uuid = mkconfig(dest, esp)
        print(cfg)
        entry = re.search(r"^menuentry 'mhv %s' --class mhv \$menuentry_id_option '%s' \{\n"
                          r"(.*?)^\}$" % (re.escape(ver), re.escape(name)),
                          cfg, re.MULTILINE | re.DOTALL)
        check(entry, "grub.cfg has no menu entry for mhv %s" % ver)
        lines = [l.split(None, 1) for l in entry.group(1).strip().splitlines()]
        want = [["insmod", "fat"], ["search", "--no-floppy --fs-uuid --set=root %s" % uuid],
                ["insmod", "multiboot2"], ["echo", "'Loading mhv %s ...'" % ver],
                ["multiboot2", "/boot/%s/mhv loglvl=info noreboot" % name],
                ["echo", "'Loading its domains ...'"],
                ["module2", "/boot/%s/dom0.elf dom0 script=1" % name],
                ["module2", "/boot/seed.mhv script"],
                ["module2", "/boot/%s/domu.elf domu" % name]]
        check(lines == want, "the menu entry is\n%s\nnot the documented\n%s" % (lines, want))
        check(re.search(r"^\s*set default=\"%s\"$" % re.escape(name), cfg, re.MULTILINE),
              "GRUB_DEFAULT=%s did not reach grub.cfg" % name)
        (work / "grub.cfg").write_text(cfg)
        run(["grub-mkstandalone", "-O", "x86_64-efi", "-o", work / "BOOTX64.EFI",
             "boot/grub/grub.cfg=%s" % (work / "grub.cfg")])
        mtools("mmd", "-i", esp, "::/EFI", "::/EFI/BOOT")
        mtools("mcopy", "-i", esp, work / "BOOTX64.EFI", "::/EFI/BOOT/BOOTX64.EFI")

        # 4. boot it
        with Session(["tools/mhv-run", "--uefi", "--boot-image", esp]) as s:
            s.expect(r"^\(MHV\) Command line: loglvl=info noreboot$",
                     "mhv with the options of /etc/default/mhv")
            s.expect(r"^\(MHV\) Boot loader: GRUB .*\(EFI\), .* 3 modules$",
                     "GRUB under UEFI with the three modules")
            s.expect(r"^\(MHV\) d1: ordinary domain 'domu' ", "the ordinary domain")
            s.expect(r"^mhvctl: control domain d0, ", "the control domain")
            s.expect(r"^mhvctl> sriov 0000:01:00\.0 4$", "the seed scenario's sriov")
            s.expect(r"^\(MHV\) PCI add 0000:01:10\.6 VF of 0000:01:00\.0 -> d0$", "VF 3 added")
            s.expect(r"^mhvctl> msix 0000:01:10\.0 3$", "the seed scenario's msix")
            s.expect(r"^pirq 2 entry 2$", "VF 0's MSI-X entry 2 mapped")
            s.expect(r"^mhvctl> fire 0000:01:10\.0 0$", "the first fire")
            s.expect(r"^pirq 0 delivered to d0$", "entry 0 delivered")
            s.expect(r"^mhvctl> fire 0000:01:10\.0 2$", "the second fire")
            s.expect(r"^pirq 2 delivered to d0$", "entry 2 delivered")
            s.expect(r"^mhvctl> ", "the prompt after the script", consume=False)
            s.type("exit\r")
            status = s.wait()
            text = s.text()
        check(status == 0, "the installed mhv ended with %d after `exit`" % status)
        for bad in ("Assertion", "(MHV) ----[ mhv"):
            check(bad not in text, "the console shows %r" % bad)
        check(not re.search(r"^error E[A-Z]+ \(-\d+\)$", text, re.MULTILINE),
              "a command of the seed scenario failed")

        # 5. uninstall: the tree as before, the edited settings kept
        (dest / "boot" / "seed.mhv").unlink()
        with shared_tree():
            _, out = run(["make", "uninstall", "DESTDIR=%s" % dest, "PREFIX=/usr"])
        left = tree(dest)
        check("etc/default/mhv" in left and "changed since it was installed" in out,
              "make uninstall did not keep the edited /etc/default/mhv (or say so)")
        del left["etc/default/mhv"]
        check(left == pristine, "after make uninstall: %s left, %s missing" % (
            sorted(set(left) - set(pristine)), sorted(set(pristine) - set(left))))
        check(not (dest / "boot" / name).exists() and not (dest / "usr/share/doc/mhv").exists(),
              "make uninstall left its directories")

        # Installed and uninstalled untouched: nothing at all is left.
        dest2 = work / "root2"
        machine(dest2)
        pristine2 = tree(dest2)
        install(dest2)
        with shared_tree():
            run(["make", "uninstall", "DESTDIR=%s" % dest2, "PREFIX=/usr"])
        check(tree(dest2) == pristine2, "install then uninstall left %s" % sorted(
            set(tree(dest2)) - set(pristine2)))
    finally:
        shutil.rmtree(work, ignore_errors=True)


main(test)
