/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multiboot2 boot information: turned into struct boot_info.
 *
 * Every tag is bounds-checked against the structure's total size; a
 * malformed or missing tag is reported and skipped, never trusted.
 */
#include <mhv/bootinfo.h>
#include <mhv/lib.h>
#include <mhv/errno.h>
#include <asm/page.h>
#include <asm/multiboot2.h>

struct efi_mem_desc {
    u32 type, pad;
    u64 phys, virt, pages, attr;
};

static char loader_name[64];

static void add_region(struct boot_info *bi, u64 addr, u64 len, u32 type)
{
    if (!len)
        return;
    if (bi->nr_mem == BOOT_MAX_MEM) {
        printk(LOG_WARNING "boot: more than %u memory regions, ignoring %#lx+%#lx\n",
               BOOT_MAX_MEM, addr, len);
        return;
    }
    /* Merge with the previous entry when contiguous and of the same type. */
    if (bi->nr_mem) {
        struct boot_mem_region *p = &bi->mem[bi->nr_mem - 1];

        if (p->type == type && p->addr + p->len == addr) {
            p->len += len;
            return;
        }
    }
    bi->mem[bi->nr_mem++] = (struct boot_mem_region){ addr, len, type };
}

/*
 * Copy the string at @src, which the tag gives @avail bytes for: it need
 * not be NUL-terminated inside them, and nothing past them is read.
 */
static void tag_string(char *dst, size_t size, const void *src, size_t avail)
{
    size_t n = min(strnlen(src, avail), size - 1);

    memcpy(dst, src, n);
    dst[n] = '\0';
}

static u32 efi_type_to_e820(u32 t)
{
    switch (t) {
    case 1: case 2: case 3: case 4: case 7:     /* loader/BS code+data, free */
        return BOOT_MEM_RAM;
    case 9:
        return BOOT_MEM_ACPI;
    case 10:
        return BOOT_MEM_NVS;
    case 8:
        return BOOT_MEM_BAD;
    default:
        return BOOT_MEM_RESERVED;
    }
}

int multiboot2_parse(u32 magic, paddr_t mbi_pa, struct boot_info *bi)
{
    const u8 *mbi, *p, *end;
    u32 total;
    bool have_mmap = false;
    const struct mb2_tag *efi_mmap = NULL;

    if (magic != MB2_BOOTLOADER_MAGIC) {
        printk(LOG_ERR "boot: bad Multiboot2 magic %#x (expected %#x)\n",
               magic, MB2_BOOTLOADER_MAGIC);
        return -EINVAL;
    }
    if (!mbi_pa || (mbi_pa & 7) || mbi_pa >= (4UL << 30)) {
        printk(LOG_ERR "boot: bad Multiboot2 information address %#lx\n", mbi_pa);
        return -EINVAL;
    }
    mbi = __va(mbi_pa);
    total = *(const u32 *)mbi;
    if (total < 16 || total > (1U << 24)) {
        printk(LOG_ERR "boot: implausible Multiboot2 information size %u\n", total);
        return -EINVAL;
    }
    bi->info_start = mbi_pa;
    bi->info_end = mbi_pa + total;
    bi->loader = "Multiboot2";

    end = mbi + total;
    for (p = mbi + 8; p + sizeof(struct mb2_tag) <= end;
         p += ROUNDUP(((const struct mb2_tag *)p)->size, 8)) {
        const struct mb2_tag *tag = (const void *)p;

        if (tag->type == MB2_TAG_END)
            break;
        if (tag->size < sizeof(*tag) || p + tag->size > end) {
            printk(LOG_WARNING "boot: malformed Multiboot2 tag %u (size %u), "
                   "ignoring the rest\n", tag->type, tag->size);
            break;
        }
        switch (tag->type) {
        case MB2_TAG_CMDLINE:
            tag_string(bi->cmdline, sizeof(bi->cmdline), tag + 1,
                       tag->size - 8);
            break;
        case MB2_TAG_LOADER_NAME:
            tag_string(loader_name, sizeof(loader_name), tag + 1,
                       tag->size - 8);
            bi->loader = loader_name;
            break;
        case MB2_TAG_MODULE: {
            const u32 *m = (const u32 *)(tag + 1);
            struct boot_module *mod;

            if (tag->size < 17) {
                printk(LOG_WARNING "boot: short module tag ignored\n");
                break;
            }
            if (bi->nr_mods == BOOT_MAX_MODS) {
                printk(LOG_WARNING "boot: more than %u modules, ignoring the rest\n",
                       BOOT_MAX_MODS);
                break;
            }
            if (m[1] <= m[0]) {
                printk(LOG_WARNING "boot: empty module %#x-%#x ignored\n", m[0], m[1]);
                break;
            }
            mod = &bi->mods[bi->nr_mods++];
            mod->start = m[0];
            mod->end = m[1];
            tag_string(mod->cmdline, sizeof(mod->cmdline), m + 2,
                       tag->size - 16);
            break;
        }
        case MB2_TAG_MMAP: {
            const u32 *h = (const u32 *)(tag + 1);
            const u8 *e;
            u32 esz;

            if (tag->size < 16) {
                printk(LOG_WARNING "boot: short memory map tag ignored\n");
                break;
            }
            esz = h[0];
            if (esz < sizeof(struct mb2_mmap_entry) || (esz & 7)) {
                printk(LOG_WARNING "boot: bad memory map entry size %u\n", esz);
                break;
            }
            for (e = (const u8 *)(h + 2); e + esz <= p + tag->size; e += esz) {
                const struct mb2_mmap_entry *me = (const void *)e;
                u32 type = me->type;

                if (type < BOOT_MEM_RAM || type > BOOT_MEM_BAD)
                    type = BOOT_MEM_RESERVED;
                add_region(bi, me->addr, me->len, type);
            }
            have_mmap = true;
            break;
        }
        case MB2_TAG_EFI64:
        case MB2_TAG_EFI_BS:
            bi->efi = true;
            break;
        case MB2_TAG_EFI_MMAP:
            bi->efi = true;
            if (tag->size < 16) {
                printk(LOG_WARNING "boot: short EFI memory map tag ignored\n");
                break;
            }
            efi_mmap = tag;
            break;
        case MB2_TAG_ACPI_OLD:
        case MB2_TAG_ACPI_NEW: {
            unsigned int len = tag->size - 8;

            /* Prefer the 2.0 form when both are given. */
            if (tag->type == MB2_TAG_ACPI_OLD && bi->rsdp_len > 20)
                break;
            if (len < 20) {
                printk(LOG_WARNING "boot: short ACPI RSDP tag ignored\n");
                break;
            }
            bi->rsdp_len = min(len, (unsigned int)sizeof(bi->rsdp));
            memcpy(bi->rsdp, tag + 1, bi->rsdp_len);
            break;
        }
        default:
            break;
        }
    }

    if (!have_mmap && efi_mmap) {
        const u32 *h = (const u32 *)(efi_mmap + 1);
        u32 dsz = h[0];
        const u8 *e;

        /* UEFI descriptors are 8-byte multiples (the size may grow). */
        if (dsz < sizeof(struct efi_mem_desc) || (dsz & 7))
            printk(LOG_WARNING "boot: bad EFI memory descriptor size %u\n", dsz);
        else
            for (e = (const u8 *)(h + 2);
                 e + dsz <= (const u8 *)efi_mmap + efi_mmap->size; e += dsz) {
                const struct efi_mem_desc *d = (const void *)e;

                add_region(bi, d->phys, d->pages << PAGE_SHIFT,
                           efi_type_to_e820(d->type));
            }
        have_mmap = bi->nr_mem != 0;
    }
    if (!have_mmap) {
        printk(LOG_ERR "boot: the boot loader gave no memory map\n");
        return -ENOENT;
    }
    bootinfo_sanitize_memmap(bi);
    return 0;
}
