/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intel VT-d inside mhv: what the files of drivers/passthrough/vtd/ share.
 * The rest of the hypervisor uses <mhv/passthrough/iommu.h> only.
 *
 *   dmar.c       the ACPI DMAR table (dmar.h)
 *   hw.c         register and table-memory access (the host tests replace
 *                it with a model of the unit: tests/host/vtd_model.c)
 *   unit.c       bring-up (CAP/ECAP, QI, root and context tables, the
 *                enables) and the invalidations
 *   pagetable.c  the second-level tables of a domain
 *   intremap.c   the interrupt remapping table
 *   fault.c      the fault event interrupt, fault recording, counters
 *
 * ---------------------------------------------------------------- locks
 *
 *   u->lock      (spinlock, class "vtd_unit->lock", IRQ-safe) per unit: its
 *                registers, its invalidation queue, its root and context
 *                tables and its interrupt remapping table.  Leaf: takes no
 *                other checked lock (the page allocator's page_lock aside).
 *   di->lock     (spinlock, class "domain_iommu->lock", IRQ-safe: a dead
 *                domain's tables go from the scheduler) per domain: the
 *                domain's second-level tables and counters.  May take
 *                u->lock (IOTLB invalidation) -- never the other way round.
 *   Where they stand among the others: docs/locking.md ("Lock order").
 *
 * Every invalidation waits for its completion (a wait descriptor with a
 * status write to a word of its own) before the caller goes on; a unit
 * that stops fetching is found within VTD_POLL_NS (unit.c).
 */
#ifndef MHV_VTD_VTD_H
#define MHV_VTD_VTD_H

#include <mhv/types.h>
#include <mhv/spinlock.h>
#include <mhv/sbdf.h>
#include "dmar.h"

/* ------------------------------------------------------------ registers */

#define VTD_VER         0x00
#define VTD_CAP         0x08
#define VTD_ECAP        0x10
#define VTD_GCMD        0x18    /* 32-bit, write-only */
#define VTD_GSTS        0x1c    /* 32-bit */
#define VTD_RTADDR      0x20
#define VTD_CCMD        0x28
#define VTD_FSTS        0x34    /* 32-bit */
#define VTD_FECTL       0x38    /* 32-bit */
#define VTD_FEDATA      0x3c    /* 32-bit */
#define VTD_FEADDR      0x40    /* 32-bit */
#define VTD_FEUADDR     0x44    /* 32-bit */
#define VTD_IQH         0x80
#define VTD_IQT         0x88
#define VTD_IQA         0x90
#define VTD_ICS         0x9c    /* 32-bit */
#define VTD_IRTA        0xb8

#define GCMD_TE         (1u << 31)
#define GCMD_SRTP       (1u << 30)
#define GCMD_QIE        (1u << 26)
#define GCMD_IRE        (1u << 25)
#define GCMD_SIRTP      (1u << 24)
#define GCMD_CFI        (1u << 23)
/* GSTS has the same bit positions (TES, RTPS, QIES, IRES, IRTPS, CFIS). */

#define FSTS_PFO        (1u << 0)
#define FSTS_PPF        (1u << 1)
#define FSTS_IQE        (1u << 4)
#define FSTS_ICE        (1u << 5)
#define FSTS_ITE        (1u << 6)
#define FECTL_IM        (1u << 31)

#define CAP_ND(c)       ((c) & 7)
#define CAP_CM          (1ull << 7)
#define CAP_SAGAW(c)    (((c) >> 8) & 0x1f)
#define CAP_MGAW(c)     ((((c) >> 16) & 0x3f) + 1)
#define CAP_FRO(c)      ((((c) >> 24) & 0x3ff) * 16)
#define CAP_PSI         (1ull << 39)
#define CAP_NFR(c)      ((((c) >> 40) & 0xff) + 1)
#define ECAP_C          (1ull << 0)
#define ECAP_QI         (1ull << 1)
#define ECAP_IR         (1ull << 3)
#define ECAP_EIM        (1ull << 4)

/* Fault recording register i: 16 bytes at CAP_FRO + 16 i. */
#define FRCD_HI_F       (1ull << 63)
#define FRCD_HI_T       (1ull << 62)    /* 1: read request, 0: write */
#define FRCD_HI_FR(h)   (((h) >> 32) & 0xff)
#define FRCD_HI_SID(h)  ((h) & 0xffff)

/* ------------------------------------------------------------ tables */

/* Root and context entries (legacy mode), 16 bytes each. */
#define VTD_P           1ull
#define CTX_LO_FPD      (1ull << 1)
#define CTX_HI_AW(l)    ((u64)((l) == 4 ? 2 : 1))
#define CTX_HI_DID(did) ((u64)(did) << 8)
#define CTX_HI_DID_OF(hi) (((hi) >> 8) & 0xffff)
#define VTD_ADDR_MASK   0x000ffffffffff000ull

/* Second-level entries. */
#define SL_R            (1ull << 0)
#define SL_W            (1ull << 1)
#define SL_PS           (1ull << 7)

/* ------------------------------------------------------------ QI */

#define QI_CC           0x1     /* context-cache invalidate */
#define QI_IOTLB        0x2
#define QI_IEC          0x4
#define QI_WAIT         0x5
#define QI_GRAN_GLOBAL  1
#define QI_GRAN_DOMAIN  2
#define QI_GRAN_DEVICE  3       /* context cache */
#define QI_GRAN_PAGE    3       /* IOTLB */
#define QI_IOTLB_DR     (1ull << 7)
#define QI_IOTLB_DW     (1ull << 6)
#define QI_WAIT_SW      (1ull << 5)
#define QI_IEC_INDEX    (1ull << 4)
#define VTD_IQ_ENTRIES  256     /* one 4 KiB page of 16-byte descriptors */

/* Polls give up after this long (logged, never a hang); an invalidation
 * wait looks at the unit's progress after each such period (unit.c). */
#define VTD_POLL_NS     (1000ull * 1000 * 1000)
/* Wait descriptors queued again for one batch whose status writes went
 * missing although the unit fetched them. */
#define VTD_QI_RESUBMITS 3
/* Tail writes repeated for one batch while IQT does not show the tail
 * written; then the unit is out of service. */
#define VTD_QI_REWRITES 3
/* Periods one batch may wait while IQH moves without reaching its tail
 * (a slow unit fetches a batch of a few descriptors in far less); then
 * the unit is out of service. */
#define VTD_QI_MOVING_PERIODS 10

/* ------------------------------------------------------------ units */

struct vtd_unit {
    unsigned int index;             /* in dmar_info.drhds[] */
    const struct dmar_drhd *drhd;
    volatile u8 *regs;              /* hw.c: the mapped registers */
    u64 cap, ecap;
    unsigned int levels;            /* the unit's deepest table: 3 or 4 */

    spinlock_t lock;                /* everything below (vtd.h) */
    u32 gcmd;                       /* enables every GCMD write repeats */
    u64 *root;                      /* root table (256 entries) */
    paddr_t root_pa;
    u64 *ctx[256];                  /* context table per bus, or NULL */
    u16 ctx_used[256];              /* present entries in ctx[bus] */
    u64 *iq;                        /* invalidation queue */
    paddr_t iq_pa;
    unsigned int iq_tail;
    /* Status words of wait descriptors, one per queue slot (a page of
     * VTD_IQ_ENTRIES words): the wait in slot i writes word i. */
    volatile u32 *wait_status;
    paddr_t wait_status_pa;
    u32 wait_seq;                   /* last sequence number used, never 0 */
    u64 *irt;                       /* interrupt remapping table */
    paddr_t irt_pa;
    unsigned int irt_entries;
    unsigned int irt_order;         /* the table is 2^irt_order pages */
    bool dma_on, ir_on, eim;
    unsigned int nr_contexts;       /* present context entries */
    unsigned int nr_irtes;          /* present IRTEs */
    unsigned long nr_faults;        /* recorded since boot */
    /* Out of service: the queue reported an error or stopped fetching;
     * every later invalidation fails at once. */
    bool broken;
    /* A context entry (or a bus's table) was cleared but its invalidation
     * failed: the context cache may still hold it, so no later block is
     * confirmed before a global invalidation succeeds. */
    bool ctx_stale;
};

extern struct vtd_unit vtd_units[DMAR_MAX_UNITS];
extern unsigned int vtd_nr_units;
/* Table depth every domain uses: the deepest all units support. */
extern unsigned int vtd_levels;

/* ------------------------------------------------------------ hw.c */

/* Map the unit's registers (u->regs); false when impossible. */
bool vtd_hw_map(struct vtd_unit *u);
u32 vtd_read32(struct vtd_unit *u, unsigned int reg);
u64 vtd_read64(struct vtd_unit *u, unsigned int reg);
void vtd_write32(struct vtd_unit *u, unsigned int reg, u32 v);
void vtd_write64(struct vtd_unit *u, unsigned int reg, u64 v);
/* A zeroed page for a table (NULL when none) and its physical address. */
void *vtd_alloc_page(paddr_t *pa);
void vtd_free_page(void *va);
/* 2^@order zeroed contiguous pages (the interrupt remapping table). */
void *vtd_alloc_pages(unsigned int order, paddr_t *pa);
void vtd_free_pages(void *va, unsigned int order);
void *vtd_phys_to_virt(paddr_t pa);
/* Make CPU writes to tables visible to a unit without coherency. */
void vtd_flush_cache(const void *p, size_t len);
/* Monotonic ns, for bounded polls. */
u64 vtd_now_ns(void);
/* Pages allocated by vtd_alloc_page() and not freed. */
extern unsigned long vtd_pages_in_use;

/* ------------------------------------------------------------ unit.c */

/* Bring unit @u up (tables, QI, DMA remapping).  0 or negative errno. */
int vtd_unit_init(struct vtd_unit *u);
/* Write GCMD = u->gcmd | @oneshot and wait for GSTS to show @want. */
int vtd_gcmd(struct vtd_unit *u, u32 oneshot, u32 want);
/* Queue the 16-byte descriptor (@lo, @hi); @pre u->lock held. */
void vtd_qi_queue(struct vtd_unit *u, u64 lo, u64 hi);
/* Queue a wait descriptor, submit, and wait.  @pre u->lock held. */
int vtd_qi_sync(struct vtd_unit *u);
/*
 * Context entry of @sbdf on @u: present with domain id @did and table
 * @pgd_pa (levels vtd_levels), or absent when @pgd_pa is 0 (blocked).
 * Invalidates the context cache for the device and the IOTLB of the old
 * domain id and waits for both.  0, -ENOMEM (no context table page) or
 * the invalidation's error (-ETIMEDOUT, -EIO): then a new present entry
 * may be in use all the same, and a cleared one may still be cached --
 * until a later block of any function on the unit confirms it with a
 * global invalidation (0 for a block means every earlier clear is
 * confirmed).
 */
int vtd_set_context(struct vtd_unit *u, pci_sbdf_t sbdf, u16 did,
                    paddr_t pgd_pa);
/* The domain id in @sbdf's present context entry, or -1 when absent. */
int vtd_context_did(struct vtd_unit *u, pci_sbdf_t sbdf);
/* IOTLB invalidation of one page of @did (or all of @did when @page is
 * ~0ul) on every unit, waited for. */
int vtd_flush_iotlb(u16 did, unsigned long page);
/* Free the unit's context tables and queue (host tests). */
void vtd_unit_teardown(struct vtd_unit *u);

/* ------------------------------------------------------------ pagetable.c */

struct vtd_pt {
    u64 *root;
    paddr_t root_pa;
    unsigned int levels;            /* 3 (39-bit) or 4 (48-bit) */
    unsigned long nr_tables;        /* table pages, the root included */
    unsigned long nr_leaves;        /* mapped 4 KiB pages */
};

/* Allocate the root.  0 or -ENOMEM. */
int vtd_pt_init(struct vtd_pt *pt, unsigned int levels);
/*
 * Map 4 KiB at @iova to @pa, writable or read-only.  0, -EEXIST (a
 * mapping is there), -ERANGE (beyond the table's width), -ENOMEM.
 */
int vtd_pt_map(struct vtd_pt *pt, u64 iova, paddr_t pa, bool writable);
/* Unmap @iova; true when something was mapped (the caller invalidates). */
bool vtd_pt_unmap(struct vtd_pt *pt, u64 iova);
/* The leaf entry for @iova, or 0. */
u64 vtd_pt_lookup(const struct vtd_pt *pt, u64 iova);
/* Free every table. */
void vtd_pt_destroy(struct vtd_pt *pt);

/* ------------------------------------------------------------ intremap.c */

/* Set up and enable interrupt remapping on @u.  0 or negative errno. */
int vtd_intremap_init(struct vtd_unit *u, bool eim);
/* The IRTE index that (@cpu, @vector) uses. */
unsigned int vtd_irte_index(unsigned int cpu, unsigned int vector);
/* The 128-bit IRTE for @vector on APIC id @apic_id, source-checked for
 * requester id @sid (exactly). */
void vtd_irte_compose(u64 irte[2], u32 apic_id, unsigned int vector,
                      u16 sid, bool eim);
/* The remappable-format MSI address of IRTE @index (subhandle valid when
 * @shv). */
u32 vtd_msi_remap_addr(unsigned int index, bool shv);
/* Write IRTE @index and invalidate it (IEC), waited for.  0, -ERANGE or
 * the invalidation's error. */
int vtd_irte_set(struct vtd_unit *u, unsigned int index, const u64 irte[2]);
/* Clear IRTE @index (not present) and invalidate it, waited for. */
int vtd_irte_clear(struct vtd_unit *u, unsigned int index);

/* ------------------------------------------------------------ fault.c */

/* Reason @fr's name ("write denied", ...). */
const char *vtd_fault_reason(unsigned int fr);
/* Handle every recorded fault of @u: log, count, clear.  Returns how many. */
unsigned int vtd_fault_scan(struct vtd_unit *u);
/* Route @u's fault event to the hypervisor.  0 or negative errno. */
int vtd_fault_init(struct vtd_unit *u);

/*
 * Fault counters per function (the first VTD_MAX_FAULT_DEVS that faulted)
 * and per domain id; read by the sysctl.  Written under the unit's lock.
 */
#define VTD_MAX_FAULT_DEVS  32
struct vtd_fault_dev {
    pci_sbdf_t sbdf;
    u16 did;                        /* domain id at the last fault, 0 none */
    unsigned long count;
};
extern struct vtd_fault_dev vtd_fault_devs[VTD_MAX_FAULT_DEVS];
extern unsigned int vtd_nr_fault_devs;


#endif /* MHV_VTD_VTD_H */
