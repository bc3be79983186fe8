/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor image as a Multiboot2 loader sees it: an ELF64 x86-64
 * executable whose PT_LOAD segments go to their physical addresses
 * (p_paddr), with a Multiboot2 header in its first 32 KiB that says where
 * to enter (the entry-address tag) and what it asks of the loader.
 *
 * image_parse() checks everything against the file's size and refuses what
 * a loader without paging cannot honour (segments above 4 GiB, overlaps,
 * a required header tag mhv.efi does not implement).  image_place() lays
 * the segments out in a buffer that stands for the physical range
 * [lo, hi): file bytes copied, the rest (BSS, gaps) zeroed.
 *
 * Pure C (no EFI types): tested on the host by tests/unit/test_efi_loader.c.
 */
#ifndef MHV_EFI_IMAGE_H
#define MHV_EFI_IMAGE_H

#include "ldr.h"

#define IMAGE_MAX_SEGS      8
#define IMAGE_MAX_SPAN      (256u << 20)    /* sanity bound on [lo, hi) */

struct image_seg {
    uint64_t paddr, offset, filesz, memsz;
};

struct mhv_image {
    uint64_t lo, hi;                /* physical span, page-aligned */
    uint32_t entry;                 /* physical 32-bit entry point */
    bool entry_from_header;         /* entry-address tag (else e_entry) */
    unsigned int nr_segs;
    struct image_seg seg[IMAGE_MAX_SEGS];
};

/*
 * Validate @size bytes of @file.  Returns 0, or -1 with *@why set to a
 * static sentence saying what is wrong (and *@detail to a number that
 * goes with it, e.g. a tag type or an address, or 0).
 */
int image_parse(const void *file, size_t size, struct mhv_image *img,
                const char **why, uint64_t *detail);

/* Copy the segments of @file into @dst, which stands for [img->lo, img->hi). */
void image_place(const struct mhv_image *img, const void *file, void *dst);

/* The Multiboot2 information tags mhv.efi provides (for header checks). */
bool image_loader_provides(uint32_t info_tag);

#endif /* MHV_EFI_IMAGE_H */
