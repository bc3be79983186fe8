/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DMA memory for domains (PHYSDEVOP_mhv_dma_alloc / _free): physically
 * contiguous, zeroed RAM pages mapped read-write into a domain's DMA window
 * (MHV_DMA_VA..MHV_DMA_VA_END), with the bus address its devices must use.
 *
 * Lock rules: a domain's regions, their page count and the window's next
 * free address are guarded by d->mm_lock (the leaf of the passthrough
 * order: pcidevs -> d->pci_lock -> d->event_lock -> d->mm_lock).  Inside it
 * only the page allocator's and the heap's locks are taken.
 *
 * The bus address is decided in one place (dma_bus_addr() in dma_mem.c):
 * the physical address today; the domain's own pointer once the domain's
 * devices sit behind an IOMMU that maps the window 1:1.
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
