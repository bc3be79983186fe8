/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MSI-X on the virtual bus: the shadowed control word and table, bindings
 * made on the hypervisor's own path when the guest unmasks a valid
 * message, the real entry masked whenever the guest's is, the PBA read
 * from the device, and the messages a hostile guest may not have (low
 * vectors, NMI/SMI/INIT/ExtINT, destinations that are not its vCPUs, DMA
 * writes dressed as messages).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <mhv/errno.h>
#include <mhv/pci/regs.h>
#include <asm/irq.h>
#include "harness.h"
#include "host_hw.h"
#include "test_vpci_fixture.h"

#define MSIX_CTRL   (0x70 + PCI_MSIX_FLAGS)
#define ENTRY(s, e) (VG_TABLE(s) + (e) * PCI_MSIX_ENTRY_SIZE)

/* Is the VF's real entry @e able to send now (MSI-X on, function and
 * entry unmasked)? */
static bool real_live(unsigned int vf, unsigned int e)
{
    u16 ctrl = msix_ctrl_of(IGB_VF(vf));

    return (ctrl & PCI_MSIX_FLAGS_ENABLE) && !(ctrl & PCI_MSIX_FLAGS_MASKALL) &&
           !(msix_entry(IGB_VF_TABLE(vf), e).ctrl & PCI_MSIX_ENTRY_CTRL_MASKBIT);
}

/* The interrupt of the VF's entry @e arrives: returns the injections. */
static unsigned long fire(unsigned int vf, unsigned int e)
{
    int pirq = vg_pirq_of(IGB_VF(vf), e);
    unsigned long before = vg_injects;

    assert_true(pirq >= 0);
    fire_pirq(VG, pirq);
    return vg_injects - before;
}

/* ------------------------------------------------------------ the Linux path */

static void test_linux_sequence_binds(void **state)
{
    struct msix_entry_view ev;
    unsigned int slot;
    int pirq;

    vg_igb_up(1);
    slot = vg_assign(0);
    vg_place_bars(slot);
    vg_msix_up(slot, 0, 1, 0x41);

    pirq = vg_pirq_of(IGB_VF(0), 0);
    assert_true(pirq >= 0);
    assert_non_null(VG->pirqs[pirq]->deliver);
    /* The real entry: the hypervisor's message (its vector on its CPU),
     * unmasked; MSI-X on in the function. */
    ev = msix_entry(IGB_VF_TABLE(0), 0);
    assert_int_equal(ev.data, VG->pirqs[pirq]->vector);
    assert_int_equal(ev.addr_lo & 0xfff00000u, 0xfee00000u);
    assert_true(real_live(0, 0));
    assert_false(real_live(0, 1));
    /* The guest reads back its own message, not the real one. */
    assert_int_equal(vg_mmio_read(ENTRY(slot, 0) + PCI_MSIX_ENTRY_LOWER_ADDR, 4),
                     VG_MSG_ADDR(1));
    assert_int_equal(vg_mmio_read(ENTRY(slot, 0) + PCI_MSIX_ENTRY_DATA, 4), 0x41);
    assert_int_equal(vg_mmio_read(ENTRY(slot, 0), 8), VG_MSG_ADDR(1));
    assert_int_equal(vg_cfg_read(slot, MSIX_CTRL, 2),
                     PCI_MSIX_FLAGS_ENABLE | (IGB_VF_MSIX_ENTRIES - 1));
    /* Delivery: the guest's vector on the guest's vCPU. */
    assert_int_equal(fire(0, 0), 1);
    assert_int_equal(vg_last_vcpu, 1);
    assert_int_equal(vg_last_vector, 0x41);
    assert_int_equal(vg_stats().irqs, 1);
    assert_int_equal(msi_si[1].events, 0);      /* not a PV event */
    assert_int_equal(vg_stats().msix_refused, 0);
}

/* The real entry is masked whenever the guest's is (entry or function
 * mask); the binding stays, so the message waits in the PBA. */
static void test_masks_follow(void **state)
{
    unsigned int slot;
    int pirq;

    vg_igb_up(1);
    slot = vg_assign(0);
    vg_place_bars(slot);
    vg_msix_up(slot, 2, 0, 0x60);
    pirq = vg_pirq_of(IGB_VF(0), 2);
    assert_true(real_live(0, 2));

    vg_mmio_write(ENTRY(slot, 2) + PCI_MSIX_ENTRY_VECTOR_CTRL, 4, 1);
    assert_false(real_live(0, 2));
    assert_int_equal(vg_pirq_of(IGB_VF(0), 2), pirq);
    assert_int_equal(vg_mmio_read(ENTRY(slot, 2) + PCI_MSIX_ENTRY_VECTOR_CTRL, 4), 1);
    vg_mmio_write(ENTRY(slot, 2) + PCI_MSIX_ENTRY_VECTOR_CTRL, 4, 0);
    assert_true(real_live(0, 2));

    vg_cfg_write(slot, MSIX_CTRL, 2, PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    assert_false(real_live(0, 2));
    assert_int_equal(vg_pirq_of(IGB_VF(0), 2), pirq);
    vg_cfg_write(slot, MSIX_CTRL, 2, PCI_MSIX_FLAGS_ENABLE);
    assert_true(real_live(0, 2));
    /* Only the mask bit of Vector Control is kept. */
    vg_mmio_write(ENTRY(slot, 2) + PCI_MSIX_ENTRY_VECTOR_CTRL, 4, 0xfffffffe);
    assert_int_equal(vg_mmio_read(ENTRY(slot, 2) + PCI_MSIX_ENTRY_VECTOR_CTRL, 4), 0);
    assert_true(real_live(0, 2));
}

/* MSI-X off in the guest: every binding goes, and its vectors. */
static void test_disable_unbinds(void **state)
{
    unsigned long free_before;
    unsigned int slot;

    vg_igb_up(1);
    slot = vg_assign(0);
    vg_place_bars(slot);
    free_before = free_vectors_all();
    for (unsigned int e = 0; e < IGB_VF_MSIX_ENTRIES; e++)
        vg_msix_up(slot, e, e % VG_NR_VCPUS, 0x50 + e);
    assert_int_equal(VG->nr_pirqs, 3);
    assert_int_equal(free_vectors_all(), free_before - 3);
    vg_cfg_write(slot, MSIX_CTRL, 2, 0);
    assert_int_equal(VG->nr_pirqs, 0);
    assert_int_equal(free_vectors_all(), free_before);
    assert_int_equal(msix_ctrl_of(IGB_VF(0)) & PCI_MSIX_FLAGS_ENABLE, 0);
    /* The shadow keeps what the guest wrote. */
    assert_int_equal(vg_mmio_read(ENTRY(slot, 1) + PCI_MSIX_ENTRY_DATA, 4), 0x51);
}

/* A new message takes effect at the unmask after it (Linux masks around
 * its writes), or at once if the guest rewrites a live entry. */
static void test_message_change(void **state)
{
    unsigned int slot;

    vg_igb_up(1);
    slot = vg_assign(0);
    vg_place_bars(slot);
    vg_msix_up(slot, 0, 0, 0x41);
    vg_entry_write(slot, 0, VG_MSG_ADDR(1), 0, 0x42, 1);       /* masked */
    assert_false(real_live(0, 0));
    vg_mmio_write(ENTRY(slot, 0) + PCI_MSIX_ENTRY_VECTOR_CTRL, 4, 0);
    assert_int_equal(fire(0, 0), 1);
    assert_int_equal(vg_last_vcpu, 1);
    assert_int_equal(vg_last_vector, 0x42);
    /* Rewritten while live: the binding follows at once. */
    vg_mmio_write(ENTRY(slot, 0) + PCI_MSIX_ENTRY_DATA, 4, 0x43);
    assert_true(real_live(0, 0));
    assert_int_equal(fire(0, 0), 1);
    assert_int_equal(vg_last_vector, 0x43);
    /* An 8-byte write of data + control (unmask) works as two dwords. */
    vg_mmio_write(ENTRY(slot, 1) + PCI_MSIX_ENTRY_LOWER_ADDR, 8, VG_MSG_ADDR(0));
    vg_mmio_write(ENTRY(slot, 1) + PCI_MSIX_ENTRY_DATA, 8, 0x44);
    assert_true(real_live(0, 1));
    assert_int_equal(fire(0, 1), 1);
    assert_int_equal(vg_last_vector, 0x44);
}

/* ------------------------------------------------------------ hostile messages */

struct bad_msg {
    u32 addr_lo, addr_hi, data;
    const char *why;
};

static void test_refused_messages(void **state)
{
    static struct bad_msg bad[64];
    unsigned int n = 0, slot;

    for (unsigned int v = 0; v < 32; v++)
        bad[n++] = (struct bad_msg){ VG_MSG_ADDR(0), 0, v, "a vector below 32" };
    bad[n++] = (struct bad_msg){ VG_MSG_ADDR(0), 0, 0x200 | 0x41, "SMI delivery" };
    bad[n++] = (struct bad_msg){ VG_MSG_ADDR(0), 0, 0x400 | 0x41, "NMI delivery" };
    bad[n++] = (struct bad_msg){ VG_MSG_ADDR(0), 0, 0x500 | 0x41, "INIT delivery" };
    bad[n++] = (struct bad_msg){ VG_MSG_ADDR(0), 0, 0x700 | 0x41, "ExtINT delivery" };
    bad[n++] = (struct bad_msg){ VG_MSG_ADDR(0), 0, 0x300 | 0x41, "a reserved delivery mode" };
    bad[n++] = (struct bad_msg){ VG_MSG_ADDR(0), 0, 0x600 | 0x41, "a reserved delivery mode" };
    bad[n++] = (struct bad_msg){ VG_MSG_ADDR(0), 0, 0x8000 | 0x41, "level-triggered" };
    bad[n++] = (struct bad_msg){ VG_MSG_ADDR(2), 0, 0x41, "none of its vCPUs" };
    bad[n++] = (struct bad_msg){ VG_MSG_ADDR(0xff), 0, 0x41, "none of its vCPUs" };
    bad[n++] = (struct bad_msg){ VG_MSG_ADDR(3) | 4, 0, 0x41, "none of its vCPUs" }; /* logical, 2 CPUs */
    bad[n++] = (struct bad_msg){ VG_MSG_ADDR(0) | 4, 0, 0x41, "none of its vCPUs" }; /* logical, nobody */
    bad[n++] = (struct bad_msg){ 0x00001000, 0, 0x41, "outside the interrupt window" };
    bad[n++] = (struct bad_msg){ 0xfed00000, 0, 0x41, "outside the interrupt window" };
    bad[n++] = (struct bad_msg){ VG_MSG_ADDR(0), 1, 0x41, "outside the interrupt window" };
    bad[n++] = (struct bad_msg){ VG_MSG_ADDR(0) | 0x10, 0, 0x41, "remappable format" };
    bad[n++] = (struct bad_msg){ VG_MSG_ADDR(0) | 0x20, 0, 0x41, "extended destination" };

    vg_igb_up(1);
    slot = vg_assign(0);
    vg_place_bars(slot);
    vg_cfg_write(slot, MSIX_CTRL, 2, PCI_MSIX_FLAGS_ENABLE);
    for (unsigned int i = 0; i < n; i++) {
        unsigned long refused = vg_stats().msix_refused;

        host_log_clear();
        /* Written masked, then unmasked: refused at the unmask. */
        vg_entry_write(slot, 0, bad[i].addr_lo, bad[i].addr_hi, bad[i].data, 0);
        assert_true(host_log_contains(bad[i].why));
        assert_true(host_log_contains("stays masked"));
        assert_int_equal(vg_pirq_of(IGB_VF(0), 0), -1);
        assert_false(real_live(0, 0));
        assert_int_equal(vg_stats().msix_refused, refused + 1);
        vg_mmio_write(ENTRY(slot, 0) + PCI_MSIX_ENTRY_VECTOR_CTRL, 4, 1);
        /* A refusal after a good binding takes the binding away too. */
        vg_entry_write(slot, 1, VG_MSG_ADDR(1), 0, 0x70, 0);
        assert_true(real_live(0, 1));
        vg_mmio_write(ENTRY(slot, 1) + PCI_MSIX_ENTRY_DATA, 4, bad[i].data);
        vg_mmio_write(ENTRY(slot, 1) + PCI_MSIX_ENTRY_LOWER_ADDR, 4, bad[i].addr_lo);
        vg_mmio_write(ENTRY(slot, 1) + PCI_MSIX_ENTRY_UPPER_ADDR, 4, bad[i].addr_hi);
        assert_false(real_live(0, 1));
        assert_int_equal(vg_pirq_of(IGB_VF(0), 1), -1);
        vg_mmio_write(ENTRY(slot, 1) + PCI_MSIX_ENTRY_VECTOR_CTRL, 4, 1);
    }
    assert_int_equal(vg_injects, 0);
    /* The lowest vector a guest may use, on each vCPU, and lowest priority. */
    vg_entry_write(slot, 0, VG_MSG_ADDR(1), 0, 32, 0);
    assert_true(real_live(0, 0));
    vg_entry_write(slot, 2, VG_MSG_ADDR(1) | 4 /* logical: bit 0 */, 0, 0x100 | 0xef, 0);
    assert_true(real_live(0, 2));
    assert_int_equal(fire(0, 2), 1);
    assert_int_equal(vg_last_vcpu, 0);
    assert_int_equal(vg_last_vector, 0xef);
}

/* ------------------------------------------------------------ the table and PBA pages */

static void test_table_access_sizes(void **state)
{
    unsigned int slot;
    u64 v;

    vg_igb_up(1);
    slot = vg_assign(0);
    vg_place_bars(slot);
    vg_entry_write(slot, 0, VG_MSG_ADDR(0), 0, 0x41, 1);
    host_log_clear();
    /* Bytes, words, misaligned dwords and qwords: all-ones, dropped. */
    assert_int_equal(vg_mmio_read(ENTRY(slot, 0), 1), 0xff);
    assert_int_equal(vg_mmio_read(ENTRY(slot, 0) + 2, 2), 0xffff);
    assert_int_equal(vg_mmio_read(ENTRY(slot, 0) + 2, 4), 0xffffffffu);
    assert_int_equal(vg_mmio_read(ENTRY(slot, 0) + 4, 8), ~0ULL);
    vg_mmio_write(ENTRY(slot, 0) + PCI_MSIX_ENTRY_DATA, 1, 0x99);
    vg_mmio_write(ENTRY(slot, 0) + PCI_MSIX_ENTRY_DATA + 2, 2, 0x99);
    vg_mmio_write(ENTRY(slot, 0) + PCI_MSIX_ENTRY_VECTOR_CTRL + 1, 4, 0);
    assert_int_equal(vg_stats().mmio_bad, 7);
    assert_true(host_log_contains("a size or alignment the table does not take"));
    assert_int_equal(vg_mmio_read(ENTRY(slot, 0) + PCI_MSIX_ENTRY_DATA, 4), 0x41);
    assert_int_equal(vg_mmio_read(ENTRY(slot, 0) + PCI_MSIX_ENTRY_VECTOR_CTRL, 4), 1);
    /* Past the last entry, inside the table page: the device's bytes, read
     * only. */
    host_mmio_dev_write32(IGB_VF_TABLE(0) + 0x800, 0x12345678);
    assert_int_equal(vg_mmio_read(VG_TABLE(slot) + 0x800, 4), 0x12345678);
    vg_mmio_write(VG_TABLE(slot) + 0x800, 4, 0);
    assert_int_equal(host_mmio_dev_read32(IGB_VF_TABLE(0) + 0x800), 0x12345678);
    assert_true(host_log_contains("a write beside the MSI-X table and PBA"));
    /* Not the bus's: the mapped pages, anything else. */
    assert_int_equal(vpci_mmio_access(VG, VG_TABLE(slot) + 0x1000, 4, false, &v), -ENOENT);
    assert_int_equal(vpci_mmio_access(VG, 0x1000, 4, false, &v), -ENOENT);
}

/* The PBA is the device's: read from it, writes ignored. */
static void test_pba_from_device(void **state)
{
    unsigned int slot;

    vg_igb_up(1);
    slot = vg_assign(0);
    vg_place_bars(slot);
    host_mmio_dev_write32(IGB_VF_PBA(0), 0x5);
    assert_int_equal(vg_mmio_read(VG_PBA(slot), 4), 0x5);
    assert_int_equal(vg_mmio_read(VG_PBA(slot), 8), 0x5);
    vg_mmio_write(VG_PBA(slot), 4, 0);
    vg_mmio_write(VG_PBA(slot), 8, ~0ULL);
    assert_int_equal(host_mmio_dev_read32(IGB_VF_PBA(0)), 0x5);
    assert_int_equal(vg_stats().mmio_bad, 0);
}

/*
 * A hostile guest drives the table, the control word and any config
 * register at random (seeded, so it repeats): after every step every
 * mapping lies inside the VF's own BARs, off its MSI-X pages, and a real
 * entry can send only if the guest's entry is enabled, unmasked and holds
 * a valid message, and its interrupt reaches exactly that message's vCPU
 * and vector.
 */
static u32 rnd(u32 *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 8) & 0xffff;
}

/* A table access that may find the table unmapped (the guest moved it
 * or turned decoding off): then it reaches nothing (-ENOENT: all-ones). */
static void try_write(u64 gpa, unsigned int size, u64 val)
{
    int rc = vpci_mmio_access(VG, gpa, size, true, &val);

    assert_true(rc == 0 || rc == -ENOENT);
}

static u64 try_read(u64 gpa, unsigned int size)
{
    u64 v = 0;

    return vpci_mmio_access(VG, gpa, size, false, &v) ? ~0ULL : v;
}

static void test_random_guest_real_entry_follows(void **state)
{
    u32 seed = 12345;
    unsigned int slot;

    vg_igb_up(1);
    slot = vg_assign(0);
    vg_place_bars(slot);
    for (unsigned int step = 0; step < 3000; step++) {
        unsigned int e = rnd(&seed) % IGB_VF_MSIX_ENTRIES, what = rnd(&seed) % 10;
        u32 r1 = rnd(&seed), r2 = rnd(&seed), r3 = rnd(&seed);
        u16 gctrl;

        switch (what) {
        case 0:
            vg_cfg_write(slot, MSIX_CTRL, 2, r1 & 0xc000);
            break;
        case 1:
        case 2:
            try_write(ENTRY(slot, e) + PCI_MSIX_ENTRY_VECTOR_CTRL, 4, r1 & 1);
            break;
        case 3:
            try_write(ENTRY(slot, e) + PCI_MSIX_ENTRY_DATA, 4,
                          (r1 & 0x8700) | (r2 & 0xff));
            break;
        case 4:
            try_write(ENTRY(slot, e) + PCI_MSIX_ENTRY_LOWER_ADDR, 4,
                          VG_MSG_ADDR(r1 % 3) | (r2 & 0x1c));
            break;
        case 5:
            try_write(ENTRY(slot, e) + PCI_MSIX_ENTRY_UPPER_ADDR, 4, r1 % 8 == 0);
            break;
        case 6:
            try_write(ENTRY(slot, e) + PCI_MSIX_ENTRY_LOWER_ADDR, 4, VG_MSG_ADDR(r1 % 2));
            try_write(ENTRY(slot, e) + PCI_MSIX_ENTRY_UPPER_ADDR, 4, 0);
            try_write(ENTRY(slot, e) + PCI_MSIX_ENTRY_DATA, 4, 0x40 + (r2 & 0x3f));
            try_write(ENTRY(slot, e) + PCI_MSIX_ENTRY_VECTOR_CTRL, 4, r3 & 1);
            break;
        case 7:
            vg_cfg_write(slot, PCI_COMMAND, 2, r1 & 1 ?
                         PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER : PCI_COMMAND_MASTER);
            vg_cfg_write(slot, PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
            break;
        case 8: {
            /* Any register, any size, any value: BARs moved, decoding
             * toggled, resets asked for... */
            unsigned int size = 1u << (r1 % 3), reg = (r2 % 256) & ~(size - 1);

            vg_cfg_write(slot, reg, size, r3 << 16 | rnd(&seed));
            break;
        }
        case 9:
            /* ... and the guest's usual set-up again. */
            vg_place_bars(slot);
            break;
        }
        vg_check_maps_confined(1);
        /* The check reads the guest's table: where the guest last put
         * it, decoding on (which changes no binding). */
        if (try_read(ENTRY(slot, 0), 4) == ~0ULL)
            vg_place_bars(slot);
        gctrl = vg_cfg_read(slot, MSIX_CTRL, 2);
        for (unsigned int i = 0; i < IGB_VF_MSIX_ENTRIES; i++) {
            u64 base = ENTRY(slot, i);
            u32 lo = vg_mmio_read(base + PCI_MSIX_ENTRY_LOWER_ADDR, 4);
            u32 hi = vg_mmio_read(base + PCI_MSIX_ENTRY_UPPER_ADDR, 4);
            u32 data = vg_mmio_read(base + PCI_MSIX_ENTRY_DATA, 4);
            u32 ctl = vg_mmio_read(base + PCI_MSIX_ENTRY_VECTOR_CTRL, 4);
            bool guest_live = (gctrl & PCI_MSIX_FLAGS_ENABLE) &&
                              !(gctrl & PCI_MSIX_FLAGS_MASKALL) && !(ctl & 1);
            u32 dest = (lo >> 12) & 0xff;
            int vcpu = !(lo & 4) ? (dest < VG_NR_VCPUS ? (int)dest : -1)
                                 : (dest == 1 ? 0 : dest == 2 ? 1 : -1);
            bool valid = (lo & 0xfff00000u) == 0xfee00000u && !hi && !(lo & 0xff0) &&
                         vcpu >= 0 && (data & 0xff) >= 32 && !(data & 0x8000) &&
                         ((data >> 8) & 7) <= 1;

            if (!real_live(0, i))
                continue;
            assert_true(guest_live);
            assert_true(valid);
            assert_int_equal(fire(0, i), 1);
            assert_int_equal(vg_last_vcpu, vcpu);
            assert_int_equal(vg_last_vector, data & 0xff);
        }
    }
    /* The walk went through the interesting places. */
    assert_true(vg_stats().irqs > 0);
    assert_true(vg_stats().msix_refused > 0);
    assert_true(vg_stats().bar_refused > 0);
    assert_true(vg_stats().cfg_unknown > 0);
    assert_true(vg_stats().flrs > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) VPCI_TEST(fn)
        T(test_linux_sequence_binds),
        T(test_masks_follow),
        T(test_disable_unbinds),
        T(test_message_change),
        T(test_refused_messages),
        T(test_table_access_sizes),
        T(test_pba_from_device),
        T(test_random_guest_real_entry_follows),
#undef T
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
