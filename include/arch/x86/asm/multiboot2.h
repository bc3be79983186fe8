/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Multiboot2 format, one definition for its three users: the
 * hypervisor's header (boot/head.S), the hypervisor's parser of the boot
 * information (boot/multiboot2.c) and mhv.efi, which loads the image and
 * produces that information (efi/).  Layouts follow the Multiboot2
 * specification (version 2.0); all fields are little-endian, tags are
 * 8-byte aligned.  Plain C and assembly: no hypervisor or EFI types.
 */
#ifndef ASM_X86_MULTIBOOT2_H
#define ASM_X86_MULTIBOOT2_H

/* In the image: the header's magic, searched in the first 32 KiB. */
#define MB2_HEADER_MAGIC        0xe85250d6
#define MB2_HEADER_SEARCH       32768
#define MB2_ARCH_I386           0

/* In EAX at the hypervisor's entry. */
#define MB2_BOOTLOADER_MAGIC    0x36d76289

/* Header tags (image -> loader).  Flag bit 0: the tag is optional. */
#define MB2_HDR_END             0
#define MB2_HDR_INFO_REQUEST    1
#define MB2_HDR_ADDRESS         2
#define MB2_HDR_ENTRY           3
#define MB2_HDR_CONSOLE_FLAGS   4
#define MB2_HDR_FRAMEBUFFER     5
#define MB2_HDR_MODULE_ALIGN    6
#define MB2_HDR_EFI_BS          7
#define MB2_HDR_ENTRY_EFI32     8
#define MB2_HDR_ENTRY_EFI64     9
#define MB2_HDR_RELOCATABLE     10
#define MB2_HDR_FLAG_OPTIONAL   1

#ifndef __ASSEMBLY__
#include <stdint.h>

struct mb2_header {
    uint32_t magic, architecture, header_length, checksum;
};

struct mb2_header_tag {
    uint16_t type, flags;
    uint32_t size;
};
#endif

/* Information tags (loader -> hypervisor). */
#define MB2_TAG_END             0
#define MB2_TAG_CMDLINE         1
#define MB2_TAG_LOADER_NAME     2
#define MB2_TAG_MODULE          3
#define MB2_TAG_BASIC_MEMINFO   4
#define MB2_TAG_MMAP            6
#define MB2_TAG_EFI64           12
#define MB2_TAG_ACPI_OLD        14
#define MB2_TAG_ACPI_NEW        15
#define MB2_TAG_EFI_MMAP        17
#define MB2_TAG_EFI_BS          18

#ifndef __ASSEMBLY__
struct mb2_tag {
    uint32_t type, size;
};
#endif

/* Memory map entry types (the E820 numbering). */
#define MB2_MEM_AVAILABLE       1
#define MB2_MEM_RESERVED        2
#define MB2_MEM_ACPI_RECLAIM    3
#define MB2_MEM_NVS             4
#define MB2_MEM_BAD             5

#ifndef __ASSEMBLY__
struct mb2_mmap_entry {
    uint64_t addr, len;
    uint32_t type, zero;
};
#endif

#endif /* ASM_X86_MULTIBOOT2_H */
