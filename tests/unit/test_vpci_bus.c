/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual PCI bus as a guest's PCI scan meets it: the type-1 ports,
 * the host bridge, empty slots, and a VF's config space as a table of
 * registers (identity, capability list, header, what reads 0).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <mhv/errno.h>
#include <mhv/pci/regs.h>
#include "harness.h"
#include "host_hw.h"
#include "test_vpci_fixture.h"

/* ------------------------------------------------------------ the ports */

/* Linux's conf1 detection: a dword 0x80000000 to 0xCF8 reads back; the
 * byte write to 0xCFB before it and byte/word accesses of 0xCF8-0xCFB are
 * not the latch (0xCF9 is a chipset's reset control: the platform's). */
static void test_conf1_detection(void **state)
{
    u32 v = 0x80000000u, r = 0;

    v = 0x01;
    assert_int_equal(vpci_ioport(VG, 0xcfb, 1, true, &v), -ENOENT);
    v = 0x80000000u;
    assert_int_equal(vpci_ioport(VG, 0xcf8, 4, true, &v), 0);
    assert_int_equal(vpci_ioport(VG, 0xcf8, 4, false, &r), 0);
    assert_int_equal(r, 0x80000000u);
    /* Bits 1:0 and 30:28 are not kept; AMD's extended register bits are. */
    v = 0xffffffffu;
    assert_int_equal(vpci_ioport(VG, 0xcf8, 4, true, &v), 0);
    assert_int_equal(vpci_ioport(VG, 0xcf8, 4, false, &r), 0);
    assert_int_equal(r, 0x8ffffffcu);
    for (unsigned int port = 0xcf8; port < 0xcfc; port++) {
        assert_int_equal(vpci_ioport(VG, port, 1, false, &r), -ENOENT);
        if (!(port & 1))
            assert_int_equal(vpci_ioport(VG, port, 2, false, &r), -ENOENT);
    }
    /* Ports around the window are not the bus's; nor is any port of a
     * domain without one. */
    /* The port-dispatch form: what is not the bus's is nobody's (the
     * dispatch then reads all-ones). */
    assert_int_equal(vpci_io_handler(VG, 0xcf9, 1, false, &r), -ENOENT);
    assert_int_equal(vpci_io_handler(VG, 0xcf8, 4, false, &r), 0);
    assert_int_equal(r, 0x8ffffffcu);
    assert_int_equal(vpci_ioport(VG, 0xcf7, 1, false, &r), -ENOENT);
    assert_int_equal(vpci_ioport(VG, 0xd00, 4, false, &r), -ENOENT);
    assert_int_equal(vpci_ioport(D2, 0xcf8, 4, false, &r), -ENOENT);
    assert_int_equal(vpci_ioport(D2, 0xcfc, 4, false, &r), -ENOENT);
}

/* The data window: every size at every byte, crossing the dword refused. */
static void test_data_window_sizes(void **state)
{
    unsigned int slot;
    u32 v;

    vg_igb_up(1);
    slot = vg_assign(0);
    /* Vendor/device dword of the VF, read as bytes, words and a dword. */
    assert_int_equal(vg_cfg_read(slot, 0, 4), 0x10ca8086);
    assert_int_equal(vg_cfg_read(slot, 0, 2), 0x8086);
    assert_int_equal(vg_cfg_read(slot, 2, 2), 0x10ca);
    assert_int_equal(vg_cfg_read(slot, 1, 1), 0x80);
    assert_int_equal(vg_cfg_read(slot, 3, 1), 0x10);
    /* Accesses that leave the dword: all-ones, counted, logged. */
    host_log_clear();
    for (unsigned int off = 1; off < 4; off++) {
        v = 0;
        assert_int_equal(vpci_ioport(VG, 0xcfc + off, 4, false, &v), 0);
        assert_int_equal(v, 0xffffffffu);
    }
    v = 0;
    assert_int_equal(vpci_ioport(VG, 0xcff, 2, false, &v), 0);
    assert_int_equal(v, 0xffff);
    v = 0x12345678;
    assert_int_equal(vpci_ioport(VG, 0xcfe, 4, true, &v), 0);
    assert_int_equal(vg_stats().cfg_bad, 5);
    assert_true(host_log_contains("beyond the configuration data window"));
    assert_int_equal(vg_cfg_read(slot, 0, 4), 0x10ca8086);
}

/* The latch's enable bit off, extended registers: no config cycle. */
static void test_no_config_cycle(void **state)
{
    unsigned int slot;
    u32 v;

    vg_igb_up(1);
    slot = vg_assign(0);
    v = (u32)slot << 11;                            /* enable bit clear */
    assert_int_equal(vpci_ioport(VG, 0xcf8, 4, true, &v), 0);
    assert_int_equal(vpci_ioport(VG, 0xcfc, 4, false, &v), 0);
    assert_int_equal(v, 0xffffffffu);
    assert_int_equal(vg_stats().cfg_bad, 0);        /* not an error */
    v = 0x80000000u | 1u << 24 | (u32)slot << 11;   /* register 0x100 */
    assert_int_equal(vpci_ioport(VG, 0xcf8, 4, true, &v), 0);
    assert_int_equal(vpci_ioport(VG, 0xcfc, 4, false, &v), 0);
    assert_int_equal(v, 0xffffffffu);
    v = 0;
    assert_int_equal(vpci_ioport(VG, 0xcfc, 4, true, &v), 0);
    assert_int_equal(vg_stats().cfg_bad, 2);
}

/* ------------------------------------------------------------ the bus */

/* 00:00.0 is an Intel host bridge, read-only; nothing else answers but
 * the assigned function at its slot. */
static void test_host_bridge_and_empty_slots(void **state)
{
    unsigned int slot;

    vg_igb_up(2);
    slot = vg_assign(1);
    assert_int_equal(slot, 1);
    assert_int_equal(vg_cfg_read(0, PCI_VENDOR_ID, 2), 0x8086);
    assert_int_equal(vg_cfg_read(0, PCI_CLASS_REVISION, 4) >> 8, 0x060000);
    assert_int_equal(vg_cfg_read(0, PCI_HEADER_TYPE, 1), 0);
    assert_int_equal(vg_cfg_read(0, PCI_BASE_ADDRESS_0, 4), 0);
    assert_int_equal(vg_cfg_read(0, PCI_CAPABILITY_LIST, 1), 0);
    vg_cfg_write(0, PCI_VENDOR_ID, 4, 0);
    vg_cfg_write(0, PCI_COMMAND, 2, 0xffff);
    assert_int_equal(vg_cfg_read(0, PCI_VENDOR_ID, 4), 0x0d578086);
    assert_int_equal(vg_cfg_read(0, PCI_COMMAND, 2), 0);

    /* Linux's scan of bus 0: every device and function. */
    for (unsigned int dev = 0; dev < 32; dev++)
        for (unsigned int fn = 0; fn < 8; fn++) {
            u32 id = vg_cfg_read_bdf(0, dev, fn, PCI_VENDOR_ID, 4);

            if (dev == 0 && fn == 0)
                assert_int_equal(id, 0x0d578086);
            else if (dev == slot && fn == 0)
                assert_int_equal(id, 0x10ca8086);
            else
                assert_int_equal(id, 0xffffffffu);
        }
    /* Other buses: nothing; writes there go nowhere. */
    for (unsigned int bus = 1; bus < 256; bus += 17)
        assert_int_equal(vg_cfg_read_bdf(bus, slot, 0, 0, 4), 0xffffffffu);
    /* A write to an empty slot is dropped (the VF is not affected). */
    vg_cfg_write(2, PCI_COMMAND, 2, PCI_COMMAND_MASTER);
    assert_int_equal(pci_conf_read16(IGB_VF(0), PCI_COMMAND) & PCI_COMMAND_MASTER, 0);
    assert_int_equal(pci_conf_read16(IGB_VF(1), PCI_COMMAND) & PCI_COMMAND_MASTER, 0);
    assert_int_equal(vg_stats().cfg_bad, 0);
}

/* ------------------------------------------------------------ a VF's registers */

/* Identity as the real function's: the VF's own ID registers read ffff. */
static void test_vf_identity(void **state)
{
    unsigned int slot;

    vg_igb_up(1);
    slot = vg_assign(0);
    assert_int_equal(pci_conf_read32(IGB_VF(0), PCI_VENDOR_ID), 0xffffffffu);
    assert_int_equal(vg_cfg_read(slot, PCI_VENDOR_ID, 2), 0x8086);
    assert_int_equal(vg_cfg_read(slot, PCI_DEVICE_ID, 2), 0x10ca);
    assert_int_equal(vg_cfg_read(slot, PCI_CLASS_REVISION, 4),
                     pci_conf_read32(IGB_PF, PCI_CLASS_REVISION));
    assert_int_equal(vg_cfg_read(slot, PCI_HEADER_TYPE, 1), 0);
    assert_int_equal(vg_cfg_read(slot, PCI_INTERRUPT_PIN, 1), 0);  /* no INTx */
    assert_int_equal(vg_cfg_read(slot, PCI_ROM_ADDRESS, 4), 0);    /* no ROM */
    /* The ROM probe Linux does reads 0 back: no ROM. */
    vg_cfg_write(slot, PCI_ROM_ADDRESS, 4, 0xfffff800);
    assert_int_equal(vg_cfg_read(slot, PCI_ROM_ADDRESS, 4), 0);
    /* The interrupt line is a scratch register. */
    vg_cfg_write(slot, PCI_INTERRUPT_LINE, 1, 11);
    assert_int_equal(vg_cfg_read(slot, PCI_INTERRUPT_LINE, 1), 11);
    assert_int_equal(vg_cfg_read(slot, PCI_INTERRUPT_PIN, 1), 0);
    /* Identity registers are read-only. */
    vg_cfg_write(slot, PCI_VENDOR_ID, 4, 0x12345678);
    vg_cfg_write(slot, PCI_CLASS_REVISION, 4, 0);
    assert_int_equal(vg_cfg_read(slot, PCI_VENDOR_ID, 4), 0x10ca8086);
    assert_int_equal(vg_cfg_read(slot, PCI_CLASS_REVISION, 4),
                     pci_conf_read32(IGB_PF, PCI_CLASS_REVISION));
    assert_int_equal(vg_stats().cfg_unknown, 0);
}

/* Walk the capability list as Linux does: PCI Express and MSI-X only, at
 * their real offsets, even when the function has more. */
static void test_capability_list_rebuilt(void **state)
{
    unsigned int slot, pos, seen[8], n = 0;
    struct pcim_dev *vf;

    vg_igb_up(1);
    /* Give the VF capabilities that must stay hidden. */
    vf = pcim_find(IGB_VF(0));
    assert_non_null(vf);
    pcim_add_cap_at(vf, 0x40, PCI_CAP_ID_PM, 8);
    pcim_add_cap_at(vf, 0x50, PCI_CAP_ID_MSI, 0x18);
    pcim_add_cap_at(vf, 0xe0, PCI_CAP_ID_VNDR, 0x10);
    slot = vg_assign(0);

    assert_true(vg_cfg_read(slot, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST);
    for (pos = vg_cfg_read(slot, PCI_CAPABILITY_LIST, 1); pos && n < 8;
         pos = vg_cfg_read(slot, pos + PCI_CAP_LIST_NEXT, 1))
        seen[n++] = pos;
    assert_int_equal(n, 2);
    assert_int_equal(seen[0], 0x70);
    assert_int_equal(vg_cfg_read(slot, 0x70, 1), PCI_CAP_ID_MSIX);
    assert_int_equal(seen[1], 0xa0);
    assert_int_equal(vg_cfg_read(slot, 0xa0, 1), PCI_CAP_ID_EXP);
    /* The hidden ones read 0, writes to them are dropped and counted. */
    for (unsigned int r = 0x40; r < 0x60; r += 4)
        assert_int_equal(vg_cfg_read(slot, r, 4), 0);
    assert_int_equal(vg_cfg_read(slot, 0xe0, 4), 0);
    host_log_clear();
    vg_cfg_write(slot, 0x50 + PCI_MSI_FLAGS, 2, PCI_MSI_FLAGS_ENABLE);
    assert_int_equal(pci_conf_read16(IGB_VF(0), 0x50 + PCI_MSI_FLAGS), 0);
    assert_true(host_log_contains("to a register it does not show"));
    assert_int_equal(vg_stats().cfg_unknown, 10);   /* 9 reads, 1 write */
}

/* PCI Express capability: the function's registers, read-only (Device
 * Control too, but for Initiate FLR). */
static void test_pcie_read_only(void **state)
{
    unsigned int slot;
    u32 before[0x3c / 4];

    vg_igb_up(1);
    slot = vg_assign(0);
    for (unsigned int i = 0; i < 0x3c / 4; i++)
        before[i] = pci_conf_read32(IGB_VF(0), 0xa0 + 4 * i);
    assert_int_equal(vg_cfg_read(slot, 0xa0 + PCI_EXP_DEVCAP, 4) & PCI_EXP_DEVCAP_FLR,
                     PCI_EXP_DEVCAP_FLR);
    for (unsigned int off = 2; off < 0x3c; off += 2) {
        vg_cfg_write(slot, 0xa0 + off, 2, off == PCI_EXP_DEVCTL ? 0x7fff : 0xffff);
        assert_int_equal(vg_cfg_read(slot, 0xa0 + off, 2),
                         (before[off / 4] >> (8 * (off & 2))) & 0xffff);
    }
    for (unsigned int i = 0; i < 0x3c / 4; i++)
        assert_int_equal(pci_conf_read32(IGB_VF(0), 0xa0 + 4 * i), before[i]);
    assert_int_equal(vg_stats().flrs, 0);
    assert_int_equal(vg_stats().cfg_unknown, 0);
}

/* The header's hardware registers: status W1C and cache line size go to
 * the function within the owner's allow list; BIST, CardBus CIS, 0x38 read 0. */
static void test_header_registers(void **state)
{
    unsigned int slot;
    struct pcim_dev *vf;

    vg_igb_up(1);
    slot = vg_assign(0);
    vf = pcim_find(IGB_VF(0));
    pcim_set_wmask(vf, PCI_CACHE_LINE_SIZE, 1, 0xff);
    vg_cfg_write(slot, PCI_CACHE_LINE_SIZE, 1, 0x10);
    assert_int_equal(pci_conf_read8(IGB_VF(0), PCI_CACHE_LINE_SIZE), 0x10);
    assert_int_equal(vg_cfg_read(slot, PCI_CACHE_LINE_SIZE, 1), 0x10);
    /* Status error bits are write-1-to-clear: a write passes on exactly
     * the bits the guest wrote as 1, never the others it read (the model
     * stores what it is given, so a merge would show). */
    pcim_poke16(vf, PCI_STATUS, 0xf908);
    pcim_set_wmask(vf, PCI_STATUS, 2, 0xffff);
    assert_int_equal(vg_cfg_read(slot, PCI_STATUS, 2) & 0xf900, 0xf900);
    assert_int_equal(vg_cfg_read(slot, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT, 0);
    vg_cfg_write(slot, PCI_STATUS + 1, 1, 0x01);
    assert_int_equal(pci_conf_read16(IGB_VF(0), PCI_STATUS), 0x0100);
    for (unsigned int r = PCI_BIST; r < PCI_BIST + 1; r++)
        assert_int_equal(vg_cfg_read(slot, r, 1), 0);
    assert_int_equal(vg_cfg_read(slot, PCI_CARDBUS_CIS, 4), 0);
    assert_int_equal(vg_cfg_read(slot, 0x38, 4), 0);
    assert_int_equal(vg_cfg_read(slot, 0x3e, 2), 0);
    assert_int_equal(vg_stats().cfg_unknown, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) VPCI_TEST(fn)
        T(test_conf1_detection),
        T(test_data_window_sizes),
        T(test_no_config_cycle),
        T(test_host_bridge_and_empty_slots),
        T(test_vf_identity),
        T(test_capability_list_rebuilt),
        T(test_pcie_read_only),
        T(test_header_registers),
#undef T
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
