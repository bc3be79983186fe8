/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An HVM domain's guest-physical memory: what RAM it has, at which guest
 * addresses, and which host pages back it.
 *
 * The layout is fixed: RAM from 0 up to HVM_LOW_RAM_END at most, the rest
 * from 4 GiB (HVM_HIGH_RAM_BASE); between them the MMIO hole (the vIOAPIC,
 * the x2APIC's unused xAPIC page, devices later).  Everything is allocated
 * when the domain is created -- no overcommit, no later growth -- in 2 MiB
 * host pages where the allocator has them, 4 KiB pages otherwise, zeroed,
 * and added to the domain's map (<mhv/gpmap.h>), which owns them from then
 * on: its consumers build the nested tables and the IOMMU's DMA tables
 * from it, and it frees the pages with the domain.  This is the HVM side's
 * index into that memory, for finding a guest-physical address fast (page
 * walks, the loader): each 2 MiB slot of guest RAM (in order: low RAM,
 * then high RAM) has one entry in @slots: the host address of its 2 MiB
 * page, or (bit 0 set) the direct-map address of a page listing its 512
 * host pages.
 *
 * The e820 map handed to the guest describes the same memory
 * (hvm_memory_e820()).
 *
 * Lock rules: written while the domain is built and freed when it is
 * dead (no vCPU runs); read-only, and read without a lock, in between.
 */
#ifndef ASM_X86_HVM_MEMORY_H
#define ASM_X86_HVM_MEMORY_H

#include <mhv/types.h>

struct linux_e820;

/* Guest-physical layout (docs/hvm.md, "The platform the guest sees"). */
#define HVM_LOW_RAM_END     0xc0000000ull   /* RAM below; the MMIO hole above */
#define HVM_HIGH_RAM_BASE   0x100000000ull  /* the rest of RAM from 4 GiB */
#define HVM_BIOS_AREA       0x9f000ull      /* [this, 1 MiB): reserved, backed */
#define HVM_ACPI_GPA        0xe0000ull      /* ACPI tables (E820 ACPI) */
#define HVM_ACPI_MAX        0x10000ull
#define HVM_BOOT_AREA_GPA   0x10000ull      /* the loader's GDT, zero page... */
#define HVM_RESET_VECTOR    0xffff0ull      /* F000:FFF0, the firmware's entry */
#define HVM_MIN_RAM         (4ull << 20)
/* The memory window of the PCI host bridge (a virtual PCI bus): the MMIO
 * hole up to the I/O APIC's page; the guest places its BARs there. */
#define HVM_PCI_WINDOW_BASE HVM_LOW_RAM_END
#define HVM_PCI_WINDOW_SIZE (0xfec00000ull - HVM_PCI_WINDOW_BASE)

#define HVM_SLOT_SIZE       (2ull << 20)
#define HVM_SLOT_SPLIT      1ull        /* bit 0 of a slot: 4 KiB pages */

struct hvm_memory {
    u64 low_bytes;                  /* RAM at [0, low_bytes) */
    u64 high_bytes;                 /* RAM at [4 GiB, 4 GiB + high_bytes) */
    unsigned long nr_slots;
    u64 *slots;                     /* see above */
    unsigned long pages;            /* host pages backing the RAM (the map's) */
    unsigned long split_slots;      /* slots made of 4 KiB pages */
    unsigned long index_pages;      /* the lists of those (the index's own) */
};

struct domain;

/*
 * Allocate and zero @bytes of RAM (a multiple of 2 MiB, at least 4 MiB)
 * laid out as above, into @d's map and this index.  0, -EINVAL (bad size),
 * -ENOMEM; on failure what was added stays in the map (freed with it).
 * @pre @d is being built: no vCPU runs.
 */
int hvm_memory_alloc(struct domain *d, struct hvm_memory *m, u64 bytes);
/* Free the index (the pages are the map's); returns the index's pages. */
unsigned long hvm_memory_free(struct hvm_memory *m);

/* Is @gpa guest RAM? */
bool hvm_memory_is_ram(const struct hvm_memory *m, u64 gpa);
/*
 * The hypervisor's (direct-map) address of guest-physical @gpa and, in
 * *@contig, how many bytes from there are contiguous in both spaces (to
 * the end of the 4 KiB or 2 MiB page); NULL if @gpa is not RAM.
 */
void *hvm_memory_va(const struct hvm_memory *m, u64 gpa, size_t *contig);

/* Copy to / from guest RAM; -EFAULT if any byte is not RAM (nothing
 * is then guaranteed about what was copied). */
int hvm_memory_write(const struct hvm_memory *m, u64 gpa, const void *src,
                     size_t len);
int hvm_memory_read(const struct hvm_memory *m, void *dst, u64 gpa, size_t len);

/*
 * The guest's e820 map (sorted, at most @max entries): RAM, the reserved
 * BIOS area, the ACPI tables, the RAM above 4 GiB.  Returns the count.
 */
unsigned int hvm_memory_e820(const struct hvm_memory *m, struct linux_e820 *map,
                             unsigned int max);

#endif /* ASM_X86_HVM_MEMORY_H */
