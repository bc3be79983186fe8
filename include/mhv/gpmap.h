/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A domain's guest-physical memory map (common/gpmap.c): which RAM, device
 * (BAR) and DMA pages the domain has, and at which guest address.  It is
 * the one source the domain's mappings are built from: every consumer --
 * the CPU side of the guest kind (a PV domain's page tables; nested page
 * tables for a hardware-virtualized guest) and the IOMMU (the domain's DMA
 * tables) -- is told of each range as it comes and goes, and builds its own
 * tables from it.
 *
 * The guest address is what the guest uses to reach the memory: for a PV
 * domain its virtual address (so its DMA bus address is that same virtual
 * address), for a hardware-virtualized guest its guest-physical address.
 * A range is machine-contiguous, so a consumer may use large pages where
 * the guest address, the machine address and the length allow it.
 *
 * Ranges never overlap.  A range is either the map's own (added with
 * gpmap_add_ram(), freed with the map) or embedded in its owner's record
 * (a BAR mapping, a DMA region: gpmap_insert()/gpmap_erase()).
 *
 * Lock: d->mm_lock guards the ranges and every consumer call once the
 * domain runs; while it is being built (no vCPU yet) or after it died (no
 * vCPU runs any more) nothing else reaches the map.  Consumers may take
 * their own locks inside (the IOMMU's domain_iommu->lock).
 */
#ifndef MHV_GPMAP_H
#define MHV_GPMAP_H

#include <mhv/types.h>
#include <mhv/list.h>
#include <mhv/compiler.h>

struct domain;

enum gpmap_type {
    GPMAP_RAM,          /* the domain's memory: CPU and DMA */
    GPMAP_DMA,          /* DMA memory for its devices: CPU and DMA */
    GPMAP_MMIO,         /* device registers (a BAR): CPU only, uncached */
};

#define GPMAP_WRITE     (1u << 0)
#define GPMAP_EXEC      (1u << 1)
#define GPMAP_OWNED     (1u << 2)   /* the domain's pages: freed with the range */

struct gpmap_range {
    struct list_head entry;         /* on d->gpmap.ranges, by guest address */
    u64 gaddr;                      /* guest address of the first page */
    paddr_t pa;                     /* machine address of the first page */
    unsigned long npages;
    enum gpmap_type type;
    unsigned int flags;             /* GPMAP_* */
    bool map_owned;                 /* the map's own (gpmap_add_ram()) */
};

enum gpmap_state {
    GPMAP_LIVE,         /* ranges come and go */
    GPMAP_DEAD,         /* destroyed with the domain: nothing is added */
};

struct gpmap {
    enum gpmap_state state;
    struct list_head ranges;
    unsigned long nr_pages;         /* in all ranges */
    /* Where the map's own ranges come from: whole pages of them, the
     * domain's like its page tables (freed with it, not heap objects). */
    struct list_head pool_pages;
    struct list_head spare;         /* free ranges of those pages */
};

/* An empty, live map (with the domain). */
static inline void gpmap_init(struct gpmap *m)
{
    m->state = GPMAP_LIVE;
    INIT_LIST_HEAD(&m->ranges);
    m->nr_pages = 0;
    INIT_LIST_HEAD(&m->pool_pages);
    INIT_LIST_HEAD(&m->spare);
}

/*
 * Add @r (filled in by the caller: gaddr, pa, npages, type, flags) and map
 * it in every consumer.  All or nothing: 0, -EINVAL (not page-granular,
 * empty, or a guest address the guest kind cannot map), -EEXIST (it
 * overlaps a range), -ENOMEM, -ESRCH (the map is dead).  @r stays the
 * caller's until gpmap_erase().
 */
int gpmap_insert(struct domain *d, struct gpmap_range *r);
/*
 * Unmap @r from every consumer (the IOMMU's returns after its invalidation
 * completed), free its pages if GPMAP_OWNED and take it off the map.  The
 * caller flushes CPU translations (gpmap_flush_tlb()) before it returns to
 * the guest.  0, or the error of a consumer that could not confirm the
 * range unreachable (the IOMMU's invalidation failed): the range is off
 * the map and out of every table all the same, but a device may still hold
 * a translation of it, so its owned pages are withheld -- never freed,
 * counted in gpmap_withheld_pages() and logged -- and the caller must not
 * reuse pages of its own (not GPMAP_OWNED) either.
 */
int gpmap_erase(struct domain *d, struct gpmap_range *r);
/* The builder's RAM: gpmap_insert() of a range the map allocates and frees. */
int gpmap_add_ram(struct domain *d, u64 gaddr, paddr_t pa, unsigned long npages,
                  unsigned int flags);
/* Flush the CPU translations of @d everywhere (after gpmap_erase()). */
void gpmap_flush_tlb(struct domain *d);
/*
 * The domain's memory goes: every consumer drops all it built at once,
 * owned pages are freed, and the map is dead.  Returns the pages freed
 * (consumer tables, owned pages, the pages of the map's own ranges).  A
 * consumer that cannot confirm the memory unreachable (a device may still
 * use the IOMMU's tables for it) makes the owned pages withheld instead,
 * as in gpmap_erase().  @pre no vCPU of @d runs; the ranges embedded in
 * other records were erased (its devices and DMA memory went first).
 */
unsigned long gpmap_destroy(struct domain *d);
/* Pages withheld from reuse since boot (gpmap_erase(), gpmap_destroy()). */
unsigned long gpmap_withheld_pages(void);

/*
 * A consumer of the maps, registered at link time.  map() maps a whole
 * range or nothing; unmap() undoes one map() and returns 0 once nothing
 * it built reaches the range, or a negative errno when that is not
 * confirmed (the range is out of its tables, a cached translation may
 * survive); flush_tlb() (optional) makes erased ranges unreachable for the
 * CPUs; destroy() drops everything built for @d, adds the pages it freed
 * to *@freed, and returns 0, or a negative errno when the domain's memory
 * may still be reached through what it had to keep.
 */
struct gpmap_consumer {
    const char *name;
    int (*map)(struct domain *d, const struct gpmap_range *r);
    int (*unmap)(struct domain *d, const struct gpmap_range *r);
    void (*flush_tlb)(struct domain *d);
    int (*destroy)(struct domain *d, unsigned long *freed);
};

#define GPMAP_CONSUMER(_name, ...)                                          \
    static const struct gpmap_consumer __used __section("gpmap_consumers")  \
    __aligned(8) __gpmap_consumer_##_name = { .name = #_name, __VA_ARGS__ }

#endif /* MHV_GPMAP_H */
