/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A PV domain's address space (arch/x86/pv/mm.c): its own PML4 whose lower
 * half holds the guest's user pages and whose upper half is the
 * hypervisor's (shared tables, so later hypervisor mappings are seen
 * everywhere; supervisor-only, and with SMEP/SMAP the hypervisor neither
 * runs nor touches user pages by accident).
 *
 * The lower half is built from the domain's map (<mhv/gpmap.h>): this is
 * the CPU consumer of the map for PV domains, guest address = virtual
 * address.  Pages are user pages, read-only unless GPMAP_WRITE, NX unless
 * GPMAP_EXEC, uncached for GPMAP_MMIO.
 */
#ifndef ASM_X86_PV_MM_H
#define ASM_X86_PV_MM_H

#include <mhv/types.h>

struct domain;
struct gpmap_range;

/* An empty address space for @d (the upper half shared).  0 or -ENOMEM. */
int pv_mm_create(struct domain *d);
/* Free the PML4 (the lower half is gone: pv_mm_destroy_user()). */
unsigned long pv_mm_destroy(struct domain *d);
paddr_t pv_mm_cr3(const struct domain *d);

/* The map's consumer calls (arch/x86/domain.c dispatches to them). */
int pv_mm_map(struct domain *d, const struct gpmap_range *r);
void pv_mm_unmap(struct domain *d, const struct gpmap_range *r);
/* Free every table of the lower half; returns how many pages. */
unsigned long pv_mm_destroy_user(struct domain *d);
/* Flush the domain's TLB entries on every CPU. */
void pv_mm_flush_tlb(struct domain *d);

#endif /* ASM_X86_PV_MM_H */
