/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VT-d on a model of the unit (tests/unit/vtd_model.c): bring-up (GCMD
 * repeats its enables, QI before anything is invalidated, no wrong-size
 * access), second-level tables (build, permissions at every level, width
 * limits, teardown back to zero pages), context moves (the old owner's
 * cached translations die with the move, blocked means blocked, empty
 * context tables are freed), IOTLB invalidation on unmap, IRTE composition
 * and remappable MSI addresses, interrupt remapping bring-up, and fault
 * recording (log line, counters, registers cleared).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <mhv/errno.h>
#include <asm/msi.h>
#include <asm/irq.h>
#include <mhv/passthrough/iommu.h>
#include "harness.h"
#include "vtd_model.h"
#include "../../drivers/passthrough/vtd/vtd.h"
#include <mhv/sbdf.h>

static struct dmar_drhd drhd = { .reg_base = 0xfed90000 };
static struct vtd_unit *u = &vtd_units[0];
static unsigned int faults_counted[8];
static long pages0;

/* ---- what fault.c needs from the rest of the hypervisor ---- */
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

void iommu_count_fault(u16 did, unsigned int reason, u64 addr)
{
    if (did < 8)
        faults_counted[did]++;
}

static int setup(void **state)
{
    host_log_clear();
    vtd_model_reset(VTD_MODEL_CAP, VTD_MODEL_ECAP);
    memset(u, 0, sizeof(*u));
    memset(faults_counted, 0, sizeof(faults_counted));
    vtd_nr_fault_devs = 0;
    memset(vtd_fault_devs, 0, sizeof(vtd_fault_devs));
    u->drhd = &drhd;
    assert_true(vtd_hw_map(u));
    u->cap = vtd_read64(u, VTD_CAP);
    u->ecap = vtd_read64(u, VTD_ECAP);
    vtd_units[0].index = 0;
    vtd_nr_units = 1;
    vtd_levels = 4;
    pages0 = vtd_model_pages();
    return 0;
}

static int teardown(void **state)
{
    vtd_unit_teardown(u);
    assert_int_equal(vtd_model_pages(), pages0);
    assert_int_equal(vtd_model.bad_access, 0);
    assert_int_equal(vtd_model.enables_dropped, 0);
    return 0;
}

#define assert_log(s)                                                       \
    do {                                                                    \
        if (!host_log_contains(s))                                          \
            fail_msg("log lacks \"%s\"", s);                                \
    } while (0)

static void test_bring_up(void **state)
{
    assert_int_equal(vtd_unit_init(u), 0);
    assert_true(u->dma_on);
    assert_int_equal(vtd_model.root, u->root_pa);
    assert_true(vtd_read32(u, VTD_GSTS) & GCMD_TE);
    assert_true(vtd_read32(u, VTD_GSTS) & GCMD_QIE);
    assert_true(vtd_read32(u, VTD_FECTL) & FECTL_IM);
    /* Global context-cache, global IOTLB, then a wait. */
    assert_int_equal(vtd_model.nr_events, 3);
    assert_int_equal(vtd_model.events[0].type, QI_CC);
    assert_int_equal(vtd_model.events[0].gran, QI_GRAN_GLOBAL);
    assert_int_equal(vtd_model.events[1].type, QI_IOTLB);
    assert_int_equal(vtd_model.events[1].gran, QI_GRAN_GLOBAL);
    assert_int_equal(vtd_model.events[2].type, QI_WAIT);
    /* Blocked until a context entry exists. */
    {
        paddr_t pa;

        assert_int_equal(vtd_model_translate(0x0180, 0x1000, false, &pa), 1);
    }
}

static void test_no_qi_refused(void **state)
{
    vtd_model_reset(VTD_MODEL_CAP, VTD_MODEL_ECAP & ~ECAP_QI);
    u->ecap = vtd_read64(u, VTD_ECAP);
    assert_int_equal(vtd_unit_init(u), -EOPNOTSUPP);
    assert_false(u->dma_on);
    assert_log("has no queued invalidation");
}

static void check_pt(unsigned int levels)
{
    struct vtd_pt pt;
    u64 top = 1ull << (12 + 9 * levels);

    assert_int_equal(vtd_pt_init(&pt, levels), 0);
    assert_int_equal(pt.nr_tables, 1);
    assert_int_equal(vtd_pt_map(&pt, 0x400000, 0x12345000, true), 0);
    assert_int_equal(vtd_pt_map(&pt, 0x401000, 0x22345000, false), 0);
    assert_int_equal(pt.nr_tables, levels);     /* one table per level */
    assert_int_equal(vtd_pt_map(&pt, 0x400000, 0x5000, true), -EEXIST);
    assert_int_equal(vtd_pt_map(&pt, top, 0x5000, true), -ERANGE);
    assert_int_equal(vtd_pt_map(&pt, top - 0x1000, 0x6000, true), 0);
    assert_int_equal(vtd_pt_map(&pt, 0x400800, 0x5000, true), -EINVAL);
    assert_int_equal(vtd_pt_lookup(&pt, 0x400000), 0x12345000 | SL_R | SL_W);
    assert_int_equal(vtd_pt_lookup(&pt, 0x401000), 0x22345000 | SL_R);
    assert_int_equal(vtd_pt_lookup(&pt, 0x402000), 0);
    assert_int_equal(pt.nr_leaves, 3);
    /* Tables carry R|W at every level (the unit checks them all). */
    {
        u64 e = pt.root[(0x400000ull >> (12 + 9 * (levels - 1))) & 511];

        assert_int_equal(e & (SL_R | SL_W), SL_R | SL_W);
    }
    assert_true(vtd_pt_unmap(&pt, 0x400000));
    assert_false(vtd_pt_unmap(&pt, 0x400000));
    assert_false(vtd_pt_unmap(&pt, top));
    assert_int_equal(vtd_pt_lookup(&pt, 0x400000), 0);
    assert_int_equal(pt.nr_leaves, 2);
    vtd_pt_destroy(&pt);
    assert_null(pt.root);
    assert_int_equal(pt.nr_tables, 0);
    assert_int_equal(vtd_model_pages(), pages0);
}

static void test_pagetable_4level(void **state)
{
    check_pt(4);
}

static void test_pagetable_3level(void **state)
{
    check_pt(3);
}

/* Many pages over many tables, then all of it freed. */
static void test_pagetable_teardown(void **state)
{
    struct vtd_pt pt;

    assert_int_equal(vtd_pt_init(&pt, 4), 0);
    for (u64 i = 0; i < 2048; i++)
        assert_int_equal(vtd_pt_map(&pt, 0x400000 + i * 0x201000,
                                    0x100000 + i * 0x1000, i & 1), 0);
    assert_true(pt.nr_tables > 100);
    assert_int_equal(vtd_model_pages() - pages0, (long)pt.nr_tables);
    vtd_pt_destroy(&pt);
    assert_int_equal(vtd_model_pages(), pages0);
}

static const pci_sbdf_t vf0 = { .sbdf = 0x0180 };      /* 0000:01:10.0 */
static const pci_sbdf_t vf1 = { .sbdf = 0x0182 };

/* A VF moves d1 -> quarantine -> d2: d1's cached translation dies. */
static void test_context_moves(void **state)
{
    struct vtd_pt d1, d2;
    paddr_t pa;
    long pages;

    assert_int_equal(vtd_unit_init(u), 0);
    pages = vtd_model_pages();
    assert_int_equal(vtd_pt_init(&d1, 4), 0);
    assert_int_equal(vtd_pt_init(&d2, 4), 0);
    assert_int_equal(vtd_pt_map(&d1, 0x600000, 0xaaaa000, true), 0);
    assert_int_equal(vtd_pt_map(&d2, 0x600000, 0xbbbb000, true), 0);

    assert_int_equal(vtd_set_context(u, vf0, 2, d1.root_pa), 0);
    assert_int_equal(u->nr_contexts, 1);
    assert_int_equal(vtd_context_did(u, vf0), 2);
    assert_int_equal(vtd_model_translate(vf0.bdf, 0x600010, true, &pa), 0);
    assert_int_equal(pa, 0xaaaa010);
    /* The other VF has no entry: blocked. */
    assert_int_equal(vtd_model_translate(vf1.bdf, 0x600010, true, &pa), 2);

    /* Quarantine: cleared, the device's context cache and d1's IOTLB
     * invalidated, then a completed wait. */
    vtd_model_clear_events();
    assert_int_equal(vtd_set_context(u, vf0, 0, 0), 0);
    assert_int_equal(vtd_context_did(u, vf0), -1);
    assert_int_equal(vtd_model.nr_events, 5);
    assert_int_equal(vtd_model.events[0].type, QI_CC);
    assert_int_equal(vtd_model.events[0].gran, QI_GRAN_DEVICE);
    assert_int_equal(vtd_model.events[0].sid, vf0.bdf);
    assert_int_equal(vtd_model.events[0].did, 2);
    assert_int_equal(vtd_model.events[1].type, QI_IOTLB);
    assert_int_equal(vtd_model.events[1].gran, QI_GRAN_DOMAIN);
    assert_int_equal(vtd_model.events[1].did, 2);
    assert_int_equal(vtd_model.events[2].type, QI_WAIT);
    /* The bus's last entry went: its context table too (global CC), so
     * only the two domains' 4 tables each remain. */
    assert_int_equal(vtd_model.events[3].type, QI_CC);
    assert_int_equal(vtd_model.events[3].gran, QI_GRAN_GLOBAL);
    assert_int_equal(vtd_model.events[4].type, QI_WAIT);
    assert_int_equal(vtd_model_pages(), pages + 8);
    assert_int_equal(vtd_model_translate(vf0.bdf, 0x600010, true, &pa), 1);

    /* d2 gets it: d2's page, never d1's. */
    assert_int_equal(vtd_set_context(u, vf0, 3, d2.root_pa), 0);
    assert_int_equal(vtd_model_translate(vf0.bdf, 0x600010, false, &pa), 0);
    assert_int_equal(pa, 0xbbbb010);

    /* A direct switch (present -> present) also goes through absent and
     * invalidates the old domain's IOTLB first. */
    vtd_model_clear_events();
    assert_int_equal(vtd_set_context(u, vf0, 2, d1.root_pa), 0);
    assert_int_equal(vtd_model.events[1].type, QI_IOTLB);
    assert_int_equal(vtd_model.events[1].did, 3);
    assert_int_equal(vtd_model_translate(vf0.bdf, 0x600010, false, &pa), 0);
    assert_int_equal(pa, 0xaaaa010);
    /* Same again: nothing to do. */
    vtd_model_clear_events();
    assert_int_equal(vtd_set_context(u, vf0, 2, d1.root_pa), 0);
    assert_int_equal(vtd_model.nr_events, 0);

    assert_int_equal(vtd_set_context(u, vf0, 0, 0), 0);
    assert_int_equal(u->nr_contexts, 0);
    vtd_pt_destroy(&d1);
    vtd_pt_destroy(&d2);
    assert_int_equal(vtd_model_pages(), pages);
}

/* A cleared PTE keeps translating until the IOTLB is invalidated: the
 * model caches like QEMU, and vtd_flush_iotlb() is what ends it. */
static void test_unmap_needs_iotlb_flush(void **state)
{
    struct vtd_pt d1;
    paddr_t pa;

    assert_int_equal(vtd_unit_init(u), 0);
    assert_int_equal(vtd_pt_init(&d1, 4), 0);
    assert_int_equal(vtd_pt_map(&d1, 0x700000, 0xcccc000, true), 0);
    assert_int_equal(vtd_set_context(u, vf0, 2, d1.root_pa), 0);
    assert_int_equal(vtd_model_translate(vf0.bdf, 0x700000, true, &pa), 0);
    assert_true(vtd_pt_unmap(&d1, 0x700000));
    /* Stale, as on hardware. */
    assert_int_equal(vtd_model_translate(vf0.bdf, 0x700000, true, &pa), 0);
    vtd_model_clear_events();
    assert_int_equal(vtd_flush_iotlb(2, 0x700), 0);
    assert_int_equal(vtd_model.events[0].type, QI_IOTLB);
    assert_int_equal(vtd_model.events[0].gran, QI_GRAN_PAGE);
    assert_int_equal(vtd_model.events[0].addr, 0x700000);
    assert_int_equal(vtd_model.events[1].type, QI_WAIT);
    assert_int_equal(vtd_model_translate(vf0.bdf, 0x700000, true, &pa), 5);
    /* Read-only pages are read-only for DMA. */
    assert_int_equal(vtd_pt_map(&d1, 0x701000, 0xdddd000, false), 0);
    assert_int_equal(vtd_model_translate(vf0.bdf, 0x701000, false, &pa), 0);
    assert_int_equal(vtd_model_translate(vf0.bdf, 0x701000, true, &pa), 5);
    /* Beyond the domain's memory: nothing. */
    assert_int_equal(vtd_model_translate(vf0.bdf, 0x7f000000, false, &pa), 6);
    assert_int_equal(vtd_set_context(u, vf0, 0, 0), 0);
    vtd_pt_destroy(&d1);
}

static void test_irte_compose(void **state)
{
    u64 irte[2];

    vtd_irte_compose(irte, 3, 0x41, 0x0182, false);
    assert_int_equal(irte[0], 1 | (0x41ull << 16) | (3ull << 40));
    assert_int_equal(irte[1], 0x0182 | (1ull << 18));       /* SVT 1, SQ 0 */
    vtd_irte_compose(irte, 0x1234, 0xfe, 0x0100, true);
    assert_int_equal(irte[0], 1 | (0xfeull << 16) | (0x1234ull << 32));
    assert_int_equal(irte[1], 0x0100 | (1ull << 18));
    /* Remappable format: handle[14:0] in 19:5, bit 4, SHV 3, handle[15] 2. */
    assert_int_equal(vtd_msi_remap_addr(0, false), 0xfee00010);
    assert_int_equal(vtd_msi_remap_addr(0x141, false), 0xfee00010 | (0x141 << 5));
    assert_int_equal(vtd_msi_remap_addr(0x8001, true), 0xfee00010 | (1 << 5) | 8 | 4);
    assert_int_equal(vtd_irte_index(0, 0x41), 0x41);
    assert_int_equal(vtd_irte_index(3, 0x41), 3 * 256 + 0x41);
}

static void test_intremap(void **state)
{
    u64 irte[2];

    assert_int_equal(vtd_unit_init(u), 0);
    u->irt_entries = 512;
    u->irt_order = 1;
    u->irt = vtd_alloc_pages(1, &u->irt_pa);
    vtd_model_clear_events();
    assert_int_equal(vtd_intremap_init(u, true), 0);
    assert_true(u->ir_on);
    assert_int_equal(vtd_model.irta, u->irt_pa | (1 << 11) | 8);   /* 2^9 */
    assert_true(vtd_read32(u, VTD_GSTS) & GCMD_IRE);
    assert_true(vtd_read32(u, VTD_GSTS) & GCMD_TE);     /* kept on */
    assert_true(vtd_model.events[0].type == QI_IEC && vtd_model.events[0].global_iec);

    vtd_irte_compose(irte, 1, 0x42, 0x0180, true);
    vtd_model_clear_events();
    assert_int_equal(vtd_irte_set(u, vtd_irte_index(1, 0x42), irte), 0);
    assert_int_equal(u->nr_irtes, 1);
    assert_int_equal(u->irt[2 * (256 + 0x42)], irte[0]);
    assert_int_equal(u->irt[2 * (256 + 0x42) + 1], irte[1]);
    assert_int_equal(vtd_model.events[0].type, QI_IEC);
    assert_false(vtd_model.events[0].global_iec);
    assert_int_equal(vtd_model.events[0].index, 256 + 0x42);
    assert_int_equal(vtd_model.events[1].type, QI_WAIT);
    /* Rewriting keeps one entry; clearing invalidates it. */
    assert_int_equal(vtd_irte_set(u, vtd_irte_index(1, 0x42), irte), 0);
    assert_int_equal(u->nr_irtes, 1);
    vtd_model_clear_events();
    assert_int_equal(vtd_irte_clear(u, vtd_irte_index(1, 0x42)), 0);
    assert_int_equal(u->nr_irtes, 0);
    assert_int_equal(u->irt[2 * (256 + 0x42)], 0);
    assert_int_equal(vtd_model_count(QI_IEC), 1);
    /* A second clear does nothing; beyond the table is refused. */
    vtd_model_clear_events();
    assert_int_equal(vtd_irte_clear(u, vtd_irte_index(1, 0x42)), 0);
    assert_int_equal(vtd_model.nr_events, 0);
    assert_int_equal(vtd_irte_set(u, 512, irte), -ERANGE);
}

static void test_faults(void **state)
{
    struct vtd_pt d1;

    assert_int_equal(vtd_unit_init(u), 0);
    assert_int_equal(vtd_pt_init(&d1, 4), 0);
    assert_int_equal(vtd_set_context(u, vf0, 2, d1.root_pa), 0);   /* d1 */
    assert_int_equal(vtd_fault_init(u), 0);
    assert_int_equal(vtd_read32(u, VTD_FEDATA), 0x40);
    assert_int_equal(vtd_read32(u, VTD_FECTL), 0);                 /* unmasked */

    vtd_model_inject_fault(0, vf0.bdf, 0xdead000, 5, false);
    assert_int_equal(vtd_fault_scan(u), 1);
    assert_log("VT-d: DMA fault: 0000:01:10.0 (d1) write 0xdead000: write denied");
    /* Counted against d1's own log bucket: a domain whose device faults
     * without end silences its own fault lines, not the next domain's. */
    assert_int_equal(host_log_bucket, 1);
    assert_false(vtd_read64(u, 0x228) & FRCD_HI_F);        /* cleared */
    assert_int_equal(faults_counted[2], 1);
    assert_int_equal(vtd_nr_fault_devs, 1);
    assert_int_equal(vtd_fault_devs[0].count, 1);
    assert_int_equal(u->nr_faults, 1);
    /* Nothing left: a second scan finds nothing. */
    assert_int_equal(vtd_fault_scan(u), 0);

    /* An unowned function, a read, and an overflow that is cleared. */
    vtd_model_inject_fault(0, vf1.bdf, 0x1000, 6, true);
    vtd_write32(u, VTD_FSTS, 0);
    memcpy(&vtd_model.regs[VTD_FSTS], &(u32){ FSTS_PFO | FSTS_PPF }, 4);
    assert_int_equal(vtd_fault_scan(u), 1);
    assert_log("VT-d: DMA fault: 0000:01:10.2 (none) read 0x1000: read denied");
    assert_int_equal(host_log_bucket, -1);                  /* the shared one */
    assert_false(vtd_read32(u, VTD_FSTS) & FSTS_PFO);
    assert_int_equal(faults_counted[0], 1);

    /* Interrupt faults name the IRTE. */
    vtd_model_inject_fault(0, vf0.bdf, 0x0203ull << 48, 0x26, false);
    assert_int_equal(vtd_fault_scan(u), 1);
    assert_log("VT-d: DMA fault: 0000:01:10.0 (d1) write irte 0x203: source-id check failed");
    assert_int_equal(host_log_bucket, 1);
    assert_int_equal(vtd_fault_devs[0].count, 2);
    assert_int_equal(vtd_set_context(u, vf0, 0, 0), 0);
    vtd_pt_destroy(&d1);
}

static void test_fault_reasons(void **state)
{
    assert_string_equal(vtd_fault_reason(2), "context entry not present (blocked)");
    assert_string_equal(vtd_fault_reason(5), "write denied");
    assert_string_equal(vtd_fault_reason(6), "read denied");
    assert_string_equal(vtd_fault_reason(0x26), "source-id check failed");
    assert_string_equal(vtd_fault_reason(0x99), "unknown reason");
}

/* ---- invalidation waits: what the unit did decides, not the clock ---- */

static u64 wait_addr(unsigned int nth)
{
    for (unsigned int i = 0, n = 0; i < vtd_model.nr_events; i++)
        if (vtd_model.events[i].type == QI_WAIT && n++ == nth)
            return vtd_model.events[i].addr;
    fail_msg("no wait number %u", nth);
    return 0;
}

/* Each wait has a status word of its own: the word of its queue slot. */
static void test_qi_status_per_slot(void **state)
{
    assert_int_equal(vtd_unit_init(u), 0);
    vtd_model_clear_events();
    assert_int_equal(vtd_flush_iotlb(1, 5), 0);
    assert_int_equal(vtd_flush_iotlb(1, 6), 0);
    assert_int_equal(vtd_model_count(QI_WAIT), 2);
    assert_int_not_equal(wait_addr(0), wait_addr(1));
    assert_in_range(wait_addr(0), u->wait_status_pa, u->wait_status_pa + 4095);
    assert_in_range(wait_addr(1), u->wait_status_pa, u->wait_status_pa + 4095);
}

/*
 * The state the stress test ended in: the unit fetched everything (IQH =
 * IQT), FSTS clean, and the status word one sequence behind -- the wait's
 * status write is missing.  That is not a dead unit: another wait behind
 * it confirms the batch, the caller gets 0, and the unit stays in service.
 */
static void test_qi_status_write_missing(void **state)
{
    u64 irte[2];

    assert_int_equal(vtd_unit_init(u), 0);
    u->irt_entries = 512;
    u->irt_order = 1;
    u->irt = vtd_alloc_pages(1, &u->irt_pa);
    assert_int_equal(vtd_intremap_init(u, true), 0);
    vtd_irte_compose(irte, 1, 0x42, 0x0180, true);
    host_log_clear();
    vtd_model_clear_events();
    vtd_model.drop_status_writes = 1;
    assert_int_equal(vtd_irte_set(u, vtd_irte_index(1, 0x42), irte), 0);
    assert_false(u->broken);
    assert_int_equal(vtd_read64(u, VTD_IQH), vtd_read64(u, VTD_IQT));
    assert_int_equal(vtd_model_count(QI_WAIT), 2);      /* the second confirms */
    assert_log("but its status");
    assert_log("queuing another");
    /* The next invalidation goes as usual. */
    vtd_model_clear_events();
    assert_int_equal(vtd_irte_clear(u, vtd_irte_index(1, 0x42)), 0);
    assert_int_equal(vtd_model_count(QI_WAIT), 1);
}

/* A tail write the unit did not take is written again. */
static void test_qi_tail_write_lost(void **state)
{
    assert_int_equal(vtd_unit_init(u), 0);
    host_log_clear();
    vtd_model_clear_events();
    vtd_model.drop_iqt_writes = 1;
    assert_int_equal(vtd_flush_iotlb(3, ~0ul), 0);
    assert_false(u->broken);
    assert_int_equal(vtd_model_count(QI_IOTLB), 1);
    assert_int_equal(vtd_model_count(QI_WAIT), 1);
    assert_log("not the 0x");
    assert_log("writing it again");
}

/* Status writes that never come although the unit fetches: this batch
 * fails after VTD_QI_RESUBMITS more waits, the unit is not put out of
 * service, and the next batch works. */
static void test_qi_status_writes_never_come(void **state)
{
    assert_int_equal(vtd_unit_init(u), 0);
    host_log_clear();
    vtd_model_clear_events();
    vtd_model.drop_status_writes = 1 + VTD_QI_RESUBMITS;
    assert_int_equal(vtd_flush_iotlb(3, ~0ul), -ETIMEDOUT);
    assert_false(u->broken);
    assert_int_equal(vtd_model_count(QI_WAIT), 1 + VTD_QI_RESUBMITS);
    assert_log("invalidation not confirmed");
    assert_int_equal(vtd_flush_iotlb(3, ~0ul), 0);
}

/* A unit that stops fetching is out of service after one period, and
 * later invalidations fail at once without touching it. */
static void test_qi_unit_stopped(void **state)
{
    assert_int_equal(vtd_unit_init(u), 0);
    host_log_clear();
    vtd_model.stopped = true;
    vtd_model_clear_events();
    assert_int_equal(vtd_flush_iotlb(3, ~0ul), -ETIMEDOUT);
    assert_true(u->broken);
    assert_log("invalidation queue stopped");
    assert_int_equal(vtd_model.nr_events, 0);
    assert_int_equal(vtd_flush_iotlb(3, ~0ul), -ETIMEDOUT);
}

/* A unit that never takes a tail write: the wait repeats it a bounded
 * number of times, then the unit is out of service -- never a hang with
 * interrupts off under the unit lock. */
static void test_qi_tail_writes_never_taken(void **state)
{
    assert_int_equal(vtd_unit_init(u), 0);
    host_log_clear();
    vtd_model.drop_iqt_writes = ~0u;
    assert_int_equal(vtd_flush_iotlb(3, ~0ul), -ETIMEDOUT);
    assert_true(u->broken);
    assert_true(vtd_model.now_ns <= (VTD_QI_REWRITES + 2) * VTD_POLL_NS);
    assert_log("takes no tail writes");
    vtd_model.drop_iqt_writes = 0;
    assert_int_equal(vtd_flush_iotlb(3, ~0ul), -ETIMEDOUT);    /* at once */
}

/* IQH moves at every look but never reaches the tail: not slow, wedged;
 * out of service after VTD_QI_MOVING_PERIODS periods. */
static void test_qi_head_moves_for_ever(void **state)
{
    assert_int_equal(vtd_unit_init(u), 0);
    host_log_clear();
    vtd_model.iqh_wanders = true;
    assert_int_equal(vtd_flush_iotlb(3, ~0ul), -ETIMEDOUT);
    assert_true(u->broken);
    assert_true(vtd_model.now_ns <= (VTD_QI_MOVING_PERIODS + 2) * VTD_POLL_NS);
    assert_log("IQH kept moving");
}

/*
 * A block whose invalidation fails leaves the old entry in the context
 * cache; asking again must not report the function blocked while it
 * still translates: the retry invalidates everything first.  Before, the
 * entry was already absent in memory, so the retry returned 0 at once and
 * the device kept the old owner's table.
 */
static void test_block_retry_after_failed_invalidation(void **state)
{
    struct vtd_pt d1;
    paddr_t pa;

    assert_int_equal(vtd_unit_init(u), 0);
    assert_int_equal(vtd_pt_init(&d1, 4), 0);
    assert_int_equal(vtd_pt_map(&d1, 0x600000, 0xaaaa000, true), 0);
    assert_int_equal(vtd_set_context(u, vf0, 2, d1.root_pa), 0);
    assert_int_equal(vtd_set_context(u, vf1, 2, d1.root_pa), 0);
    assert_int_equal(vtd_model_translate(vf0.bdf, 0x600000, true, &pa), 0);
    vtd_model.drop_status_writes = 1 + VTD_QI_RESUBMITS;
    vtd_model.skip_invalidations = 2;
    assert_int_equal(vtd_set_context(u, vf0, 0, 0), -ETIMEDOUT);
    assert_false(u->broken);
    /* Still cached: the device reaches d1's page. */
    assert_int_equal(vtd_model_translate(vf0.bdf, 0x600000, true, &pa), 0);
    vtd_model_clear_events();
    assert_int_equal(vtd_set_context(u, vf0, 0, 0), 0);
    assert_int_equal(vtd_model_translate(vf0.bdf, 0x600000, true, &pa), 2);
    assert_int_equal(vtd_model_count(QI_CC), 1);
    /* Paid once: the next block is as cheap as ever. */
    vtd_model_clear_events();
    assert_int_equal(vtd_set_context(u, vf0, 0, 0), 0);
    assert_int_equal(vtd_model.nr_events, 0);
    assert_int_equal(vtd_set_context(u, vf1, 0, 0), 0);
    vtd_pt_destroy(&d1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_bring_up, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_qi_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pagetable_4level, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pagetable_3level, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pagetable_teardown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_context_moves, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unmap_needs_iotlb_flush, setup, teardown),
        cmocka_unit_test_setup_teardown(test_irte_compose, setup, teardown),
        cmocka_unit_test_setup_teardown(test_intremap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_faults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fault_reasons, setup, teardown),
        cmocka_unit_test_setup_teardown(test_qi_status_per_slot, setup, teardown),
        cmocka_unit_test_setup_teardown(test_qi_status_write_missing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_qi_tail_write_lost, setup, teardown),
        cmocka_unit_test_setup_teardown(test_qi_status_writes_never_come, setup, teardown),
        cmocka_unit_test_setup_teardown(test_qi_unit_stopped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_qi_tail_writes_never_taken, setup, teardown),
        cmocka_unit_test_setup_teardown(test_qi_head_moves_for_ever, setup, teardown),
        cmocka_unit_test_setup_teardown(test_block_retry_after_failed_invalidation, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
