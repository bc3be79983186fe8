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
 * Returns 0 and the entry point, or -EINVAL (with a log line) for a bad
 * image, -ENOMEM.
 */
int elf_load(struct domain *d, const void *img, size_t len, unsigned long *entry);

#endif /* MHV_ELF_H */
