/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SVM nested page tables: guest-physical -> host-physical, in the host's
 * own 4-level long-mode format (the format VMRUN takes from the host's
 * paging mode).  They start empty with the domain and follow its
 * guest-physical memory map (<mhv/gpmap.h>): each range is mapped as it is
 * added (RAM read/write/execute; device memory uncached) and unmapped as it
 * goes, with 2 MiB entries where the guest address, the machine address
 * and the length allow them.  Nothing else is mapped, so any other
 * guest-physical access is a #NPF.  Every entry is a user entry (the nested
 * walk treats every guest access as a user access); accessed and dirty
 * bits are preset, and the table pages are plain RAM the walker may write
 * them to anyway.  A table emptied by an unmap stays until the domain dies.
 *
 * Lock rules: changed under the domain's d->mm_lock (the map's lock) or
 * while no vCPU can run (being built, dead); the walker reads the tables
 * concurrently, so an entry is written with one store, and a new table is
 * complete (zeroed) before it is linked.  Freed after the last vCPU has
 * left its CPU.
 */
#ifndef ASM_X86_HVM_SVM_NPT_H
#define ASM_X86_HVM_SVM_NPT_H

#include <mhv/types.h>

/* What a mapping allows (hvm_vendor_ops.p2m_map()). */
#define NPT_W       (1u << 0)       /* writable */
#define NPT_X       (1u << 1)       /* executable */
#define NPT_UC      (1u << 2)       /* uncached (device memory) */

struct npt {
    u64 *l4;                        /* the root (direct map) */
    unsigned long table_pages;
};

/* An empty table tree: 0 or -ENOMEM. */
int npt_init(struct npt *npt);
/*
 * Map @npages pages from @pa at @gpa with @prot (NPT_*): all or nothing,
 * 0 or -ENOMEM.  @pre nothing is mapped there.
 */
int npt_map(struct npt *npt, u64 gpa, paddr_t pa, unsigned long npages,
            unsigned int prot);
/* Unmap what one npt_map() mapped at @gpa (@npages pages). */
void npt_unmap(struct npt *npt, u64 gpa, unsigned long npages);
/* Free every table page; returns how many. */
unsigned long npt_destroy(struct npt *npt);
/* The host-physical address VMCB.N_CR3 takes. */
paddr_t npt_root(const struct npt *npt);

#endif /* ASM_X86_HVM_SVM_NPT_H */
