/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A domain's address space: its own PML4 whose lower half holds the guest's
 * user pages and whose upper half is the hypervisor's (shared tables, so
 * later hypervisor mappings are seen everywhere; supervisor-only, and with
 * SMEP/SMAP the hypervisor neither runs nor touches user pages by accident).
 */
#ifndef ASM_X86_GUEST_MM_H
#define ASM_X86_GUEST_MM_H

#include <mhv/types.h>

struct domain;

#define GMAP_WRITE  (1u << 0)
#define GMAP_EXEC   (1u << 1)
#define GMAP_UC     (1u << 2)   /* device memory: uncached */
#define GMAP_OWNED  (1u << 3)   /* RAM page of the domain: freed with it */

int guest_mm_create(struct domain *d);
/* Free every table and every GMAP_OWNED page; returns how many pages. */
unsigned long guest_mm_destroy(struct domain *d);
paddr_t guest_mm_cr3(const struct domain *d);
/* Map one page at user address @va; -EEXIST if something is there. */
int guest_map_page(struct domain *d, unsigned long va, paddr_t pa,
                   unsigned int flags);
/* Unmap one page (no-op if none); the caller flushes TLBs. */
void guest_unmap_page(struct domain *d, unsigned long va);
/* Allocate, zero and map @n pages of RAM at @va. */
int guest_alloc_map(struct domain *d, unsigned long va, unsigned long n,
                    unsigned int flags, void **hv_va_first);
/* Flush the domain's TLB entries on every CPU. */
void guest_flush_tlb(struct domain *d);

/*
 * Copy between the hypervisor and the running domain's user space.  The
 * range must lie below MHV_USER_END; a fault during the copy (unmapped or
 * read-only page) is caught by the exception table.  0 or -EFAULT.
 */
int copy_from_guest(void *dst, unsigned long src, size_t len);
int copy_to_guest(unsigned long dst, const void *src, size_t len);

#endif /* ASM_X86_GUEST_MM_H */
