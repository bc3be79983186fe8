/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A static ELF64 loader for domain images: checks every header against the
 * image's size and the domain address-space layout before trusting it.
 */
#ifndef MHV_ELF_H
#define MHV_ELF_H

#include <mhv/types.h>

struct domain;

/* Is @img (of @len bytes) an ELF64 file at all? */
bool elf_is_elf(const void *img, size_t len);
/*
 * Load @img into @d's address space: every PT_LOAD segment into fresh
 * pages at its virtual address (user space above MHV_USER_BASE, below the
 * module area), with write/execute permissions from its flags.
 * The total size is checked before anything is allocated: -E2BIG above
 * 1 GiB, -ENOMEM when it would leave less than 32 MiB free (log lines).
 * Returns 0 and the entry point, or -EINVAL (with a log line) for a bad
 * image, -ENOMEM.  @pre on failure the caller frees what was mapped
 * (domain_free_address_space()).
 */
int elf_load(struct domain *d, const void *img, size_t len, unsigned long *entry);

#endif /* MHV_ELF_H */
