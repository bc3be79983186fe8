/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A function's BARs and COMMAND on the virtual bus: sizing from the sizes
 * the registry recorded, guest placement, mappings while the guest decodes
 * memory (the MSI-X pages held back), the hypervisor's placement rules
 * against a guest putting a BAR over other things, and every config
 * register written with hostile values.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <mhv/errno.h>
#include <mhv/pci/regs.h>
#include <mhv/bootinfo.h>
#include <mhv/passthrough/assign.h>
#include "harness.h"
#include "host_hw.h"
#include "test_vpci_fixture.h"

#define VF0_BAR0    MSI_IGB_VF_BAR0
#define VF0_BAR3    MSI_IGB_VF_BAR3

/* Sizing answers as a 64-bit prefetchable 16 KiB BAR would, from the PF's
 * VF BAR sizes (the VF's own BAR registers read 0). */
static void test_bar_sizing(void **state)
{
    unsigned int slot;

    vg_igb_up(1);
    slot = vg_assign(0);
    assert_int_equal(pci_conf_read32(IGB_VF(0), PCI_BAR_REG(0)), 0);
    assert_int_equal(vg_cfg_read(slot, PCI_BAR_REG(0), 4), 0x0000000c);
    for (unsigned int bar = 0; bar < 6; bar++)
        vg_cfg_write(slot, PCI_BAR_REG(bar), 4, ~0u);
    assert_int_equal(vg_cfg_read(slot, PCI_BAR_REG(0), 4), 0xffffc00c);
    assert_int_equal(vg_cfg_read(slot, PCI_BAR_REG(1), 4), 0xffffffff);
    assert_int_equal(vg_cfg_read(slot, PCI_BAR_REG(2), 4), 0);     /* none */
    assert_int_equal(vg_cfg_read(slot, PCI_BAR_REG(3), 4), 0xffffc00c);
    assert_int_equal(vg_cfg_read(slot, PCI_BAR_REG(4), 4), 0xffffffff);
    assert_int_equal(vg_cfg_read(slot, PCI_BAR_REG(5), 4), 0);
    /* Decoding was off: nothing was mapped at the sizing address. */
    assert_int_equal(vg_nr_maps(), 0);
    /* Byte writes merge into the register. */
    vg_cfg_write(slot, PCI_BAR_REG(0), 4, 0);
    vg_cfg_write(slot, PCI_BAR_REG(0) + 3, 1, 0xc1);
    assert_int_equal(vg_cfg_read(slot, PCI_BAR_REG(0), 4), 0xc100000c);
    assert_int_equal(vg_stats().bar_refused, 0);
}

/* Mapped where the guest put them while it decodes memory, to the VF's
 * own BARs on the host, the table and PBA pages held back; unmapped when
 * decoding goes off. */
static void test_bars_follow_memory_decoding(void **state)
{
    unsigned int slot;
    u16 cmd;

    vg_igb_up(2);
    (void)vg_assign(0);
    slot = vg_assign(1);                            /* VF1: host + 16K */
    vg_place_bars(slot);
    assert_true(vg_maps(VG_BAR0(slot), VF0_BAR0 + IGB_VF_BAR_SIZE, IGB_VF_BAR_SIZE));
    assert_true(vg_maps(VG_BAR3(slot) + 0x1000, VF0_BAR3 + IGB_VF_BAR_SIZE + 0x1000, 0x1000));
    assert_true(vg_maps(VG_BAR3(slot) + 0x3000, VF0_BAR3 + IGB_VF_BAR_SIZE + 0x3000, 0x1000));
    assert_int_equal(vg_hpa_of(VG_TABLE(slot)), 0);
    assert_int_equal(vg_hpa_of(VG_PBA(slot)), 0);
    assert_int_equal(vg_nr_maps(), 3);
    vg_check_maps_confined(2);
    /* The function follows: memory decoding, bus mastering; never INTx. */
    cmd = pci_conf_read16(IGB_VF(1), PCI_COMMAND);
    assert_int_equal(cmd & (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER),
                     PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
    assert_true(cmd & PCI_COMMAND_INTX_DISABLE);
    assert_int_equal(vg_cfg_read(slot, PCI_COMMAND, 2),
                     PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);

    vg_cfg_write(slot, PCI_COMMAND, 2, PCI_COMMAND_MASTER);
    assert_int_equal(vg_nr_maps(), 0);
    assert_int_equal(pci_conf_read16(IGB_VF(1), PCI_COMMAND) & PCI_COMMAND_MEMORY, 0);
    /* The table is not reachable while the guest does not decode. */
    {
        u64 v = 0;

        assert_int_equal(vpci_mmio_access(VG, VG_TABLE(slot), 4, false, &v), -ENOENT);
    }
    vg_cfg_write(slot, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
    assert_int_equal(vg_nr_maps(), 3);
    assert_int_equal(pci_conf_read16(IGB_VF(1), PCI_COMMAND) & PCI_COMMAND_MASTER, 0);
}

/* A BAR moved while decoding: the old mapping goes, the new one comes. */
static void test_bar_moved_while_decoding(void **state)
{
    unsigned int slot;

    vg_igb_up(1);
    slot = vg_assign(0);
    vg_place_bars(slot);
    vg_cfg_write(slot, PCI_BAR_REG(0), 4, 0xd0000000);
    assert_int_equal(vg_hpa_of(VG_BAR0(slot)), 0);
    assert_true(vg_maps(0xd0000000, VF0_BAR0, IGB_VF_BAR_SIZE));
    /* The upper half too (a 64-bit placement above 4 GiB RAM). */
    vg_cfg_write(slot, PCI_BAR_REG(1), 4, 0x2);
    assert_true(vg_maps(0x2d0000000ULL, VF0_BAR0, IGB_VF_BAR_SIZE));
    assert_int_equal(vg_nr_maps(), 3);
    vg_check_maps_confined(1);
}

/* Placements the hypervisor refuses: counted, logged, not mapped; moving
 * the BAR somewhere allowed maps it. */
static void test_bar_placement_refused(void **state)
{
    static const struct { u64 gpa; const char *log; } bad[] = {
        { 0x00100000, "outside the host bridge's memory window" },    /* RAM */
        { 0x7fffc000, "outside the host bridge's memory window" },    /* just below */
        { 0x300000000ULL, "outside the host bridge's memory window" }, /* just above */
        { 0x100000000ULL, "the guest-physical map refuses it" }, /* RAM above 4G */
        { 0xfee00000, "the guest-physical map refuses it" },     /* MSI window */
        { 1ULL << 40, "outside the host bridge's memory window" }, /* beyond the guest */
        { 0xfffffffffffc000ULL, "beyond the physical address space" },
    };
    unsigned int s0, s1;

    vg_igb_up(2);
    s0 = vg_assign(0);
    s1 = vg_assign(1);
    vg_place_bars(s0);
    vg_place_bars(s1);
    assert_int_equal(vg_nr_maps(), 6);
    for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
        unsigned long refused = vg_stats().bar_refused;

        host_log_clear();
        vg_cfg_write(s1, PCI_BAR_REG(0), 4, (u32)bad[i].gpa);
        vg_cfg_write(s1, PCI_BAR_REG(1), 4, bad[i].gpa >> 32);
        assert_true(host_log_contains(bad[i].log));
        assert_true(vg_stats().bar_refused > refused);
        assert_int_equal(vg_nr_maps(), 5);
        vg_check_maps_confined(2);
    }
    /* Over another BAR of the guest (VF0's BAR3, then its own BAR3). */
    host_log_clear();
    vg_cfg_write(s1, PCI_BAR_REG(1), 4, 0);
    vg_cfg_write(s1, PCI_BAR_REG(0), 4, (u32)VG_BAR3(s0));
    assert_true(host_log_contains("over another BAR of the guest"));
    vg_cfg_write(s1, PCI_BAR_REG(0), 4, (u32)VG_BAR3(s1));
    assert_true(host_log_contains("over another BAR of the guest"));
    assert_int_equal(vg_hpa_of(VG_BAR3(s0)), 0);        /* still the table hole */
    assert_int_equal(vg_hpa_of(VG_BAR3(s0) + 0x1000), VF0_BAR3 + 0x1000);
    /* The window's last 16 KiB: mapped. */
    vg_cfg_write(s1, PCI_BAR_REG(1), 4, 0x2);
    vg_cfg_write(s1, PCI_BAR_REG(0), 4, 0xffffc000);
    assert_true(vg_maps(0x2ffffc000ULL, VF0_BAR0 + IGB_VF_BAR_SIZE, IGB_VF_BAR_SIZE));
    vg_cfg_write(s1, PCI_BAR_REG(1), 4, 0);
    /* Somewhere free again: mapped. */
    vg_cfg_write(s1, PCI_BAR_REG(0), 4, 0xe0000000);
    assert_true(vg_maps(0xe0000000, VF0_BAR0 + IGB_VF_BAR_SIZE, IGB_VF_BAR_SIZE));
    assert_int_equal(vg_nr_maps(), 6);
}

/* The host side: another function's BAR lies over the VF's (a lying device
 * or a careless control domain): the VF BAR is not mapped. */
static void test_bar_host_placement_refused(void **state)
{
    unsigned int slot;

    vg_igb_up(1);
    slot = vg_assign(0);
    /* The PF's BAR0 (128K) now decodes over VF0's BAR0. */
    pcim_poke32(pcim_find(IGB_PF), PCI_BAR_REG(0), (u32)VF0_BAR0);
    host_log_clear();
    vg_place_bars(slot);
    assert_true(host_log_contains("its host placement is refused"));
    assert_true(host_log_contains("overlaps BAR0 of 0000:01:00.0"));
    assert_int_equal(vg_hpa_of(VG_BAR0(slot)), 0);
    assert_int_equal(vg_stats().bar_refused, 1);
    assert_int_equal(vg_nr_maps(), 2);                  /* BAR3's pages */
    pcim_poke32(pcim_find(IGB_PF), PCI_BAR_REG(0), 0xfe800000);

    /* The firmware's map says RAM where the VF's BAR3 decodes (a lying
     * device or firmware): the hypervisor's memory is never mapped. */
    vg_cfg_write(slot, PCI_COMMAND, 2, 0);
    bootinfo.nr_mem = 1;
    bootinfo.mem[0] = (struct boot_mem_region){ .addr = VF0_BAR3, .len = 0x100000,
                                                .type = BOOT_MEM_RAM };
    host_log_clear();
    vg_cfg_write(slot, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
    assert_true(host_log_contains("overlaps RAM or a firmware range"));
    assert_true(vg_maps(VG_BAR0(slot), VF0_BAR0, IGB_VF_BAR_SIZE));
    assert_int_equal(vg_hpa_of(VG_BAR3(slot) + 0x1000), 0);
    assert_int_equal(vg_nr_maps(), 1);
    bootinfo.nr_mem = 0;
}

/* COMMAND: I/O decoding cannot be set (no I/O BAR is shown), INTx stays
 * disabled in the function, parity/SERR go through. */
static void test_command_bits(void **state)
{
    unsigned int slot;
    u16 cmd;

    vg_igb_up(1);
    slot = vg_assign(0);
    vg_cfg_write(slot, PCI_COMMAND, 2, 0xffff);
    cmd = vg_cfg_read(slot, PCI_COMMAND, 2);
    assert_int_equal(cmd & PCI_COMMAND_IO, 0);
    assert_true(cmd & PCI_COMMAND_MASTER);
    assert_true(cmd & PCI_COMMAND_INTX_DISABLE);
    assert_int_equal(cmd & ~(PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | PCI_COMMAND_INVALIDATE |
                             PCI_COMMAND_PARITY | PCI_COMMAND_SERR |
                             PCI_COMMAND_INTX_DISABLE), 0);
    vg_cfg_write(slot, PCI_COMMAND, 2, 0);
    cmd = pci_conf_read16(IGB_VF(0), PCI_COMMAND);
    assert_true(cmd & PCI_COMMAND_INTX_DISABLE);         /* whatever the guest says */
    assert_int_equal(cmd & (PCI_COMMAND_MASTER | PCI_COMMAND_IO), 0);
    /* Byte writes of COMMAND. */
    vg_cfg_write(slot, PCI_COMMAND, 1, PCI_COMMAND_MASTER);
    assert_int_equal(vg_cfg_read(slot, PCI_COMMAND, 2), PCI_COMMAND_MASTER);
    vg_cfg_write(slot, PCI_COMMAND + 1, 1, 0xff);
    assert_int_equal(vg_cfg_read(slot, PCI_COMMAND, 2),
                     PCI_COMMAND_MASTER | PCI_COMMAND_SERR | PCI_COMMAND_INTX_DISABLE);
}

/*
 * Every config register of the VF written with hostile values, at every
 * size and offset: the function keeps everything the guest may not change,
 * the PF is untouched, every mapping stays inside the VF's own BARs (never
 * its MSI-X pages, never the guest's RAM), nothing binds an interrupt.
 */
static void test_hostile_config_sweep(void **state)
{
    static const u32 values[] = { 0xffffffff, 0, 0xa5a5a5a5, 0x5a5a5a5a, 0x80000001 };
    u8 pf_before[PCI_CFG_SPACE_EXP_SIZE], vf_before[PCI_CFG_SPACE_SIZE];
    unsigned int slot;

    vg_igb_up(1);
    slot = vg_assign(0);
    for (unsigned int r = 0; r < PCI_CFG_SPACE_EXP_SIZE; r += 4)
        *(u32 *)&pf_before[r] = pci_conf_read32(IGB_PF, r);
    for (unsigned int r = 0; r < PCI_CFG_SPACE_SIZE; r += 4)
        *(u32 *)&vf_before[r] = pci_conf_read32(IGB_VF(0), r);

    for (unsigned int v = 0; v < ARRAY_SIZE(values); v++)
        for (unsigned int size = 1; size <= 4; size *= 2)
            for (unsigned int reg = 0; reg < PCI_CFG_SPACE_SIZE; reg += size) {
                vg_cfg_write(slot, reg, size, values[v]);
                (void)vg_cfg_read(slot, reg, size);
                vg_check_maps_confined(1);
            }

    for (unsigned int r = 0; r < PCI_CFG_SPACE_EXP_SIZE; r += 4)
        assert_int_equal(pci_conf_read32(IGB_PF, r), *(u32 *)&pf_before[r]);
    for (unsigned int r = 0; r < PCI_CFG_SPACE_SIZE; r++) {
        /* What the guest may change in the function: COMMAND (within the
         * rules), status (write-1-to-clear), and Device Control, which
         * the resets it asked for put back to 0. */
        if (r == PCI_COMMAND || r == PCI_COMMAND + 1 || r == PCI_STATUS ||
            r == PCI_STATUS + 1 || r == 0xa0 + PCI_EXP_DEVCTL ||
            r == 0xa0 + PCI_EXP_DEVCTL + 1)
            continue;
        /* MSI-X control is the hypervisor's (nothing bound: off). */
        assert_int_equal(pci_conf_read8(IGB_VF(0), r), vf_before[r]);
    }
    assert_int_equal(pci_conf_read16(IGB_VF(0), 0x70 + PCI_MSIX_FLAGS) &
                     PCI_MSIX_FLAGS_ENABLE, 0);
    assert_int_equal(vg_cfg_read(slot, PCI_VENDOR_ID, 4), 0x10ca8086);
    assert_int_equal(VG->nr_pirqs, 0);
    assert_true(vg_stats().cfg_unknown > 0);
    assert_true(vg_stats().flrs >= 1);      /* 0xffffffff at Device Control */
    assert_false(host_log_contains("Assertion"));
}

/*
 * A function that is not a VF: its BARs shown as the registry recorded
 * them when it was added, whatever its registers say now (they may be in
 * a reset); a bridge is not shown at all.
 */
static void test_plain_function_and_bridge(void **state)
{
    pci_sbdf_t plain = PCI_SBDF4(0, 0, 5, 0);
    struct pcim_dev *dev;
    unsigned int slot;

    vg_igb_up(0);
    dev = pcim_add_dev(plain, 0x8086, 0x1234, 0x020000);
    pcim_set_bar(dev, 0, 0x8000, PCIM_BAR_MEM64 | PCIM_BAR_PREFETCH, 0xfe900000);
    pcim_set_bar(dev, 2, 0x1000, PCIM_BAR_MEM32, 0xfe910000);
    pcim_set_bar(dev, 4, 0x20, PCIM_BAR_IO, 0xd000);
    assert_int_equal(reg_add_fn(plain), 0);
    assert_int_equal(assign_device(VG, plain), 0);
    pcim_poke32(dev, PCI_BAR_REG(0), 0xffffffff);           /* a lying register */
    slot = vpci_add_device(VG, plain);
    assert_int_equal(slot, 1);
    assert_int_equal(vg_cfg_read(slot, PCI_VENDOR_ID, 4), 0x12348086);
    for (unsigned int bar = 0; bar < 6; bar++)
        vg_cfg_write(slot, PCI_BAR_REG(bar), 4, ~0u);
    assert_int_equal(vg_cfg_read(slot, PCI_BAR_REG(0), 4), 0xffff800c);
    assert_int_equal(vg_cfg_read(slot, PCI_BAR_REG(1), 4), 0xffffffff);
    assert_int_equal(vg_cfg_read(slot, PCI_BAR_REG(2), 4), 0xfffff000);
    assert_int_equal(vg_cfg_read(slot, PCI_BAR_REG(4), 4), 0);   /* I/O: not shown */
    assert_int_equal(vg_cfg_read(slot, PCI_CAPABILITY_LIST, 1), 0);
    assert_int_equal(vg_cfg_read(slot, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST, 0);
    pcim_poke32(dev, PCI_BAR_REG(0), 0xfe90000c);
    /* Placed and decoding: mapped to its own host BARs. */
    vg_cfg_write(slot, PCI_BAR_REG(0), 4, 0xc0000000);
    vg_cfg_write(slot, PCI_BAR_REG(1), 4, 0);
    vg_cfg_write(slot, PCI_BAR_REG(2), 4, 0xc0010000);
    vg_cfg_write(slot, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
    assert_true(vg_maps(0xc0000000, 0xfe900000, 0x8000));
    assert_true(vg_maps(0xc0010000, 0xfe910000, 0x1000));
    assert_int_equal(deassign_device(plain), 0);
    assert_int_equal(vg_nr_maps(), 0);

    /* The root port: a bridge is no function the bus shows. */
    assert_int_equal(reg_add_fn(msi_igb.rp_sbdf), 0);
    assert_int_equal(assign_device(VG, msi_igb.rp_sbdf), 0);
    host_log_clear();
    assert_int_equal(vpci_add_device(VG, msi_igb.rp_sbdf), -EINVAL);
    assert_true(host_log_contains("not a type 0 function"));
    assert_int_equal(deassign_device(msi_igb.rp_sbdf), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) VPCI_TEST(fn)
        T(test_bar_sizing),
        T(test_bars_follow_memory_decoding),
        T(test_bar_moved_while_decoding),
        T(test_bar_placement_refused),
        T(test_bar_host_placement_refused),
        T(test_command_bits),
        T(test_hostile_config_sweep),
        T(test_plain_function_and_bridge),
#undef T
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
