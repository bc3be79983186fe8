/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DMA side of a domain's map, whole: the map (common/gpmap.c), the
 * generic IOMMU layer (drivers/passthrough/iommu.c, compiled into this
 * file so the test can run its bring-up initcall) and the VT-d driver on
 * the unit model (tests/unit/vtd_model.c).  What is checked is that DMA
 * isolation fails closed: when a unit cannot confirm an invalidation, no
 * page a device may still reach goes back to the allocator -- neither the
 * domain's erased pages (a unit may cache their translation) nor its
 * tables (a context entry may still name them) -- and the failure is
 * reported (log, counters, the sysctl's report); a unit out of service
 * takes no new assignments.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* The build this test stands for has the VT-d driver (Kconfig). */
#define CONFIG_INTEL_IOMMU 1
#include "../../drivers/passthrough/iommu.c"
#include <mhv/acpi.h>
#include <asm/irq.h>
#include <asm/cpu.h>
#include <mhv/mm.h>
#include <public/sysctl.h>
#include "harness.h"
#include "acpi_builder.h"
#include "vtd_model.h"
#include "../../drivers/passthrough/vtd/vtd.h"

/* ------------------------------------------------------------ platform */

static struct acpi_table_desc dmar_desc = { .sig = "DMAR", .valid = true };

const struct acpi_table_desc *acpi_table_find(const char *sig, unsigned int n)
{
    return !strcmp(sig, "DMAR") && !n ? &dmar_desc : NULL;
}

int alloc_irq_vector(unsigned int cpu, irq_handler_t handler, void *data,
                     const char *name)
{
    return 0x40;
}

void msi_compose_msg(unsigned int cpu, unsigned int vector, struct msi_msg *msg)
{
    msg->address_lo = 0xfee00000u;
    msg->address_hi = 0;
    msg->data = vector;
}

struct cpu_features boot_cpu;        /* xAPIC: no EIM needed */

bool pcidevs_locked(void)
{
    return true;        /* this test is the only CPU touching devices */
}

static struct domain dom0, dom1;

struct domain *domain_by_id(domid_t id)
{
    return id == 0 ? &dom0 : id == 1 ? &dom1 : NULL;
}

/* ------------------------------------------------------------ pages */

#define ARENA_PAGES 16
static uint8_t *arena;
static bool page_used[ARENA_PAGES];

static paddr_t arena_pa(unsigned int i)
{
    return (paddr_t)((uintptr_t)(arena + (size_t)i * PAGE_SIZE) - DIRECTMAP_VIRT);
}

static unsigned int arena_index(paddr_t pa)
{
    return (unsigned int)(((uintptr_t)__va(pa) - (uintptr_t)arena) / PAGE_SIZE);
}

void *alloc_page_va(void)
{
    for (unsigned int i = 0; i < ARENA_PAGES; i++)
        if (!page_used[i]) {
            page_used[i] = true;
            return __va(arena_pa(i));
        }
    return NULL;
}

void free_pages(paddr_t pa, unsigned int order)
{
    unsigned int i = arena_index(pa);

    assert_true(order == 0 && i < ARENA_PAGES && page_used[i]);
    page_used[i] = false;
}

void free_page_va(void *va)
{
    free_pages(__pa(va), 0);
}

/* ------------------------------------------------------------ fixture */

static struct pci_dev vf;       /* 0000:01:10.0 */
static long pages0;
static bool iommu_up;

static void dom_init(struct domain *d, domid_t id)
{
    memset(d, 0, sizeof(*d));
    d->domain_id = id;
    d->is_privileged = id == 0;
    rwlock_init_class(&d->pci_lock, "domain->pci_lock");
    gpmap_init(&d->gpmap);
    assert_int_equal(iommu_domain_init(d), 0);
}

static int setup(void **state)
{
    static struct acpi_tb tb;

    host_log_clear();
    if (!arena)
        arena = aligned_alloc(PAGE_SIZE, ARENA_PAGES * PAGE_SIZE);
    assert_non_null(arena);
    memset(page_used, 0, sizeof(page_used));
    vtd_model_reset(VTD_MODEL_CAP, VTD_MODEL_ECAP);
    if (!iommu_up) {
        /* One unit for every function, as QEMU's intel-iommu. */
        acpi_fake_reset();
        acpi_tb_dmar_init(&tb, 48, 0);
        acpi_tb_dmar_drhd(&tb, DRHD_FLAG_INCLUDE_PCI_ALL, 0, 0xfed90000);
        dmar_desc.addr = acpi_tb_place(&tb);
        dmar_desc.len = tb.len;
        iommu_early_init();
        assert_non_null(ops);
        iommu_up = true;
    }
    memset(&vtd_units[0].lock, 0, sizeof(vtd_units[0]) -
           offsetof(struct vtd_unit, lock));
    pages0 = vtd_model_pages();
    assert_int_equal(iommu_init(), 0);
    assert_true(iommu_enabled());
    dom_init(&dom0, 0);
    dom_init(&dom1, 1);
    memset(&vf, 0, sizeof(vf));
    vf.sbdf.sbdf = 0x0180;
    vf.domain = &dom1;
    return 0;
}

/* @vf leaves @owner (the registry's leave step, under its locks). */
static void leave(struct domain *owner)
{
    write_lock(&owner->pci_lock);
    iommu_pdev_leave(&vf, owner);
    write_unlock(&owner->pci_lock);
}

static void dom_free(struct domain *d)
{
    if (!d->iommu->dead)
        ops->domain_destroy(d->iommu);      /* tables a test kept */
    d->iommu->dead = true;
    iommu_domain_free(d);
}

static int teardown(void **state)
{
    dom_free(&dom0);
    dom_free(&dom1);
    vtd_unit_teardown(&vtd_units[0]);
    assert_int_equal(vtd_model_pages(), pages0);
    dma_on = false;
    return 0;
}

/* An owned page of @d's map at @gaddr, DMA-writable. */
static void map_dma_page(struct domain *d, struct gpmap_range *r, u64 gaddr)
{
    void *p = alloc_page_va();

    assert_non_null(p);
    *r = (struct gpmap_range){ .gaddr = gaddr, .pa = __pa(p), .npages = 1,
                               .type = GPMAP_DMA,
                               .flags = GPMAP_WRITE | GPMAP_OWNED };
    assert_int_equal(gpmap_insert(d, r), 0);
}

/* ------------------------------------------------------------ tests */

/* The ordinary case: erase, the page goes back; the domain goes, its
 * tables go.  (What the failing cases are measured against.) */
static void test_erase_frees_after_invalidation(void **state)
{
    struct gpmap_range r;
    paddr_t pa;

    map_dma_page(&dom1, &r, 0x500000000000ull);
    assert_int_equal(iommu_attach_device(&vf), 0);
    assert_int_equal(dom1.iommu->nr_devices, 1);
    assert_int_equal(vtd_model_translate(vf.sbdf.bdf, r.gaddr, true, &pa), 0);
    assert_int_equal(pa, r.pa);
    assert_int_equal(gpmap_erase(&dom1, &r), 0);
    assert_false(page_used[arena_index(r.pa)]);
    assert_int_equal(vtd_model_translate(vf.sbdf.bdf, r.gaddr, true, &pa), 5);
    leave(&dom1);
    assert_int_equal(dom1.iommu->nr_devices, 0);
    gpmap_destroy(&dom1);
    assert_true(dom1.iommu->dead);
    gpmap_destroy(&dom0);
}

/*
 * A device caches the translation of a DMA page; the unit then stops (its
 * invalidations fail).  Erasing the range must not free the page: the
 * device still reaches it.  The failure is reported, the unit refuses
 * new assignments, and the domain's tables and memory stay when it goes.
 */
static void test_unconfirmed_unmap_keeps_page(void **state)
{
    struct mhv_iommu_info info = { .dev_sbdf = MHV_IOMMU_NO_DEV };
    unsigned long withheld = gpmap_withheld_pages();
    paddr_t ram = __pa(alloc_page_va());
    struct gpmap_range r;
    paddr_t pa;

    map_dma_page(&dom1, &r, 0x500000000000ull);
    assert_int_equal(gpmap_add_ram(&dom1, 0x400000, ram, 1,
                                   GPMAP_WRITE | GPMAP_OWNED), 0);
    assert_int_equal(iommu_attach_device(&vf), 0);
    assert_int_equal(vtd_model_translate(vf.sbdf.bdf, r.gaddr, true, &pa), 0);
    vtd_model.stopped = true;

    assert_int_equal(gpmap_erase(&dom1, &r), -ETIMEDOUT);
    /* Still cached: the device writes the page... */
    assert_int_equal(vtd_model_translate(vf.sbdf.bdf, r.gaddr, true, &pa), 0);
    /* ...so it is not the allocator's. */
    assert_true(page_used[arena_index(r.pa)]);
    assert_int_equal(gpmap_withheld_pages(), withheld + 1);
    assert_true(host_log_contains("withheld from reuse"));
    assert_true(host_log_contains("invalidation queue stopped"));
    iommu_get_info(&dom0, &info);
    assert_int_equal(info.withheld_pages, withheld + 1);
    assert_true(info.flags & MHV_IOMMU_BROKEN);

    /* No new owner gets a function of a unit out of service. */
    assert_int_equal(iommu_check_assign(&vf, &dom1), -EIO);
    assert_true(host_log_contains("its IOMMU unit is out of service"));

    /* The device cannot be blocked (the invalidation fails): it may still
     * use d1's tables, which stay, and so does d1's memory. */
    leave(&dom1);
    assert_int_equal(dom1.iommu->nr_devices, 1);
    gpmap_destroy(&dom1);
    assert_false(dom1.iommu->dead);
    assert_true(page_used[arena_index(ram)]);
    assert_int_equal(gpmap_withheld_pages(), withheld + 2);

    /* The arena and the tables are the test's: free them by hand. */
    free_pages(r.pa, 0);
    free_pages(ram, 0);
    gpmap_destroy(&dom0);
}

/*
 * The context entry of a device is written, but its invalidation is not
 * confirmed (the status writes never come): the unit may use the entry,
 * so the device counts against the table and the table is not freed
 * while the entry may name it.  Before, the device was not counted, the
 * log said its DMA was blocked, and the domain's destruction freed the
 * tables the entry pointed at.
 */
static void test_unconfirmed_attach_keeps_tables(void **state)
{
    struct vtd_pt *pt = dom1.iommu->hw;
    struct gpmap_range r;
    paddr_t pa;

    map_dma_page(&dom1, &r, 0x500000000000ull);
    vtd_model.drop_status_writes = 1 + VTD_QI_RESUBMITS;
    assert_int_equal(iommu_attach_device(&vf), -ETIMEDOUT);
    assert_int_equal(vtd_model_translate(vf.sbdf.bdf, r.gaddr, true, &pa), 0);
    assert_int_equal(pa, r.pa);
    assert_int_equal(dom1.iommu->nr_devices, 1);
    assert_true(host_log_contains("the device may use d1's table"));
    assert_false(host_log_contains("its DMA is blocked"));

    /* Its owner goes without the device having left: tables and memory
     * are kept (the @pre of gpmap_destroy() broken, failing closed). */
    assert_int_equal(gpmap_erase(&dom1, &r), 0);   /* the unit works again */
    gpmap_destroy(&dom1);
    assert_false(dom1.iommu->dead);
    assert_non_null(pt->root);
    assert_true(host_log_contains("may still use its DMA tables"));
    /* Once the device is blocked, the tables can go. */
    leave(&dom1);
    assert_int_equal(dom1.iommu->nr_devices, 0);
    gpmap_destroy(&dom0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_erase_frees_after_invalidation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unconfirmed_unmap_keeps_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unconfirmed_attach_keeps_tables, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
