/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the boot loader told us, in one loader-independent form.  The
 * Multiboot2 path (arch/x86/boot/multiboot2.c) and the direct EFI path both
 * fill it, so everything after entry has a single code path.
 */
#ifndef MHV_BOOTINFO_H
#define MHV_BOOTINFO_H

#include <mhv/types.h>

/* Memory region types (E820 numbering). */
#define BOOT_MEM_RAM        1
#define BOOT_MEM_RESERVED   2
#define BOOT_MEM_ACPI       3
#define BOOT_MEM_NVS        4
#define BOOT_MEM_BAD        5

#define BOOT_MAX_MEM        128
#define BOOT_MAX_MODS       16
#define BOOT_CMDLINE_MAX    1024
#define BOOT_MOD_CMDLINE_MAX 256

struct boot_mem_region {
    u64 addr, len;
    u32 type;
};

struct boot_module {
    paddr_t start, end;                 /* [start, end) */
    char cmdline[BOOT_MOD_CMDLINE_MAX];
};

struct boot_info {
    const char *loader;                 /* "Multiboot2 (GRUB 2.06)", ... */
    bool efi;                           /* firmware is UEFI */
    char cmdline[BOOT_CMDLINE_MAX];
    unsigned int nr_mem;
    struct boot_mem_region mem[BOOT_MAX_MEM];   /* sorted, no overlaps */
    unsigned int nr_mods;
    struct boot_module mods[BOOT_MAX_MODS];
    u8 rsdp[36];                        /* copy of the RSDP, if given */
    unsigned int rsdp_len;              /* 0: none given */
    paddr_t info_start, info_end;       /* loader's structure, to keep */
};

extern struct boot_info bootinfo;

/*
 * A module whose command line is "hvm NAME [ARGS]" is an image for HVM
 * guests (a kernel, an initramfs), kept for the control domain to name
 * when it creates one; ARGS is a kernel's default command line.  Returns
 * whether @m is one, with NAME copied into @name (@len bytes) if @name.
 */
bool boot_module_hvm_name(const struct boot_module *m, char *name, size_t len);
/* The HVM image called @name, or NULL; *@args gets its ARGS. */
const struct boot_module *boot_module_hvm_find(const char *name, const char **args);

/* Fill @bi from a Multiboot2 information structure; 0 or -errno. */
int multiboot2_parse(u32 magic, paddr_t mbi_pa, struct boot_info *bi);
/* Sort the memory map and resolve overlaps (non-RAM wins), with a warning. */
void bootinfo_sanitize_memmap(struct boot_info *bi);

#endif /* MHV_BOOTINFO_H */
