/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DMA memory for domains (PHYSDEVOP_mhv_dma_alloc / _free, domain/dma_mem.c):
 * physically contiguous, zeroed RAM pages mapped read-write into a domain
 * where its kind places DMA memory (a PV domain: its DMA window,
 * MHV_DMA_VA..MHV_DMA_VA_END), with the bus address its devices must use.
 *
 * Lock rules: a domain's regions and their page count are guarded by
 * d->mm_lock (where it stands among the others: docs/locking.md); inside
 * it the domain's map (<mhv/gpmap.h>), the page allocator and the heap.
 *
 * The bus address is decided in one place (dma_bus_addr() in dma_mem.c):
 * the physical address without an IOMMU; behind one, the region's guest
 * address (a PV domain's pointer to it).
 */
#ifndef MHV_DMA_MEM_H
#define MHV_DMA_MEM_H

#include <mhv/types.h>

struct domain;

/* The hypercalls: @arg is the guest's struct physdev_mhv_dma_alloc/_free. */
long dma_mem_alloc_op(struct domain *d, unsigned long arg);
long dma_mem_free_op(struct domain *d, unsigned long arg);

/*
 * Allocate @size bytes (rounded up to pages) for @d: 0 with *va and *bus,
 * -EINVAL for 0 bytes, -E2BIG above MHV_DMA_MAX_ALLOC, -ENOMEM above the
 * domain's cap, with the window full or no contiguous run free.
 */
int dma_mem_alloc(struct domain *d, u64 size, unsigned long *va, u64 *bus);
/* Free the region mapped at @va: 0, or -ENOENT if none starts there. */
int dma_mem_free(struct domain *d, unsigned long va);

/*
 * Free every region of a dying domain (pages back to the allocator).
 * @pre its devices were given back and quarantined, and it runs no guest
 * code any more (its release, on its own CPU, before its vCPU goes down).
 */
void dma_mem_release(struct domain *d);

#endif /* MHV_DMA_MEM_H */
