/* SPDX-License-Identifier: GPL-2.0 */
/* Shared fixture of the virtual PCI bus tests (see test_vpci_fixture.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <mhv/lib.h>
#include <mhv/errno.h>
#include <mhv/pci/regs.h>
#include <mhv/passthrough/pcidev.h>
#include <mhv/passthrough/assign.h>
#include <mhv/spinlock.h>
#include <mhv/sched.h>
#include <mhv/waitqueue.h>
#include <mhv/passthrough/pdev_reset.h>
#include "harness.h"
#include "host_hw.h"
#include "test_vpci_fixture.h"
#include "../../drivers/vpci/vpci_private.h"

unsigned long vg_injects;
unsigned int vg_last_vcpu;
u8 vg_last_vector;
struct vcpu vg_vcpu;
unsigned long vg_reset_waits;

/* ------------------------------------------------------------ the HVM side's model */

#define VG_MAX_MAPS 64
static struct vg_map {
    bool used;
    u64 gpa, hpa, size;
} maps[VG_MAX_MAPS];

static bool overlap(u64 a, u64 alen, u64 b, u64 blen)
{
    return a < b + blen && b < a + alen;
}

static int vg_map_mmio(struct domain *d, u64 gpa, u64 hpa, u64 size)
{
    assert_ptr_equal(d, VG);
    assert_true(spin_is_locked_by_me(&d->vpci->lock));     /* its contract */
    assert_int_equal(gpa & 0xfff, 0);
    assert_int_equal(hpa & 0xfff, 0);
    assert_true(size && !(size & 0xfff));
    if (gpa + size > VG_GPA_LIMIT || overlap(gpa, size, 0, VG_RAM_LO_END) ||
        overlap(gpa, size, VG_RAM_HI, VG_RAM_HI_END - VG_RAM_HI) ||
        overlap(gpa, size, 0xfee00000ULL, 0x100000))
        return -EINVAL;
    for (unsigned int i = 0; i < VG_MAX_MAPS; i++)
        if (maps[i].used && overlap(gpa, size, maps[i].gpa, maps[i].size))
            return -EEXIST;
    for (unsigned int i = 0; i < VG_MAX_MAPS; i++)
        if (!maps[i].used) {
            maps[i] = (struct vg_map){ true, gpa, hpa, size };
            return 0;
        }
    return -ENOMEM;
}

static void vg_unmap_mmio(struct domain *d, u64 gpa, u64 size)
{
    assert_ptr_equal(d, VG);
    for (unsigned int i = 0; i < VG_MAX_MAPS; i++)
        if (maps[i].used && maps[i].gpa == gpa) {
            assert_int_equal(maps[i].size, size);   /* exactly one map_mmio() */
            maps[i].used = false;
            return;
        }
    fail_msg("unmap_mmio(%#lx, %#lx) of nothing mapped", (unsigned long)gpa,
             (unsigned long)size);
}

static int vg_dest_vcpu(struct domain *d, u32 dest, bool logical)
{
    if (!logical)
        return dest < VG_NR_VCPUS ? (int)dest : -ENOENT;
    /* Flat logical: bit n is vCPU n; exactly one vCPU. */
    if (!dest || (dest & (dest - 1)) || __builtin_ctz(dest) >= VG_NR_VCPUS)
        return -ENOENT;
    return __builtin_ctz(dest);
}

static void vg_inject(struct domain *d, unsigned int vcpu, u8 vector)
{
    assert_ptr_equal(d, VG);
    assert_true(vcpu < VG_NR_VCPUS);
    vg_injects++;
    vg_last_vcpu = vcpu;
    vg_last_vector = vector;
}

const struct vpci_guest_ops vg_ops = {
    .window_base = VG_WINDOW_BASE,
    .window_size = VG_WINDOW_SIZE,
    .map_mmio = vg_map_mmio,
    .unmap_mmio = vg_unmap_mmio,
    .dest_vcpu = vg_dest_vcpu,
    .inject = vg_inject,
};

bool vg_maps(u64 gpa, u64 hpa, u64 size)
{
    for (unsigned int i = 0; i < VG_MAX_MAPS; i++)
        if (maps[i].used && maps[i].gpa == gpa && maps[i].hpa == hpa &&
            maps[i].size == size)
            return true;
    return false;
}

u64 vg_hpa_of(u64 gpa)
{
    for (unsigned int i = 0; i < VG_MAX_MAPS; i++)
        if (maps[i].used && gpa >= maps[i].gpa && gpa < maps[i].gpa + maps[i].size)
            return maps[i].hpa + (gpa - maps[i].gpa);
    return 0;
}

unsigned int vg_nr_maps(void)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < VG_MAX_MAPS; i++)
        n += maps[i].used;
    return n;
}

unsigned int vg_maps_list(u64 out[][3], unsigned int max)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < VG_MAX_MAPS && n < max; i++)
        if (maps[i].used) {
            out[n][0] = maps[i].gpa;
            out[n][1] = maps[i].hpa;
            out[n++][2] = maps[i].size;
        }
    return n;
}

/* Is [hpa, hpa + size) inside VF @vf's BAR0, or its BAR3 off the table
 * and PBA pages? */
static bool in_vf_bars(unsigned int vf, u64 hpa, u64 size)
{
    u64 bar0 = MSI_IGB_VF_BAR0 + vf * IGB_VF_BAR_SIZE;
    u64 bar3 = MSI_IGB_VF_BAR3 + vf * IGB_VF_BAR_SIZE;

    if (hpa >= bar0 && hpa + size <= bar0 + IGB_VF_BAR_SIZE)
        return true;
    return hpa >= bar3 && hpa + size <= bar3 + IGB_VF_BAR_SIZE &&
           !overlap(hpa, size, bar3, 0x1000) && !overlap(hpa, size, bar3 + 0x2000, 0x1000);
}

void vg_check_maps_confined(unsigned int nr_vfs)
{
    for (unsigned int i = 0; i < VG_MAX_MAPS; i++) {
        const struct vg_map *m = &maps[i];
        bool ok = false;

        if (!m->used)
            continue;
        assert_false(overlap(m->gpa, m->size, 0, VG_RAM_LO_END));
        assert_false(overlap(m->gpa, m->size, VG_RAM_HI, VG_RAM_HI_END - VG_RAM_HI));
        assert_false(overlap(m->gpa, m->size, 0xfee00000ULL, 0x100000));
        for (unsigned int vf = 0; vf < nr_vfs; vf++)
            ok |= in_vf_bars(vf, m->hpa, m->size);
        assert_true(ok);
    }
}

/* ------------------------------------------------------------ set-up */

int vg_test_setup(void **state)
{
    msi_setup();
    memset(&vg_vcpu, 0, sizeof(vg_vcpu));
    vg_vcpu.domain = VG;
    vg_vcpu.state = VCPU_RUNNABLE;
    INIT_LIST_HEAD(&vg_vcpu.wait.entry);
    host_current_vcpu = &vg_vcpu;           /* the guest's exits run here */
    vg_reset_waits = 0;
    memset(maps, 0, sizeof(maps));
    vg_injects = 0;
    vg_last_vcpu = ~0u;
    vg_last_vector = 0;
    assert_int_equal(vpci_domain_init(VG, &vg_ops), 0);
    return 0;
}

int vg_test_teardown(void **state)
{
    vg_run_resets();                        /* a failed test's, if any */
    host_current_vcpu = &vg_vcpu;
    /* d1 goes: its devices back to d0 (their slots revoked), then its bus. */
    if (VG->vpci) {
        pci_release_devices(VG);
        assert_int_equal(vg_nr_maps(), 0);
        vpci_domain_destroy(VG);
    }
    assert_null(VG->vpci);
    msi_teardown_all();
    return 0;
}

void vg_igb_up(unsigned int nr_vfs)
{
    msi_igb_up(nr_vfs);
}

unsigned int vg_assign(unsigned int vf)
{
    int slot;

    assert_int_equal(assign_device(VG, IGB_VF(vf)), 0);
    slot = vpci_add_device(VG, IGB_VF(vf));
    assert_true(slot > 0 && slot < 32);
    return slot;
}

/* ------------------------------------------------------------ guest accesses */

static void latch(unsigned int bus, unsigned int dev, unsigned int fn, unsigned int reg)
{
    u32 cf8 = 0x80000000u | bus << 16 | dev << 11 | fn << 8 | (reg & 0xfc);

    assert_int_equal(vpci_ioport(VG, 0xcf8, 4, true, &cf8), 0);
}

u32 vg_cfg_read_bdf(unsigned int bus, unsigned int dev, unsigned int fn,
                    unsigned int reg, unsigned int size)
{
    u32 v = 0x5a5a5a5a;

    latch(bus, dev, fn, reg);
    assert_int_equal(vpci_ioport(VG, 0xcfc + (reg & 3), size, false, &v), 0);
    return v;
}

u32 vg_cfg_read(unsigned int slot, unsigned int reg, unsigned int size)
{
    return vg_cfg_read_bdf(0, slot, 0, reg, size);
}

unsigned int vg_run_resets(void)
{
    struct vcpu *was = host_current_vcpu;
    unsigned int steps = 0;

    host_current_vcpu = NULL;               /* timers and softirqs: no vCPU's */
    while (host_timers_armed()) {
        steps += host_timers_run();
        host_softirqs_run();
        assert_true(steps < 5000);
    }
    host_current_vcpu = was;
    return steps;
}

void vg_wait_reset(void)
{
    const struct cpu_user_regs frame = { .rip = 0x1000, .rax = 7 };

    /* What vcpu_wait() does: the vCPU stops until its wait ends.  Its
     * saved state stands for the guest's: the wait's end (done fn NULL)
     * must apply nothing to it. */
    vg_vcpu.arch.pv.regs = frame;
    assert_int_equal(vg_vcpu.wait.state, VCPU_WAIT_QUEUED);
    vg_vcpu.state = VCPU_WAITING;
    vg_run_resets();
    assert_int_equal(vg_vcpu.wait.state, VCPU_WAIT_ENDED);
    assert_int_equal(vg_vcpu.state, VCPU_RUNNABLE);
    waitqueue_resume(&vg_vcpu);
    assert_int_equal(vg_vcpu.wait.state, VCPU_WAIT_NONE);
    assert_memory_equal(&vg_vcpu.arch.pv.regs, &frame, sizeof(frame));
    vg_reset_waits++;
}

void vg_cfg_write(unsigned int slot, unsigned int reg, unsigned int size, u32 val)
{
    int rc;

    latch(0, slot, 0, reg);
    rc = vpci_ioport(VG, 0xcfc + (reg & 3), size, true, &val);
    if (rc == -ERESTART)
        vg_wait_reset();                    /* it asked for a reset */
    else
        assert_int_equal(rc, 0);
}

u64 vg_mmio_read(u64 gpa, unsigned int size)
{
    u64 v = 0x5a5a5a5a5a5a5a5aULL;

    assert_int_equal(vpci_mmio_access(VG, gpa, size, false, &v), 0);
    return v;
}

void vg_mmio_write(u64 gpa, unsigned int size, u64 val)
{
    assert_int_equal(vpci_mmio_access(VG, gpa, size, true, &val), 0);
}

void vg_place_bars(unsigned int slot)
{
    /* Sizing with decoding off, as Linux does, then the addresses. */
    for (unsigned int bar = 0; bar < 6; bar++) {
        u32 old = vg_cfg_read(slot, PCI_BAR_REG(bar), 4);

        vg_cfg_write(slot, PCI_BAR_REG(bar), 4, ~0u);
        (void)vg_cfg_read(slot, PCI_BAR_REG(bar), 4);
        vg_cfg_write(slot, PCI_BAR_REG(bar), 4, old);
    }
    vg_cfg_write(slot, PCI_BAR_REG(0), 4, (u32)VG_BAR0(slot));
    vg_cfg_write(slot, PCI_BAR_REG(1), 4, VG_BAR0(slot) >> 32);
    vg_cfg_write(slot, PCI_BAR_REG(3), 4, (u32)VG_BAR3(slot));
    vg_cfg_write(slot, PCI_BAR_REG(4), 4, VG_BAR3(slot) >> 32);
    vg_cfg_write(slot, PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

void vg_entry_write(unsigned int slot, unsigned int entry, u32 addr_lo, u32 addr_hi,
                    u32 data, u32 ctrl)
{
    u64 e = VG_TABLE(slot) + entry * PCI_MSIX_ENTRY_SIZE;

    vg_mmio_write(e + PCI_MSIX_ENTRY_LOWER_ADDR, 4, addr_lo);
    vg_mmio_write(e + PCI_MSIX_ENTRY_UPPER_ADDR, 4, addr_hi);
    vg_mmio_write(e + PCI_MSIX_ENTRY_DATA, 4, data);
    vg_mmio_write(e + PCI_MSIX_ENTRY_VECTOR_CTRL, 4, ctrl);
}

/* The MSI-X capability of the igb VF: at 0x70 (the model's). */
#define VG_MSIX_CTRL    (0x70 + PCI_MSIX_FLAGS)

void vg_msix_up(unsigned int slot, unsigned int e, unsigned int vcpu, u8 vector)
{
    u16 ctrl = vg_cfg_read(slot, VG_MSIX_CTRL, 2);

    vg_cfg_write(slot, VG_MSIX_CTRL, 2, ctrl | PCI_MSIX_FLAGS_ENABLE |
                 PCI_MSIX_FLAGS_MASKALL);
    vg_entry_write(slot, e, VG_MSG_ADDR(vcpu), 0, vector, PCI_MSIX_ENTRY_CTRL_MASKBIT);
    vg_cfg_write(slot, VG_MSIX_CTRL, 2, (ctrl | PCI_MSIX_FLAGS_ENABLE) &
                 ~PCI_MSIX_FLAGS_MASKALL);
    vg_mmio_write(VG_TABLE(slot) + e * PCI_MSIX_ENTRY_SIZE + PCI_MSIX_ENTRY_VECTOR_CTRL,
                  4, 0);
}

struct vpci_stats vg_stats(void)
{
    struct vpci_stats st;

    vpci_get_stats(VG, &st);
    return st;
}

int vg_pirq_of(pci_sbdf_t sbdf, unsigned int entry)
{
    int found = -1;

    read_lock(&VG->event_lock);
    for (unsigned int p = 0; p < MHV_NR_PIRQS; p++) {
        const struct pirq *q = VG->pirqs[p];

        if (q && q->pdev->sbdf.sbdf == sbdf.sbdf && q->entry == entry)
            found = p;
    }
    read_unlock(&VG->event_lock);
    return found;
}
