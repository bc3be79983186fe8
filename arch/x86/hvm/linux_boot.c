/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Linux x86 64-bit boot protocol loader (see <asm/hvm/linux_boot.h>).
 *
 * The image is untrusted: every field is read with its offset checked
 * against the image length, and every size derived from it is checked
 * before it is used for a copy or a placement.  The loader keeps at most a
 * 512-byte buffer on the stack: the boot area is written through the
 * callback in pieces.
 */
#include <mhv/types.h>
#include <mhv/errno.h>
#include <mhv/lib.h>
#include <asm/hvm/linux_boot.h>

#define SETUP_HDR_MAGIC     0x53726448u     /* "HdrS" */
#define BOOT_FLAG_MAGIC     0xaa55
#define MIN_VERSION         0x020c          /* 2.12: xloadflags, 64-bit entry */
#define HDR_MIN_END         0x268           /* through handover_offset */
#define HDR_MAX_END         0x290           /* the zero page's header area */
#define LOADED_HIGH         0x01
#define TYPE_OF_LOADER_UNDEFINED 0xff
#define ENTRY_64_OFFSET     0x200
#define FOUR_GIB            (1ull << 32)
#define PAGE_4K             4096ull
#define ONE_MIB             (1ull << 20)

/* The boot area (offsets from cfg->boot_gpa). */
#define BA_GDT      0x0000
#define BA_ZERO     0x1000
#define BA_PML4     0x2000
#define BA_PDPT     0x3000
#define BA_PD       0x4000      /* 4 pages: [0, 4 GiB) in 2 MiB pages */
#define BA_CMDLINE  0x8000

#define PTE_P       0x001ull
#define PTE_RW      0x002ull
#define PTE_PS      0x080ull

#define GDT_CODE64  0x00af9b000000ffffull   /* L, P, DPL 0, code exec/read */
#define GDT_DATA    0x00cf93000000ffffull   /* G, D/B, P, DPL 0, data r/w */

#define CR0_PE      0x00000001ull
#define CR0_ET      0x00000010ull
#define CR0_NE      0x00000020ull
#define CR0_PG      0x80000000ull
#define CR4_PAE     0x00000020ull
#define EFER_LME    0x00000100ull
#define EFER_LMA    0x00000400ull

static u16 rd16(const u8 *p) { return (u16)(p[0] | p[1] << 8); }
static u32 rd32(const u8 *p) { return rd16(p) | (u32)rd16(p + 2) << 16; }
static u64 rd64(const u8 *p) { return rd32(p) | (u64)rd32(p + 4) << 32; }
static void wr16(u8 *p, u16 v) { p[0] = (u8)v; p[1] = (u8)(v >> 8); }
static void wr32(u8 *p, u32 v) { wr16(p, (u16)v); wr16(p + 2, (u16)(v >> 16)); }
static void wr64(u8 *p, u64 v) { wr32(p, (u32)v); wr32(p + 4, (u32)(v >> 32)); }

static bool is_pow2(u64 v) { return v && !(v & (v - 1)); }

#define REFUSE(msg) do { if (why) *why = (msg); return -EINVAL; } while (0)

int linux_parse_bzimage(const void *img, size_t len, struct linux_image *out,
                        const char **why)
{
    const u8 *b = img;
    size_t hdr_end;
    u64 syssize_bytes;

    if (!img || len < HDR_MIN_END)
        REFUSE("image shorter than a setup header");
    if (rd16(b + SH_BOOT_FLAG) != BOOT_FLAG_MAGIC)
        REFUSE("no boot sector signature 0xAA55");
    if (rd32(b + SH_HEADER) != SETUP_HDR_MAGIC)
        REFUSE("no \"HdrS\" setup header");
    out->version = rd16(b + SH_VERSION);
    if (out->version < MIN_VERSION)
        REFUSE("boot protocol older than 2.12");
    hdr_end = 0x202 + (size_t)b[SH_JUMP + 1];
    if (hdr_end < HDR_MIN_END || hdr_end > HDR_MAX_END)
        REFUSE("setup header length out of range");

    out->setup_sects = b[SH_SETUP_SECTS] ? b[SH_SETUP_SECTS] : 4;
    out->setup_len = ((size_t)out->setup_sects + 1) * 512;
    if (out->setup_len >= len)
        REFUSE("no protected-mode part after the setup sectors");
    out->pm_len = len - out->setup_len;
    syssize_bytes = (u64)rd32(b + SH_SYSSIZE) * 16;
    if (syssize_bytes > out->pm_len)
        REFUSE("protected-mode part shorter than syssize says");

    if (!(b[SH_LOADFLAGS] & LOADED_HIGH))
        REFUSE("not a bzImage (LOADED_HIGH clear)");
    if (!b[SH_RELOCATABLE])
        REFUSE("kernel not relocatable");
    out->xloadflags = rd16(b + SH_XLOADFLAGS);
    if (!(out->xloadflags & XLF_KERNEL_64))
        REFUSE("no 64-bit entry point (XLF_KERNEL_64)");
    out->kernel_alignment = rd32(b + SH_KERNEL_ALIGNMENT);
    if (!is_pow2(out->kernel_alignment) || out->kernel_alignment > (1u << 30))
        REFUSE("kernel_alignment not a power of two up to 1 GiB");
    out->init_size = rd32(b + SH_INIT_SIZE);
    if (out->init_size < out->pm_len || out->init_size < ENTRY_64_OFFSET)
        REFUSE("init_size smaller than the kernel");
    out->pref_address = rd64(b + SH_PREF_ADDRESS);
    out->initrd_addr_max = rd32(b + SH_INITRD_ADDR_MAX);
    out->cmdline_size = rd32(b + SH_CMDLINE_SIZE);
    out->hdr = b + BP_SETUP_HEADER;
    out->hdr_len = hdr_end - BP_SETUP_HEADER;
    if (why)
        *why = NULL;
    return 0;
}

/* ------------------------------------------------------------ the map */

static bool overlaps(u64 a, u64 alen, u64 b, u64 blen)
{
    return a < b + blen && b < a + alen;
}

static int check_map(const struct linux_boot_config *cfg, const char **why)
{
    if (!cfg->map || !cfg->nr_map || cfg->nr_map > LINUX_E820_MAX)
        REFUSE("guest memory map empty or larger than boot_params holds");
    for (unsigned int i = 0; i < cfg->nr_map; i++) {
        const struct linux_e820 *e = &cfg->map[i];

        if (!e->size || e->addr + e->size < e->addr)
            REFUSE("guest memory map entry empty or wrapping");
        if (i && e->addr < cfg->map[i - 1].addr + cfg->map[i - 1].size)
            REFUSE("guest memory map unsorted or overlapping");
    }
    return 0;
}

/* Is [addr, addr + len) RAM, in one entry or adjacent RAM entries? */
static bool is_ram(const struct linux_boot_config *cfg, u64 addr, u64 len)
{
    u64 end = addr + len;

    if (!len || end < addr)
        return false;
    for (unsigned int i = 0; i < cfg->nr_map && addr < end; i++) {
        const struct linux_e820 *e = &cfg->map[i];

        if (e->addr > addr)
            return false;                       /* a hole before addr */
        if (e->addr + e->size <= addr)
            continue;
        if (e->type != E820_RAM)
            return false;
        addr = e->addr + e->size;
    }
    return addr >= end;
}

static u64 align_up(u64 v, u64 a) { return (v + a - 1) & ~(a - 1); }

/* Where the kernel goes: pref_address, else the lowest fitting address. */
static int place_kernel(const struct linux_boot_config *cfg,
                        const struct linux_image *img, u64 *gpa)
{
    u64 align = img->kernel_alignment > LINUX_MIN_ALIGN ? img->kernel_alignment
                                                        : LINUX_MIN_ALIGN;
    u64 size = img->init_size;
    u64 pref = align_up(img->pref_address, align);

    if (pref + size <= FOUR_GIB && is_ram(cfg, pref, size) &&
        !overlaps(pref, size, cfg->boot_gpa, LINUX_BOOT_AREA_SIZE)) {
        *gpa = pref;
        return 0;
    }
    for (unsigned int i = 0; i < cfg->nr_map; i++) {
        const struct linux_e820 *e = &cfg->map[i];
        u64 a;

        if (e->type != E820_RAM)
            continue;
        for (a = align_up(e->addr > ONE_MIB ? e->addr : ONE_MIB, align);
             a + size <= e->addr + e->size && a + size <= FOUR_GIB; a += align) {
            if (overlaps(a, size, cfg->boot_gpa, LINUX_BOOT_AREA_SIZE))
                continue;
            if (is_ram(cfg, a, size)) {
                *gpa = a;
                return 0;
            }
        }
    }
    return -ENOMEM;
}

/* The initramfs: page-aligned, as high as fits below @limit, above 1 MiB. */
static int place_initrd(const struct linux_boot_config *cfg, u64 limit,
                        u64 kernel, u64 kernel_size, u64 *gpa)
{
    u64 len = cfg->initrd_len;

    for (unsigned int i = cfg->nr_map; i-- > 0;) {
        const struct linux_e820 *e = &cfg->map[i];
        u64 end = e->addr + e->size, a;

        if (e->type != E820_RAM)
            continue;
        if (end > limit)
            end = limit;
        while (end >= e->addr + len && end >= len) {
            a = (end - len) & ~(PAGE_4K - 1);
            /* Not below 1 MiB: the kernel keeps low memory for itself
             * (real-mode trampoline), and address 0 means "no initrd". */
            if (a < e->addr || a < ONE_MIB)
                break;
            if (overlaps(a, len, kernel, kernel_size))
                end = kernel;                   /* try below the kernel */
            else if (overlaps(a, len, cfg->boot_gpa, LINUX_BOOT_AREA_SIZE))
                end = cfg->boot_gpa;
            else {
                *gpa = a;
                return 0;
            }
        }
    }
    return -ENOMEM;
}

/* ------------------------------------------------------------ writing */

static int write_zeros(const struct linux_boot_config *cfg, u64 gpa, u64 len)
{
    static const u8 zeros[512];
    int rc;

    while (len) {
        size_t n = len > sizeof(zeros) ? sizeof(zeros) : (size_t)len;

        rc = cfg->write(cfg->ctx, gpa, zeros, n);
        if (rc)
            return rc;
        gpa += n;
        len -= n;
    }
    return 0;
}

static int write_page_tables(const struct linux_boot_config *cfg)
{
    u64 base = cfg->boot_gpa;
    u8 buf[512];
    int rc;

    wr64(buf, (base + BA_PDPT) | PTE_P | PTE_RW);
    rc = cfg->write(cfg->ctx, base + BA_PML4, buf, 8);
    for (unsigned int i = 0; !rc && i < 4; i++) {
        wr64(buf, (base + BA_PD + i * PAGE_4K) | PTE_P | PTE_RW);
        rc = cfg->write(cfg->ctx, base + BA_PDPT + i * 8, buf, 8);
    }
    /* 4 x 512 entries of 2 MiB, 64 at a time. */
    for (unsigned int n = 0; !rc && n < 4 * 512; n += 64) {
        for (unsigned int j = 0; j < 64; j++)
            wr64(buf + j * 8, ((u64)(n + j) << 21) | PTE_P | PTE_RW | PTE_PS);
        rc = cfg->write(cfg->ctx, base + BA_PD + (u64)n * 8, buf, sizeof(buf));
    }
    return rc;
}

static int write_zero_page(const struct linux_boot_config *cfg,
                           const struct linux_image *img, u64 initrd)
{
    u64 zp = cfg->boot_gpa + BA_ZERO;
    u64 cmdline = cfg->boot_gpa + BA_CMDLINE;
    u8 hdr[HDR_MAX_END - BP_SETUP_HEADER];
    u8 f[24];
    int rc;

    /* The setup header, as the image has it, with the loader's fields. */
    memcpy(hdr, img->hdr, img->hdr_len);
#define H(off) (hdr + ((off) - BP_SETUP_HEADER))
    *H(SH_TYPE_OF_LOADER) = TYPE_OF_LOADER_UNDEFINED;
    *H(SH_LOADFLAGS) &= ~0x80;                  /* no heap: CAN_USE_HEAP */
    wr16(H(SH_HEAP_END_PTR), 0);
    wr32(H(SH_RAMDISK_IMAGE), (u32)initrd);
    wr32(H(SH_RAMDISK_SIZE), (u32)cfg->initrd_len);
    wr32(H(SH_CMD_LINE_PTR), (u32)cmdline);
#undef H
    rc = cfg->write(cfg->ctx, zp + BP_SETUP_HEADER, hdr, img->hdr_len);
    if (rc)
        return rc;

    wr64(f, cfg->acpi_rsdp);
    rc = cfg->write(cfg->ctx, zp + BP_ACPI_RSDP_ADDR, f, 8);
    if (rc)
        return rc;
    wr32(f, (u32)(initrd >> 32));
    wr32(f + 4, (u32)((u64)cfg->initrd_len >> 32));
    wr32(f + 8, (u32)(cmdline >> 32));
    rc = cfg->write(cfg->ctx, zp + BP_EXT_RAMDISK_IMAGE, f, 12);
    if (rc)
        return rc;

    f[0] = (u8)cfg->nr_map;
    rc = cfg->write(cfg->ctx, zp + BP_E820_ENTRIES, f, 1);
    for (unsigned int i = 0; !rc && i < cfg->nr_map; i++) {
        wr64(f, cfg->map[i].addr);
        wr64(f + 8, cfg->map[i].size);
        wr32(f + 16, cfg->map[i].type);
        rc = cfg->write(cfg->ctx, zp + BP_E820_TABLE + i * 20, f, 20);
    }
    return rc;
}

int linux_boot_load(const struct linux_boot_config *cfg,
                    struct linux_boot_entry *out, const char **why)
{
    struct linux_image img;
    size_t cmdline_len;
    u64 kernel = 0, initrd = 0, limit;
    u8 gdt[32];
    int rc;

    rc = linux_parse_bzimage(cfg->image, cfg->image_len, &img, why);
    if (rc)
        return rc;
    rc = check_map(cfg, why);
    if (rc)
        return rc;
    cmdline_len = cfg->cmdline ? strnlen(cfg->cmdline, LINUX_BOOT_CMDLINE_MAX) : 0;
    if (cmdline_len >= LINUX_BOOT_CMDLINE_MAX ||
        (img.version >= 0x0206 && cmdline_len > img.cmdline_size))
        REFUSE("command line longer than the kernel accepts");
    if ((cfg->boot_gpa & (PAGE_4K - 1)) || !is_ram(cfg, cfg->boot_gpa, LINUX_BOOT_AREA_SIZE) ||
        cfg->boot_gpa + LINUX_BOOT_AREA_SIZE > FOUR_GIB)
        REFUSE("boot area not page-aligned RAM below 4 GiB");
    if (!cfg->write)
        REFUSE("no guest-memory writer");

    if (place_kernel(cfg, &img, &kernel)) {
        if (why)
            *why = "no RAM below 4 GiB for the kernel's init_size";
        return -ENOMEM;
    }
    if (cfg->initrd && cfg->initrd_len) {
        limit = img.initrd_addr_max ? (u64)img.initrd_addr_max + 1 : FOUR_GIB;
        if (limit > FOUR_GIB)
            limit = FOUR_GIB;
        if (place_initrd(cfg, limit, kernel, img.init_size, &initrd)) {
            if (why)
                *why = "no RAM for the initramfs below initrd_addr_max";
            return -ENOMEM;
        }
    }

    /* The kernel, the initramfs, the boot area. */
    rc = cfg->write(cfg->ctx, kernel, (const u8 *)cfg->image + img.setup_len, img.pm_len);
    if (!rc && initrd)
        rc = cfg->write(cfg->ctx, initrd, cfg->initrd, cfg->initrd_len);
    if (!rc)
        rc = write_zeros(cfg, cfg->boot_gpa, LINUX_BOOT_AREA_SIZE);
    if (!rc) {
        memset(gdt, 0, sizeof(gdt));
        wr64(gdt + LINUX_BOOT_CS, GDT_CODE64);
        wr64(gdt + LINUX_BOOT_DS, GDT_DATA);
        rc = cfg->write(cfg->ctx, cfg->boot_gpa + BA_GDT, gdt, sizeof(gdt));
    }
    if (!rc)
        rc = write_page_tables(cfg);
    if (!rc && cmdline_len)
        rc = cfg->write(cfg->ctx, cfg->boot_gpa + BA_CMDLINE, cfg->cmdline, cmdline_len);
    if (!rc)
        rc = write_zero_page(cfg, &img, initrd);
    if (rc) {
        if (why)
            *why = "writing guest memory failed";
        return rc;
    }

    *out = (struct linux_boot_entry){
        .rip = kernel + ENTRY_64_OFFSET,
        .rsi = cfg->boot_gpa + BA_ZERO,
        .cr0 = CR0_PE | CR0_ET | CR0_NE | CR0_PG,
        .cr3 = cfg->boot_gpa + BA_PML4,
        .cr4 = CR4_PAE,
        .efer = EFER_LME | EFER_LMA,
        .rflags = 0x2,
        .gdt_base = cfg->boot_gpa + BA_GDT,
        .gdt_limit = sizeof(gdt) - 1,
        .cs = LINUX_BOOT_CS,
        .ds = LINUX_BOOT_DS,
        .cs_desc = GDT_CODE64,
        .ds_desc = GDT_DATA,
        .kernel_gpa = kernel,
        .kernel_end = kernel + img.init_size,
        .initrd_gpa = initrd,
        .zero_page_gpa = cfg->boot_gpa + BA_ZERO,
        .cmdline_gpa = cfg->boot_gpa + BA_CMDLINE,
    };
    if (why)
        *why = NULL;
    return 0;
}
