/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Linux x86 64-bit boot protocol: load a bzImage, its initramfs and
 * command line into an HVM guest and say how to enter it.
 *
 * linux_parse_bzimage() validates the setup header of an untrusted image
 * (boot sector magic 0xAA55, "HdrS", protocol >= 2.12, relocatable,
 * XLF_KERNEL_64, setup_sects, the protected-mode part within the image,
 * a power-of-two kernel_alignment, a non-zero init_size).  Every size and
 * offset read from the image is checked against the image's length before
 * use: a hostile image is refused with -EINVAL, never trusted.
 *
 * linux_boot_load() then, through a "write guest-physical bytes" callback:
 *   - places the protected-mode part at a kernel_alignment-aligned (at
 *     least 2 MiB) RAM address with init_size bytes of RAM from there:
 *     pref_address when that fits, else the lowest such address;
 *   - places the initramfs page-aligned as high as fits in RAM below
 *     initrd_addr_max (or 4 GiB), above the kernel's init_size;
 *   - writes the boot area at cfg->boot_gpa (LINUX_BOOT_AREA_SIZE bytes of
 *     page-aligned RAM below 4 GiB; the kernel and initramfs are placed
 *     around it; 0x10000 is a good choice):
 *       +0x0000 GDT: null, null, 64-bit code 0x10, data 0x18
 *       +0x1000 the zero page (struct boot_params): setup header copied,
 *               e820 table, cmd_line_ptr, ramdisk_image/size with their
 *               ext_ high halves, type_of_loader 0xff, acpi_rsdp_addr
 *       +0x2000 page tables: PML4, PDPT, 4 page directories with 2 MiB
 *               pages mapping [0, 4 GiB) identity, writable, executable
 *       +0x8000 the command line (NUL-terminated, at most cmdline_size)
 *   - and fills struct linux_boot_entry: the vCPU enters in 64-bit mode at
 *     the kernel's load address + 0x200 with RSI = zero page, CR3 = PML4,
 *     CR0 = PE|ET|NE|PG, CR4 = PAE, EFER = LME|LMA, interrupts off, CS 0x10,
 *     the data segments 0x18, GDTR on the boot area's GDT.
 *
 * The guest's physical map comes from the caller as an e820-style table
 * (the domain's guest-physical map); the loader only writes inside RAM
 * entries of it.  Pure code: no lock, no allocation.
 */
#ifndef ASM_X86_HVM_LINUX_BOOT_H
#define ASM_X86_HVM_LINUX_BOOT_H

#include <mhv/types.h>

/* e820 types (boot_params.e820_table). */
#define E820_RAM        1
#define E820_RESERVED   2
#define E820_ACPI       3
#define E820_NVS        4
#define E820_UNUSABLE   5

#define LINUX_E820_MAX          128     /* boot_params' table */
#define LINUX_BOOT_AREA_SIZE    0xa000  /* boot area bytes (cmdline up to 8 KiB) */
#define LINUX_BOOT_CMDLINE_MAX  (LINUX_BOOT_AREA_SIZE - 0x8000)
#define LINUX_BOOT_CS           0x10
#define LINUX_BOOT_DS           0x18
#define LINUX_MIN_ALIGN         (2ull << 20)

struct linux_e820 {
    u64 addr;
    u64 size;
    u32 type;
};

/* What the setup header says (validated). */
struct linux_image {
    u16 version;            /* boot protocol, e.g. 0x020f */
    u8 setup_sects;         /* 0 means 4 */
    size_t setup_len;       /* (setup_sects + 1) * 512: offset of the
                               protected-mode part in the image */
    size_t pm_len;          /* bytes of the protected-mode part */
    u16 xloadflags;
    u32 kernel_alignment;
    u64 pref_address;
    u32 init_size;          /* bytes of RAM the kernel needs at its address */
    u32 initrd_addr_max;    /* highest byte address of the initramfs */
    u32 cmdline_size;       /* longest command line, without the NUL */
    const u8 *hdr;          /* the setup header in the image (0x1f1 ..) */
    size_t hdr_len;         /* its length: 0x202 + jump byte 0x201 */
};

#define XLF_KERNEL_64               (1u << 0)
#define XLF_CAN_BE_LOADED_ABOVE_4G  (1u << 1)

/*
 * Parse and validate the bzImage @img of @len bytes.  Returns 0 and fills
 * *@out (pointing into @img), or -EINVAL naming nothing: the caller logs
 * "not a usable bzImage".  @why, if not NULL, gets a static string saying
 * which check failed.
 */
int linux_parse_bzimage(const void *img, size_t len, struct linux_image *out,
                        const char **why);

/*
 * Write @len bytes from @src at guest-physical @gpa.  Returns 0, or a
 * negative errno (-EFAULT: not the guest's RAM) that aborts the load.
 */
typedef int (*linux_gpa_write_fn)(void *ctx, paddr_t gpa, const void *src,
                                  size_t len);

struct linux_boot_config {
    const void *image;          /* the bzImage */
    size_t image_len;
    const void *initrd;         /* NULL: none */
    size_t initrd_len;
    const char *cmdline;        /* NUL-terminated, may be NULL */
    const struct linux_e820 *map;   /* the guest-physical map, sorted */
    unsigned int nr_map;
    paddr_t acpi_rsdp;          /* 0: none */
    paddr_t boot_gpa;           /* 4 KiB-aligned RAM for the boot area */
    linux_gpa_write_fn write;
    void *ctx;
};

/* Where the loader put things, and the vCPU's entry state. */
struct linux_boot_entry {
    u64 rip, rsi;
    u64 cr0, cr3, cr4, efer;
    u64 rflags;
    u64 gdt_base;
    u16 gdt_limit;
    u16 cs, ds;                 /* selectors; descriptors below */
    u64 cs_desc, ds_desc;       /* the GDT's raw descriptors */
    u64 kernel_gpa, kernel_end; /* [kernel_gpa, + init_size) */
    u64 initrd_gpa;             /* 0 when none */
    u64 zero_page_gpa, cmdline_gpa;
};

/*
 * Load as described above.  Returns 0 and fills *@out; -EINVAL for an
 * image linux_parse_bzimage() refuses, a command line longer than the
 * kernel's cmdline_size or LINUX_BOOT_CMDLINE_MAX, a map with more than
 * LINUX_E820_MAX entries or unsorted/overlapping entries, a boot area that
 * is not RAM or overlaps the kernel; -ENOMEM when the kernel or the
 * initramfs does not fit in the RAM below 4 GiB; or the callback's error.
 */
int linux_boot_load(const struct linux_boot_config *cfg,
                    struct linux_boot_entry *out, const char **why);

/* Zero-page offsets the loader fills (Documentation/x86/zero-page.rst). */
#define BP_ACPI_RSDP_ADDR       0x070
#define BP_EXT_RAMDISK_IMAGE    0x0c0
#define BP_EXT_RAMDISK_SIZE     0x0c4
#define BP_EXT_CMD_LINE_PTR     0x0c8
#define BP_E820_ENTRIES         0x1e8
#define BP_SETUP_HEADER         0x1f1
#define BP_E820_TABLE           0x2d0
/* Setup header fields, as offsets in the image and in the zero page. */
#define SH_SETUP_SECTS          0x1f1
#define SH_SYSSIZE              0x1f4
#define SH_BOOT_FLAG            0x1fe
#define SH_JUMP                 0x200
#define SH_HEADER               0x202
#define SH_VERSION              0x206
#define SH_TYPE_OF_LOADER       0x210
#define SH_LOADFLAGS            0x211
#define SH_CODE32_START         0x214
#define SH_RAMDISK_IMAGE        0x218
#define SH_RAMDISK_SIZE         0x21c
#define SH_HEAP_END_PTR         0x224
#define SH_CMD_LINE_PTR         0x228
#define SH_INITRD_ADDR_MAX      0x22c
#define SH_KERNEL_ALIGNMENT     0x230
#define SH_RELOCATABLE          0x234
#define SH_MIN_ALIGNMENT        0x235
#define SH_XLOADFLAGS           0x236
#define SH_CMDLINE_SIZE         0x238
#define SH_PREF_ADDRESS         0x258
#define SH_INIT_SIZE            0x260
#define SH_HANDOVER_OFFSET      0x264

#endif /* ASM_X86_HVM_LINUX_BOOT_H */
