#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""mkseeds.py: write the hand-made seed inputs of the host fuzzers.

    tests/fuzz/mkseeds.py [CORPUS_DIR]      (default tests/fuzz/corpus)

Each seed is a well-formed (or deliberately broken) input in the format the
target's header comment describes, named seed-<what>.  Inputs that crashed a
fuzzer are kept next to them as crash-<what> (added by hand, never
regenerated).  Re-running this script rewrites the seed-* files only.
"""
import struct
import sys
from pathlib import Path

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "corpus"


def put(target, name, data):
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    (d / ("seed-" + name)).write_bytes(bytes(data))


# ------------------------------------------------------------------ PCI

class Cfg:
    """A 4 KiB config space and its write mask (0xff: writable)."""

    def __init__(self, vendor, device, cls, hdr=0, rev=1):
        self.b = bytearray(4096)
        self.m = bytearray(b"\xff" * 4096)
        self.w16(0, vendor)
        self.w16(2, device)
        self.w32(8, (cls << 8) | rev)
        self.b[0x0e] = hdr
        self.ro(0, 0x10)
        self.ro(0x10, 0x18)                 # BARs: unimplemented until bar()
        self.ro(0x30, 4)
        self.ro(0x38, 4)

    def w8(self, o, v):
        self.b[o] = v & 0xff

    def w16(self, o, v):
        self.b[o:o + 2] = struct.pack("<H", v & 0xffff)

    def w32(self, o, v):
        self.b[o:o + 4] = struct.pack("<I", v & 0xffffffff)

    def ro(self, o, n):
        self.m[o:o + n] = bytes(n)

    def mask32(self, o, v):
        self.m[o:o + 4] = struct.pack("<I", v & 0xffffffff)

    def bar(self, reg, size, flags, base=0):
        """Memory (flags bit 0 clear) or I/O BAR of @size at @reg."""
        lo = (base & 0xfffffff0) | flags
        self.w32(reg, lo)
        self.mask32(reg, ~(size - 1) & ~(0xf if not flags & 1 else 0x3))
        if flags & 4 and not flags & 1:     # 64-bit: the upper half
            self.w32(reg + 4, base >> 32)
            self.mask32(reg + 4, 0xffffffff if size < 1 << 32 else ~((size >> 32) - 1))

    def caps(self, entries):
        """Standard capabilities [(pos, id, body bytes)] chained in order."""
        self.w16(6, self.b[6] | 0x10)       # status: capability list
        self.b[0x34] = entries[0][0] if entries else 0
        for i, (pos, cid, body) in enumerate(entries):
            nxt = entries[i + 1][0] if i + 1 < len(entries) else 0
            self.b[pos] = cid
            self.b[pos + 1] = nxt
            self.b[pos + 2:pos + 2 + len(body)] = body
            self.ro(pos, 2)

    def ext_caps(self, entries):
        for i, (pos, cid, body) in enumerate(entries):
            nxt = entries[i + 1][0] if i + 1 < len(entries) else 0
            self.w32(pos, cid | (1 << 16) | (nxt << 20))
            self.b[pos + 4:pos + 4 + len(body)] = body
            self.ro(pos, 4)

    def blob(self, bus, devfn, trim=True):
        b, m = bytes(self.b), bytes(self.m)
        if trim:
            b = b.rstrip(b"\0")
            m = m.rstrip(b"\xff")
        return (struct.pack("<BBH", bus, devfn, len(b)) + b +
                struct.pack("<H", len(m)) + m)


def bridge(sec, sub, mem=(0xfe800000, 0xfe9fffff), pref=(0xfe000000, 0xfe1fffff)):
    br = Cfg(0x1b36, 0x000c, 0x060400, hdr=1)
    br.w16(4, 0x0007)
    br.w8(0x18, 0)
    br.w8(0x19, sec)
    br.w8(0x1a, sub)
    br.w16(0x20, (mem[0] >> 16) & 0xfff0)
    br.w16(0x22, (mem[1] >> 16) & 0xfff0)
    br.w16(0x24, ((pref[0] >> 16) & 0xfff0) | 1)
    br.w16(0x26, ((pref[1] >> 16) & 0xfff0) | 1)
    br.caps([(0x40, 0x10, bytes([0x42, 0x00]))])       # PCIe root port
    return br


def igb_pf(vfe=True, numvfs=4, vfbar=0xfe000000, offset=0x80, stride=2,
           total=8, msix_bir=3):
    pf = Cfg(0x8086, 0x10c9, 0x020000)
    pf.w16(4, 0x0007)
    pf.bar(0x10, 128 << 10, 0x0, 0xfe800000)
    pf.bar(0x14, 128 << 10, 0x0, 0xfe820000)
    pf.bar(0x18, 32, 0x1, 0xc000)
    pf.bar(0x1c, 16 << 10, 0x4, 0xfe840000)
    pf.w32(0x30, 0)
    pf.mask32(0x30, 0xfffc0001)            # 256K ROM
    msi = struct.pack("<HIIHHII", 0x0180, 0, 0, 0, 0, 0, 0)
    msix = struct.pack("<HII", 9, msix_bir, msix_bir | 0x2000)
    pf.caps([(0x40, 0x01, bytes(6)), (0x50, 0x05, msi), (0x70, 0x11, msix),
             (0xa0, 0x10, bytes([0x02, 0x00]))])
    sr = bytearray(0x40)
    struct.pack_into("<HHHHH", sr, 0x08, 0x9 if vfe else 0, 0, total, total, numvfs)
    struct.pack_into("<HHHH", sr, 0x14, offset, stride, 0, 0x10ca)
    struct.pack_into("<II", sr, 0x1c, 0x553, 1)
    struct.pack_into("<II", sr, 0x24, (vfbar & 0xfffffff0) | 0xc, vfbar >> 32)
    bar3 = vfbar + 0x20000 if vfbar else 0
    struct.pack_into("<II", sr, 0x30, (bar3 & 0xfffffff0) | 0xc, bar3 >> 32)
    pf.ext_caps([(0x100, 0x0001, bytes(0x40)), (0x150, 0x000e, bytes(4)),
                 (0x160, 0x0010, bytes(sr[4:]))])
    pf.ro(0x160 + 0x24, 0x18)                         # VF BARs
    pf.mask32(0x160 + 0x24, ~(16 << 10) + 1 & ~0xf)   # VF BAR0 16K
    pf.mask32(0x160 + 0x28, 0xffffffff)
    pf.mask32(0x160 + 0x34, 0xffffffff)
    pf.mask32(0x160 + 0x30, ~(16 << 10) + 1 & ~0xf)   # VF BAR3 16K
    return pf


def igb_vf():
    vf = Cfg(0xffff, 0xffff, 0x020000)
    vf.caps([(0x70, 0x11, struct.pack("<HII", 2, 3, 3 | 0x2000)),
             (0xa0, 0x10, bytes([0x00, 0x00]))])
    return vf


def pci_seeds():
    host = Cfg(0x8086, 0x29c0, 0x060000)
    rp = bridge(1, 1)
    put("pci", "igb-vfs", b"\x00" + host.blob(0, 0) + rp.blob(0, 0x20) +
        igb_pf().blob(1, 0) + igb_vf().blob(1, 0x80))
    put("pci", "igb-place", b"\x02" + host.blob(0, 0) + rp.blob(0, 0x20) +
        igb_pf(vfe=False, numvfs=0, vfbar=0).blob(1, 0))
    put("pci", "igb-place-full", b"\x02" + host.blob(0, 0) +
        bridge(1, 1, pref=(0xfff00000, 0xfff00000 - 1)).blob(0, 0x20) +
        igb_pf(vfe=False, numvfs=0, vfbar=0, total=64).blob(1, 0))
    put("pci", "root-pf", b"\x02" + igb_pf(vfe=False, numvfs=0, vfbar=0).blob(0, 8))
    put("pci", "stride0", b"\x00" + rp.blob(0, 0x20) +
        igb_pf(stride=0).blob(1, 0))
    put("pci", "offset0", b"\x00" + rp.blob(0, 0x20) +
        igb_pf(offset=0).blob(1, 0))
    put("pci", "numvfs-above-total", b"\x00" + rp.blob(0, 0x20) +
        igb_pf(numvfs=200, total=8, offset=0xff00, stride=0x101).blob(1, 0))
    loop = igb_pf()
    loop.b[0xa1] = 0x40                        # standard list loops
    loop.w32(0x160, loop.b[0x160] | 0x10 | (1 << 16) | (0x100 << 20))
    put("pci", "cap-loops", b"\x01" + loop.blob(0, 0))
    # MSI-X starting inside a 64-bit maskable MSI (refused: overlap).
    ov = igb_pf()
    ov.w16(0x52, 0x0180)                       # MSI 64-bit, maskable: 0x50-0x67
    ov.b[0x51] = 0x60
    ov.b[0x60:0x64] = bytes([0x11, 0x00, 0x02, 0x00])
    put("pci", "cap-overlap", b"\x00" + ov.blob(0, 0))
    # SR-IOV at 0xfe0: its registers would run past 4 KiB (refused: misfit).
    late = igb_pf()
    late.w32(0x150, 0x000e | (1 << 16) | (0xfe0 << 20))
    late.b[0xfe0:0x1000] = late.b[0x160:0x180]
    late.w32(0xfe0, 0x0010 | (1 << 16))
    put("pci", "sriov-past-4k", b"\x00" + late.blob(0, 0))
    bus_loop = bridge(0, 0)
    put("pci", "bridge-to-itself", b"\x00" + bus_loop.blob(0, 0x20) +
        bridge(0, 5).blob(0, 0x28))


# ------------------------------------------------------------------ Multiboot2

def mb2_tag(typ, body):
    t = struct.pack("<II", typ, 8 + len(body)) + body
    return t + bytes(-len(t) % 8)


def mb2_str(s):
    return s.encode() + b"\0"


def mb2(tags):
    body = b"".join(tags) + mb2_tag(0, b"")
    return struct.pack("<II", 8 + len(body), 0) + body


E820 = [(0, 0x9fc00, 1), (0x9fc00, 0x400, 2), (0xf0000, 0x10000, 2),
        (0x100000, 0x1fee0000, 1), (0x1ffe0000, 0x20000, 2),
        (0xb0000000, 0x10000000, 2), (0xfffc0000, 0x40000, 2)]


def mb2_mmap(entries, esz=24):
    body = struct.pack("<II", esz, 0)
    for a, l, t in entries:
        e = struct.pack("<QQII", a, l, t, 0)
        body += e + bytes(esz - len(e))
    return mb2_tag(6, body)


def rsdp_v2():
    # A DMAR like QEMU's, and one with two units, INCLUDE_PCI_ALL, an RMRR and
    # a two-hop path; bridge bytes at the end (00:04.0 -> bus 1 .. 1).
    br = bytearray([0xff] * 64)
    br[(0x20 * 2) % 64], br[(0x20 * 2 + 1) % 64] = 1, 1
    body = [madt(2), mcfg(), dmar()]
    addrs = [TABLE_PA(1 + i) for i in range(len(body))]
    put("acpi", "qemu-dmar", bytes([0x2, 0]) + chunks([root(False, addrs)] + body) + bytes(br))
    d2 = dmar(flags=3, drhds=((0, 0, 0xfed90000, ((1, 0, 0, ((4, 0), (0, 0))),)),
                              (1, 0, 0xfed91000, ((3, 2, 0xf0, ((0x1f, 0),)),))),
              rmrrs=((0, 0x7c000000, 0x7c0fffff, ((1, 0, 0, ((0x14, 0),)),)),))
    body = [madt(2), d2]
    addrs = [TABLE_PA(1 + i) for i in range(len(body))]
    put("acpi", "dmar-two-units", bytes([0x2, 0]) + chunks([root(False, addrs)] + body) + bytes(br))
    r = bytearray(b"RSD PTR " + bytes(28))
    r[9:15] = b"BOCHS "
    r[15] = 2
    struct.pack_into("<IIQ", r, 16, 0x1ffe1000, 36, 0x1ffe2000)
    r[8] = -sum(r[:20]) & 0xff
    r[32] = -sum(r) & 0xff
    return bytes(r)


def mb2_seeds():
    grub = [mb2_tag(1, mb2_str("console=com1 loglvl=debug")),
            mb2_tag(2, mb2_str("GRUB 2.06")),
            mb2_tag(3, struct.pack("<II", 0x1000000, 0x1040000) + mb2_str("dom0.elf script=1")),
            mb2_tag(3, struct.pack("<II", 0x1040000, 0x1041000) + mb2_str("seed.mhv")),
            mb2_tag(4, struct.pack("<II", 639, 523264)),
            mb2_mmap(E820),
            mb2_tag(14, rsdp_v2()[:20]),
            mb2_tag(15, rsdp_v2())]
    put("mb2", "grub-bios", mb2(grub))
    efi = bytearray()
    for t, phys, pages in [(7, 0, 0x9f), (3, 0x100000, 0x700), (9, 0x7fe000, 2),
                           (10, 0x7ff000, 1), (0, 0xb0000000, 0x10000),
                           (7, 0x800000, 0x1f800), (8, 0x20000000, 1)]:
        efi += struct.pack("<IIQQQQ", t, 0, phys, 0, pages, 0xf)
    put("mb2", "grub-efi", mb2([mb2_tag(1, mb2_str("")), mb2_tag(12, struct.pack("<Q", 0x7f000000)),
                                mb2_tag(18, b""), mb2_tag(17, struct.pack("<II", 48, 1) + bytes(efi)),
                                mb2_tag(15, rsdp_v2())]))
    put("mb2", "overlaps", mb2([mb2_mmap([(0x100000, 0x1000000, 1), (0x200000, 0x1000, 2),
                                          (0x0, 0x200000, 3), (0x1000, 0x10, 1),
                                          (0xfffffffffffff000, 0x2000, 1),
                                          (0x500000, 0, 1), (0x400000, 0x400000, 5)])]))
    put("mb2", "mmap-esz32", mb2([mb2_mmap(E820, esz=32)]))
    put("mb2", "no-mmap", mb2([mb2_tag(1, mb2_str("x")), mb2_tag(3, bytes(8))]))
    body = mb2_mmap(E820) + mb2_tag(1, b"abcdefgh")     # no NUL, no end tag
    put("mb2", "unterminated-cmdline", struct.pack("<II", 8 + len(body), 0) + body)


# ------------------------------------------------------------------ ACPI

def acpi_table(sig, body, rev=1):
    t = bytearray(sig.encode() + struct.pack("<IBB", 36 + len(body), rev, 0) +
                  b"BOCHS " + b"BXPC    " + struct.pack("<III", 1, 0x43505842, 1) + body)
    t[9] = -sum(t) & 0xff
    return bytes(t)


def TABLE_PA(i):
    return 0x07000000 + i * 0x10000


def madt(ncpu=2, x2=False):
    b = struct.pack("<II", 0xfee00000, 1)
    for i in range(ncpu):
        b += struct.pack("<BBBBI", 0, 8, i, i, 1)
    b += struct.pack("<BBBBII", 1, 12, 0, 0, 0xfec00000, 0)
    b += struct.pack("<BBBBIH", 2, 10, 0, 0, 2, 0)
    b += struct.pack("<BBBBIH", 2, 10, 0, 9, 9, 0xd)
    b += struct.pack("<BBHI", 3, 8, 0xd, 23)
    b += struct.pack("<BBBHB", 4, 6, 0xff, 0, 1)
    if x2:
        b += struct.pack("<BBHQ", 5, 12, 0, 0xfee00000)
        b += struct.pack("<BBHIII", 9, 16, 0, 0x100, 1, 7)
        b += struct.pack("<BBHIB3x", 0xa, 12, 5, 0xffffffff, 1)
    return acpi_table("APIC", b, rev=3)


def mcfg(entries=((0xb0000000, 0, 0, 0xff),)):
    b = bytes(8)
    for base, seg, sb, eb in entries:
        b += struct.pack("<QHBBI", base, seg, sb, eb, 0)
    return acpi_table("MCFG", b)


def fadt(dsdt, length=244):
    b = bytearray(length - 36)
    struct.pack_into("<I", b, 40 - 36, dsdt)
    struct.pack_into("<H", b, 46 - 36, 9)
    struct.pack_into("<I", b, 64 - 36, 0x604)
    struct.pack_into("<I", b, 76 - 36, 0x608)
    if length > 113:
        struct.pack_into("<H", b, 109 - 36, 0x3)
        struct.pack_into("<I", b, 112 - 36, 0x1a5)
    if length >= 244:
        struct.pack_into("<Q", b, 140 - 36, dsdt)
        struct.pack_into("<BBBBQ", b, 172 - 36, 1, 16, 0, 2, 0x604)
    return acpi_table("FACP", bytes(b), rev=3 if length >= 244 else 1)


def dsdt():
    aml = (b"\x10\x0a\x5c\x00" + b"\x5b\x80PMIO\x01\x0b\x00\x06\x0a\x40" +
           b"\x08_S5_\x12\x06\x04\x0a\x05\x0a\x05\x00\x00" +
           b"\x08_S4_\x12\x06\x04\x0a\x06\x0a\x06\x00\x00")
    return acpi_table("DSDT", aml)


def hpet():
    return acpi_table("HPET", struct.pack("<IBBBBQBHB", 0x8086a201, 0, 64, 0, 0,
                                          0xfed00000, 0, 0x80, 0))


def dmar(haw=48, flags=1, drhds=((0, 0, 0xfed90000, ((3, 0, 0xff, ((0, 0),)),
                                                        (1, 0, 0, ((0, 0),)),
                                                        (2, 0, 0, ((4, 0),)),
                                                        (1, 0, 0, ((0x1f, 0),)))),),
         rmrrs=()):
    # QEMU 10's q35 DMAR by default: one DRHD, IOAPIC, endpoint and bridge scopes.
    def scope(typ, enum, bus, path):
        return struct.pack("<BBHBB", typ, 6 + 2 * len(path), 0, enum, bus) + \
            b"".join(struct.pack("<BB", d, f) for d, f in path)
    b = struct.pack("<BB", haw - 1, flags) + bytes(10)
    for fl, seg, base, scopes in drhds:
        sc = b"".join(scope(*x) for x in scopes)
        b += struct.pack("<HHBBHQ", 0, 16 + len(sc), fl, 0, seg, base) + sc
    for seg, base, limit, scopes in rmrrs:
        sc = b"".join(scope(*x) for x in scopes)
        b += struct.pack("<HHHHQQ", 1, 24 + len(sc), 0, seg, base, limit) + sc
    return acpi_table("DMAR", b)


def root(xsdt, addrs):
    fmt = "<Q" if xsdt else "<I"
    return acpi_table("XSDT" if xsdt else "RSDT", b"".join(struct.pack(fmt, a) for a in addrs))


def chunks(tables):
    return b"".join(struct.pack("<H", len(t)) + t for t in tables)


def acpi_seeds():
    # XSDT mode: table 0 XSDT, 1 RSDT, 2.. the rest; DSDT last.
    body = [madt(4, x2=True), mcfg(), fadt(TABLE_PA(6)), hpet()]
    addrs = [TABLE_PA(2 + i) for i in range(len(body))]
    t = [root(True, addrs), root(False, addrs)] + body + [dsdt()]
    put("acpi", "qemu-xsdt-copy", bytes([0x4 | 0x2, 0]) + chunks(t))
    put("acpi", "qemu-xsdt-scan", bytes([0x4, 7]) + chunks(t))
    body = [fadt(TABLE_PA(2), length=116), dsdt(), madt(2), mcfg(((0xe0000000, 0, 0, 0x3f),
                                                                (0xe4000000, 1, 0, 0xff)))]
    addrs = [TABLE_PA(1), TABLE_PA(3), TABLE_PA(4)]
    put("acpi", "rsdt-acpi1", bytes([0x2, 0]) + chunks([root(False, addrs)] + body))
    put("acpi", "fix-checksums", bytes([0x1 | 0x4 | 0x2, 0]) + chunks(t))
    # A DMAR like QEMU's, and one with two units, INCLUDE_PCI_ALL, an RMRR and
    # a two-hop path; bridge bytes at the end (00:04.0 -> bus 1 .. 1).
    br = bytearray([0xff] * 64)
    br[(0x20 * 2) % 64], br[(0x20 * 2 + 1) % 64] = 1, 1
    body = [madt(2), mcfg(), dmar()]
    addrs = [TABLE_PA(1 + i) for i in range(len(body))]
    put("acpi", "qemu-dmar", bytes([0x2, 0]) + chunks([root(False, addrs)] + body) + bytes(br))
    d2 = dmar(flags=3, drhds=((0, 0, 0xfed90000, ((1, 0, 0, ((4, 0), (0, 0))),)),
                              (1, 0, 0xfed91000, ((3, 2, 0xf0, ((0x1f, 0),)),))),
              rmrrs=((0, 0x7c000000, 0x7c0fffff, ((1, 0, 0, ((0x14, 0),)),)),))
    body = [madt(2), d2]
    addrs = [TABLE_PA(1 + i) for i in range(len(body))]
    put("acpi", "dmar-two-units", bytes([0x2, 0]) + chunks([root(False, addrs)] + body) + bytes(br))
    r = bytearray(b"RSD PTR " + bytes(28))
    r[15] = 2
    struct.pack_into("<IIQ", r, 16, TABLE_PA(1), 36, TABLE_PA(2))
    r[8] = -sum(r[:20]) & 0xff
    r[32] = -sum(r) & 0xff
    put("acpi", "raw-rsdp", bytes([0x8 | 0x2, 0]) + chunks([bytes(r), root(False, [TABLE_PA(3)]),
                                                            root(True, [TABLE_PA(3)]), madt(1)]))


# ------------------------------------------------------------------ parse

def parse_seeds():
    lines = [(4, 0xff, "sriov 0000:01:00.0 4"), (3, 0xffff, "fire 01:10.0 0x2"),
             (8, 64, "assign 0:1:10.2 1 # comment"), (1, 0, "heap"),
             (16, 2**64 - 1, "18446744073709551615"), (16, 2**64 - 1, "0xFFFFFFFFFFFFFFFF0"),
             (2, 38, "ENOSYS"), (4, 0xffffffff, "\tpci-add  ffff:ff:1f.7\tvf-of 01:00.0\r\n"),
             (0, 0, "")]
    for i, (words, mx, text) in enumerate(lines):
        put("parse", "line%d" % i, struct.pack("<BQ", words, mx) + text.encode())


# ------------------------------------------------------------------ x86_decode

def x86_decode_seeds():
    # mode byte (0: 16-bit, 1: 32-bit, 2: 64-bit), then an instruction
    seeds = {
        "cpuid": (2, "0fa2"), "vmmcall": (2, "0f01d9"), "in-dx": (2, "66ed"),
        "rep-outsb": (2, "f36e"), "mov-load": (2, "8b07"),
        "mov-sib-disp32": (2, "448b8c9d78563412"), "mov-rip": (2, "8b0500100000"),
        "movabs": (2, "48a3000300eefe000000"), "mov-imm": (2, "48c74708ffffffff"),
        "movzx": (2, "0fb707"), "movslq": (2, "486317"), "mov16-bp": (0, "66894608"),
        "mov32-a16": (1, "678b00"), "truncated": (2, "8b84"), "lock": (2, "f08907"),
    }
    for name, (mode, hexs) in seeds.items():
        put("x86_decode", name, bytes([mode]) + bytes.fromhex(hexs))


# ------------------------------------------------------------------ linux_boot

def linux_boot_seeds():
    # A bzImage header as Debian's 6.1 kernel has it (Documentation/x86/
    # boot.rst offsets), with a small protected-mode part; then variants.
    def image(setup_sects=3, pm_len=2048, init_size=0x3f98000, version=0x020f,
              xload=0x7f, align=0x200000, jump=0x6a):
        img = bytearray((setup_sects + 1) * 512 + pm_len)
        img[0x1f1] = setup_sects
        struct.pack_into("<I", img, 0x1f4, pm_len // 16)
        struct.pack_into("<H", img, 0x1fe, 0xaa55)
        img[0x200], img[0x201] = 0xeb, jump
        img[0x202:0x206] = b"HdrS"
        struct.pack_into("<H", img, 0x206, version)
        img[0x211] = 0x81
        struct.pack_into("<I", img, 0x22c, 0x7fffffff)
        struct.pack_into("<I", img, 0x230, align)
        img[0x234] = 1
        struct.pack_into("<HI", img, 0x236, xload, 2047)
        struct.pack_into("<Q", img, 0x258, 0x1000000)
        struct.pack_into("<I", img, 0x260, init_size)
        return bytes(img)
    put("linux_boot", "debian-like", image())
    put("linux_boot", "small-init", image(init_size=0x10000))
    put("linux_boot", "huge-init", image(init_size=0xfffff000))
    put("linux_boot", "old-version", image(version=0x020b))
    put("linux_boot", "no-64", image(xload=0x2))
    put("linux_boot", "odd-align", image(align=0x300000))
    put("linux_boot", "long-header", image(jump=0x90))


# ------------------------------------------------------------------ main

def main():
    pci_seeds()
    mb2_seeds()
    acpi_seeds()
    parse_seeds()
    x86_decode_seeds()
    linux_boot_seeds()


if __name__ == "__main__":
    main()
