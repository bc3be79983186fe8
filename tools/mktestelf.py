#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""mktestelf: broken domain images for the domain builder's tests.

    tools/mktestelf.py KIND OUT

KIND:
  bigbss   one R+X segment at 0x400000 with 1 GiB of bss: more than a
           domain may take (refused before anything is allocated)
  overlap  a 64 MiB R+X segment, then an R+W one that shares its last page:
           found only after the first is loaded (the builder must free it)
Python 3 standard library only.
"""
import struct
import sys

BASE = 0x400000
PT_LOAD, PF_X, PF_W, PF_R = 1, 1, 2, 4
CODE = b"\xeb\xfe" + b"\x90" * 14         # jmp . (never run)


def elf(segments):
    """segments: [(vaddr, data, memsz, flags)] -> ELF64 executable bytes."""
    ehsize, phsize = 64, 56
    off = ehsize + phsize * len(segments)
    phdrs, blobs = b"", b""
    for vaddr, data, memsz, flags in segments:
        phdrs += struct.pack("<IIQQQQQQ", PT_LOAD, flags, off + len(blobs),
                             vaddr, vaddr, len(data), memsz, 0x1000)
        blobs += data
    ident = b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8)
    eh = ident + struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, BASE, ehsize, 0, 0,
                             ehsize, phsize, len(segments), 64, 0, 0)
    return eh + phdrs + blobs


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("bigbss", "overlap"):
        sys.exit(__doc__)
    if sys.argv[1] == "bigbss":
        img = elf([(BASE, CODE, (1 << 30) + 0x1000, PF_R | PF_X)])
    else:
        big = 64 << 20
        img = elf([(BASE, CODE, big, PF_R | PF_X),
                   (BASE + big - 0x1000, b"", 0x1000, PF_R | PF_W)])
    with open(sys.argv[2], "wb") as f:
        f.write(img)


if __name__ == "__main__":
    main()
