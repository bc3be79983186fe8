/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SVM nested page tables: guest-physical -> host-physical, in the host's
 * own 4-level long-mode format (the format VMRUN takes from the host's
 * paging mode).  Built once from the domain's guest-physical memory
 * (<asm/hvm/memory.h>) when it is created: every RAM page mapped
 * read/write/execute and user (the nested walk treats every guest access
 * as a user access), 2 MiB entries for 2 MiB slots; nothing else is
 * mapped, so any other guest-physical access is a #NPF.  Accessed and
 * dirty bits are preset: the tables are plain RAM pages, writable to the
 * walker, which would otherwise set them itself.
 *
 * Lock rules: built before any vCPU runs, freed after the last one has
 * left its CPU; read-only (to mhv) in between.
 */
#ifndef ASM_X86_HVM_SVM_NPT_H
#define ASM_X86_HVM_SVM_NPT_H

#include <mhv/types.h>

struct hvm_memory;

struct npt {
    u64 *l4;                        /* the root (direct map) */
    unsigned long table_pages;
};

/* Build the tables for @m into a zeroed @npt.  0 or -ENOMEM (freed). */
int npt_build(struct npt *npt, const struct hvm_memory *m);
/* Free every table page; returns how many. */
unsigned long npt_destroy(struct npt *npt);
/* The host-physical address VMCB.N_CR3 takes. */
paddr_t npt_root(const struct npt *npt);

#endif /* ASM_X86_HVM_SVM_NPT_H */
