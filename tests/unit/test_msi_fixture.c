/* SPDX-License-Identifier: GPL-2.0 */
/* Shared fixture of the MSI/MSI-X tests (see test_msi_fixture.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <time.h>

#include <mhv/lib.h>
#include <mhv/lockdep.h>
#include <mhv/errno.h>
#include <mhv/smp.h>
#include <asm/irq.h>
#include <mhv/sched.h>
#include <mhv/xmalloc.h>
#include <mhv/hypercall.h>
#include <mhv/pci/regs.h>
#include <mhv/acpi.h>
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/traps.h>
#include <asm/guest_access.h>
#include <asm/domain.h>
#include <asm/pv/gaddr.h>
#include "harness.h"
#include "host_hw.h"
#include "test_msi_fixture.h"
#include "gpmap_model.h"
#include <mhv/pci/access.h>
#include <mhv/pci/caps.h>
#include <mhv/sbdf.h>
#include <mhv/domain_list.h>

struct domain msi_dom[NR_MSI_DOMAINS];
struct shared_info msi_si[NR_MSI_DOMAINS];
struct domain *control_domain;      /* owner of newly registered devices */
/* No firmware tables: the PCI hole of drivers/pci/platform.c has no ECAM
 * windows to cut out (hot-add BAR placement, PHYSDEVOP_mhv_place_bars). */
struct acpi_info acpi_info;
struct pcim_igb msi_igb;
unsigned long msi_vcpu_wakes;

static struct heap_stats heap_base;
static unsigned long vectors_base;

/* ------------------------------------------------------------ host stand-ins */

/*
 * The lock checker's clock: a spin that lasts longer than the limit set in
 * msi_setup() is reported and fails the test (e.g. after an assertion left
 * a lock held) instead of hanging the run.
 */
s_time_t lockdep_clock_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (s_time_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

struct domain *domain_by_id(domid_t id)
{
    return id < NR_MSI_DOMAINS && msi_dom[id].shared_info ? &msi_dom[id] : NULL;
}

void vcpu_wake(struct vcpu *v)
{
    msi_vcpu_wakes++;
}

struct domain *current_domain(void)
{
    return D0;
}

int copy_from_guest(void *dst, unsigned long src, size_t len)
{
    if (src < 4096)
        return -EFAULT;
    memcpy(dst, (const void *)src, len);
    return 0;
}

int copy_to_guest(unsigned long dst, const void *src, size_t len)
{
    if (dst < 4096)
        return -EFAULT;
    memcpy((void *)dst, src, len);
    return 0;
}

/* physdev.c dispatches the DMA operations (domain/dma_mem.c, tested by
 * test_dma_mem): here no page is ever free. */
paddr_t alloc_pages(unsigned int order)
{
    return 0;
}

void free_pages(paddr_t pa, unsigned int order)
{
}

void *alloc_page_va(void)
{
    return NULL;
}

void free_page_va(void *va)
{
}

/* ------------------------------------------------------------ set-up */

unsigned long free_vectors_all(void)
{
    unsigned long n = 0;

    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
        n += irq_free_vectors(cpu);
    return n;
}

void msi_setup(void)
{
    struct pci_registry_stats st;
    static const char *const names[NR_MSI_DOMAINS] = { "control", "d1", "d2" };

    pci_registry_stats(&st);
    assert_int_equal(st.devices, 0);
    assert_int_equal(st.removed_pfs, 0);

    host_set_cpu(0);
    lockdep_set_spin_limit(3000000000LL, 1UL << 30);
    pcim_reset();
    host_mmio_reset();
    host_log_clear();
    host_heap_fail_after(-1);
    for (unsigned int i = 0; i < NR_MSI_DOMAINS; i++) {
        memset(&msi_dom[i], 0, sizeof(msi_dom[i]));
        memset(&msi_si[i], 0, sizeof(msi_si[i]));
        domain_init_common(&msi_dom[i], i, names[i], i == 0);
        pv_gaddr_init(&msi_dom[i]);
        msi_dom[i].shared_info = &msi_si[i];
    }
    control_domain = D0;
    msi_vcpu_wakes = 0;
    gpmap_model_reset();
    heap_stats(&heap_base);
    vectors_base = free_vectors_all();
    assert_int_equal(vectors_base,
                     NR_CPUS * (LAST_DYNAMIC_VECTOR - FIRST_DYNAMIC_VECTOR + 1));
}

void msi_check_clean(void)
{
    struct heap_stats st;

    for (unsigned int i = 0; i < NR_MSI_DOMAINS; i++) {
        assert_int_equal(msi_dom[i].nr_pirqs, 0);
        for (unsigned int p = 0; p < MHV_NR_PIRQS; p++)
            assert_null(msi_dom[i].pirqs[p]);
    }
    assert_int_equal(host_mmio_nr_mappings(), 0);
    assert_int_equal(gpmap_model_nr_pages(), 0);
    assert_int_equal(free_vectors_all(), vectors_base);
    heap_stats(&st);
    assert_int_equal(st.live_objects, heap_base.live_objects);
    assert_int_equal(st.live_bytes, heap_base.live_bytes);
}

static int collect(const struct pci_dev *pdev, void *ctx)
{
    pci_sbdf_t *list = ctx;
    unsigned int i;

    for (i = 0; list[i].sbdf != ~0u; i++)
        ;
    list[i] = pdev->sbdf;
    list[i + 1].sbdf = ~0u;
    return i + 2 >= 512;
}

void msi_teardown_all(void)
{
    static pci_sbdf_t list[512];
    struct pci_registry_stats st;
    unsigned int i;

    /* VFs first, then the rest (a PF with VFs left would be kept). */
    for (int pass = 0; pass < 2; pass++) {
        list[0].sbdf = ~0u;
        pcidevs_lock();
        pci_registry_walk(collect, list);
        pcidevs_unlock();
        for (i = 0; list[i].sbdf != ~0u; i++) {
            struct pci_dev *pdev = reg_lookup(list[i]);

            if (pdev && (pass || pdev->is_vf))
                assert_int_equal(reg_remove_fn(list[i]), 0);
        }
    }
    assert_int_equal(pci_registry_check(), 0);
    pci_registry_stats(&st);
    assert_int_equal(st.devices, 0);
    assert_int_equal(st.removed_pfs, 0);
    msi_check_clean();
}

void msi_igb_up(unsigned int nr_vfs)
{
    unsigned int pos;

    pcim_igb_preset(&msi_igb);
    pos = msi_igb.sriov_pos;
    /* Place VF BAR0 and VF BAR3 (64-bit: upper halves 0) in the root
     * port's prefetchable window, as the boot code does. */
    pci_conf_write32(IGB_PF, pos + PCI_SRIOV_VF_BAR(0), (u32)MSI_IGB_VF_BAR0);
    pci_conf_write32(IGB_PF, pos + PCI_SRIOV_VF_BAR(1), 0);
    pci_conf_write32(IGB_PF, pos + PCI_SRIOV_VF_BAR(3), (u32)MSI_IGB_VF_BAR3);
    pci_conf_write32(IGB_PF, pos + PCI_SRIOV_VF_BAR(4), 0);
    assert_int_equal(reg_add_fn(IGB_PF), 0);
    if (nr_vfs)
        pcim_enable_vfs(IGB_PF, nr_vfs);
    for (unsigned int n = 0; n < nr_vfs; n++)
        assert_int_equal(reg_add_vf(IGB_VF(n), IGB_PF), 0);
}

/* ------------------------------------------------------------ mapping */

int map_msix(struct domain *d, pci_sbdf_t sbdf, unsigned int entry, int *pirq)
{
    struct msi_info msi = { .sbdf = sbdf, .type = PIRQ_MSIX, .entry_nr = entry };

    return physdev_map_pirq(d, &msi, pirq);
}

int map_msi(struct domain *d, pci_sbdf_t sbdf, unsigned int nvec, int *pirq)
{
    struct msi_info msi = { .sbdf = sbdf, .type = PIRQ_MSI, .entry_nr = nvec };

    return physdev_map_pirq(d, &msi, pirq);
}

int unmap(struct domain *d, int pirq)
{
    return physdev_unmap_pirq(d, pirq);
}

void fire_pirq(struct domain *d, int pirq)
{
    struct cpu_user_regs regs = { 0 };
    struct pirq *p;
    unsigned int old_cpu = smp_processor_id();

    unsigned int cpu;

    read_lock(&d->event_lock);
    p = d->pirqs[pirq];
    assert_non_null(p);
    regs.vector = p->vector;
    cpu = p->cpu;
    read_unlock(&d->event_lock);
    host_set_cpu(cpu);
    do_irq(&regs);
    host_set_cpu(old_cpu);
}

struct msix_entry_view msix_entry(paddr_t table, unsigned int entry)
{
    paddr_t e = table + entry * PCI_MSIX_ENTRY_SIZE;

    return (struct msix_entry_view){
        .addr_lo = host_mmio_dev_read32(e + PCI_MSIX_ENTRY_LOWER_ADDR),
        .addr_hi = host_mmio_dev_read32(e + PCI_MSIX_ENTRY_UPPER_ADDR),
        .data = host_mmio_dev_read32(e + PCI_MSIX_ENTRY_DATA),
        .ctrl = host_mmio_dev_read32(e + PCI_MSIX_ENTRY_VECTOR_CTRL),
    };
}

u16 msix_ctrl_of(pci_sbdf_t sbdf)
{
    unsigned int pos = pci_find_cap(sbdf, PCI_CAP_ID_MSIX);

    assert_int_not_equal(pos, 0);
    return pci_conf_read16(sbdf, pos + PCI_MSIX_FLAGS);
}

int msi_test_setup(void **state)
{
    msi_setup();
    return 0;
}

int msi_test_teardown(void **state)
{
    msi_teardown_all();
    return 0;
}
