/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Building a Multiboot2 boot information structure, the same tags GRUB
 * passes: the hypervisor cannot tell mhv.efi from GRUB except by the loader
 * name, so everything after its entry is one code path.
 *
 * Usage: mbi_init() on a buffer (8-byte aligned, below 4 GiB), the fixed
 * tags (command line, loader name, modules, ACPI, EFI system table), then
 * mbi_mark(); then, as often as ExitBootServices needs a fresh memory map,
 * mbi_rewind() to the mark, mbi_add_memory() with the final EFI map (tags 4,
 * 6 and 17) and mbi_finish().  No step allocates: the EFI side may call
 * them between GetMemoryMap() and ExitBootServices().  A buffer that is too
 * small is reported by mbi_finish() (nothing is written past it).
 *
 * Pure C (no EFI types): tested on the host by tests/unit/test_efi_loader.c.
 */
#ifndef MHV_EFI_MBI_H
#define MHV_EFI_MBI_H

#include "ldr.h"

struct mbi_builder {
    uint8_t *buf;
    size_t cap, len;
    bool overflow;
};

/* The UEFI memory descriptor (UEFI 2.x, section 7.2), version 1. */
struct efi_mdesc {
    uint32_t type, pad;
    uint64_t phys, virt, pages, attr;
};

/* UEFI memory types the conversion knows (EFI_MEMORY_TYPE). */
#define EFI_MT_LOADER_CODE      1
#define EFI_MT_LOADER_DATA      2
#define EFI_MT_BS_CODE          3
#define EFI_MT_BS_DATA          4
#define EFI_MT_CONVENTIONAL     7
#define EFI_MT_UNUSABLE         8
#define EFI_MT_ACPI_RECLAIM     9
#define EFI_MT_ACPI_NVS         10

void mbi_init(struct mbi_builder *b, void *buf, size_t cap);
void mbi_add_string(struct mbi_builder *b, uint32_t type, const char *s);
void mbi_add_module(struct mbi_builder *b, uint32_t start, uint32_t end,
                    const char *string);
/* ACPI RSDP copy: @v2 selects tag 15 (new) over 14 (old). */
void mbi_add_acpi(struct mbi_builder *b, bool v2, const void *rsdp, size_t len);
void mbi_add_efi64(struct mbi_builder *b, uint64_t system_table);

static inline size_t mbi_mark(const struct mbi_builder *b)
{
    return b->len;
}

static inline void mbi_rewind(struct mbi_builder *b, size_t mark)
{
    b->len = mark;
    b->overflow = false;
}

/*
 * Tags 4 (basic meminfo), 6 (memory map, E820 types, sorted, contiguous
 * entries of one type merged) and 17 (the EFI map verbatim) from the EFI
 * memory map @map of @map_size bytes in descriptors of @desc_size bytes.
 */
void mbi_add_memory(struct mbi_builder *b, const void *map, size_t map_size,
                    size_t desc_size, uint32_t desc_version);

/* End tag and total size.  Returns the size, or 0 if the buffer overflowed. */
size_t mbi_finish(struct mbi_builder *b);

/* What the hypervisor's memory map type for an EFI memory type is. */
uint32_t mbi_efi_to_e820(uint32_t efi_type);

/*
 * 0 if every byte of [@lo, @hi) lies in EFI memory that is free once boot
 * services have exited (boot-services code or data, conventional memory),
 * else -1 with the first address that is not and its EFI type in @bad and
 * @bad_type (MBI_NO_MEMORY: no descriptor covers it).  Loader code and
 * data count as taken: they are mhv.efi's own buffers.
 */
#define MBI_NO_MEMORY 0xffffffffu
int mbi_check_reusable(const void *map, size_t map_size, size_t desc_size,
                       uint64_t lo, uint64_t hi, uint64_t *bad, uint32_t *bad_type);

/* Bytes mbi_add_memory() needs at most for a map of @nr_desc descriptors. */
size_t mbi_memory_room(size_t nr_desc, size_t desc_size);

#endif /* MHV_EFI_MBI_H */
