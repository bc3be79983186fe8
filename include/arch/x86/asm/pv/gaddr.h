/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PV placement of new ranges (arch/x86/pv/gaddr.c): a PV domain's BAR
 * mappings go to its BAR window (MHV_BAR_VA up to the end of user space),
 * its DMA memory to its DMA window (MHV_DMA_VA..MHV_DMA_VA_END), each
 * range after the previous one with a guard page, never reused.  The
 * cursors are d->arch.pv.bar_next / dma_next, under d->mm_lock.
 */
#ifndef ASM_X86_PV_GADDR_H
#define ASM_X86_PV_GADDR_H

#include <mhv/types.h>
#include <mhv/gpmap.h>

struct domain;

/* Both windows empty (with the domain). */
void pv_gaddr_init(struct domain *d);
/* arch_gaddr_alloc() for PV domains.  @pre d->mm_lock held. */
int pv_gaddr_alloc(struct domain *d, enum gpmap_type type, u64 bytes, u64 *gaddr);

#endif /* ASM_X86_PV_GADDR_H */
