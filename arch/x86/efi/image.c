/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hypervisor image checks and placement (see image.h).  Every offset and
 * size read from the file is checked before use, in an order that cannot
 * overflow: a corrupt image is refused with a sentence, never loaded.
 */
#include "image.h"
#include <asm/multiboot2.h>
#include <mhv/elf64.h>

#define PHDR_MAX        64

#define FOUR_GIB        (1ull << 32)

static int fail(const char **why, uint64_t *detail, const char *msg, uint64_t d)
{
    *why = msg;
    *detail = d;
    return -1;
}

/* Byte-wise reads: the file buffer need not be aligned. */
static uint32_t rd32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t rd16(const uint8_t *p)
{
    return p[0] | p[1] << 8;
}

bool image_loader_provides(uint32_t t)
{
    switch (t) {
    case MB2_TAG_CMDLINE:
    case MB2_TAG_LOADER_NAME:
    case MB2_TAG_MODULE:
    case MB2_TAG_BASIC_MEMINFO:
    case MB2_TAG_MMAP:
    case MB2_TAG_EFI64:
    case MB2_TAG_ACPI_OLD:          /* when the firmware has the table */
    case MB2_TAG_ACPI_NEW:
    case MB2_TAG_EFI_MMAP:
        return true;
    default:
        return false;
    }
}

/* Find and check the Multiboot2 header; fill img->entry if it has one. */
static int parse_mb2_header(const uint8_t *f, size_t size, struct mhv_image *img,
                            const char **why, uint64_t *detail)
{
    size_t lim = size < MB2_HEADER_SEARCH ? size : MB2_HEADER_SEARCH;
    size_t off, end, p;

    for (off = 0; off + 16 <= lim; off += 8) {
        uint32_t len;

        if (rd32(f + off) != MB2_HEADER_MAGIC)
            continue;
        len = rd32(f + off + 8);
        if (rd32(f + off + 4) != MB2_ARCH_I386 ||
            (uint32_t)(rd32(f + off) + rd32(f + off + 4) + len + rd32(f + off + 12)))
            continue;                   /* not a header: checksum wrong */
        if (len < 16 || len > size - off)
            return fail(why, detail, "the Multiboot2 header's length runs past "
                        "the end of the file", len);
        end = off + len;
        for (p = off + 16; p + 8 <= end; ) {
            uint16_t type = rd16(f + p), flags = rd16(f + p + 2);
            uint32_t tsz = rd32(f + p + 4);
            bool optional = flags & MB2_HDR_FLAG_OPTIONAL;

            if (tsz < 8 || tsz > end - p)
                return fail(why, detail, "malformed Multiboot2 header tag", type);
            if (type == MB2_HDR_END)
                return 0;
            switch (type) {
            case MB2_HDR_INFO_REQUEST: {
                uint32_t i;

                for (i = 8; i + 4 <= tsz; i += 4)
                    if (!optional && !image_loader_provides(rd32(f + p + i)))
                        return fail(why, detail, "the image requires a Multiboot2 "
                                    "information tag that mhv.efi does not provide",
                                    rd32(f + p + i));
                break;
            }
            case MB2_HDR_ENTRY:
                if (tsz < 12)
                    return fail(why, detail, "short Multiboot2 entry-address tag", tsz);
                img->entry = rd32(f + p + 8);
                img->entry_from_header = true;
                break;
            case MB2_HDR_CONSOLE_FLAGS:
            case MB2_HDR_MODULE_ALIGN:  /* modules are always page-aligned */
            case MB2_HDR_RELOCATABLE:   /* loaded where linked: allowed */
                break;
            default:
                /* Address (a.out kludge), framebuffer, EFI boot services
                 * or EFI entry points: not implemented. */
                if (!optional)
                    return fail(why, detail, "the image requires a Multiboot2 "
                                "header feature that mhv.efi does not implement "
                                "(tag type in brackets)", type);
                break;
            }
            p += LDR_ROUNDUP(tsz, 8);
        }
        return fail(why, detail, "the Multiboot2 header has no end tag", 0);
    }
    return fail(why, detail, "no Multiboot2 header in the first 32 KiB "
                "(is this the mhv image?)", 0);
}

int image_parse(const void *file, size_t size, struct mhv_image *img,
                const char **why, uint64_t *detail)
{
    const uint8_t *f = file;
    struct elf64_ehdr eh;
    unsigned int i, j;
    uint64_t lo = ~0ull, hi = 0;

    memset(img, 0, sizeof(*img));
    *why = NULL;
    *detail = 0;
    if (size < sizeof(eh))
        return fail(why, detail, "the file is too small to be an ELF image", size);
    memcpy(&eh, f, sizeof(eh));
    if (eh.e_ident[0] != 0x7f || eh.e_ident[1] != 'E' || eh.e_ident[2] != 'L' ||
        eh.e_ident[3] != 'F')
        return fail(why, detail, "not an ELF file", 0);
    if (eh.e_ident[4] != ELFCLASS64 || eh.e_ident[5] != ELFDATA2LSB ||
        eh.e_machine != EM_X86_64)
        return fail(why, detail, "not a little-endian ELF64 x86-64 image", eh.e_machine);
    if (eh.e_type != ET_EXEC)
        return fail(why, detail, "not an ELF executable (e_type)", eh.e_type);
    if (eh.e_phentsize != sizeof(struct elf64_phdr) || !eh.e_phnum ||
        eh.e_phnum > PHDR_MAX)
        return fail(why, detail, "bad ELF program header table (count or entry size)",
                    eh.e_phnum);
    if (eh.e_phoff > size ||
        (uint64_t)eh.e_phnum * sizeof(struct elf64_phdr) > size - eh.e_phoff)
        return fail(why, detail, "the ELF program headers run past the end of "
                    "the file", eh.e_phoff);

    for (i = 0; i < eh.e_phnum; i++) {
        struct elf64_phdr ph;
        struct image_seg *s;

        memcpy(&ph, f + eh.e_phoff + i * sizeof(ph), sizeof(ph));
        if (ph.p_type != PT_LOAD || !ph.p_memsz)
            continue;
        if (img->nr_segs == IMAGE_MAX_SEGS)
            return fail(why, detail, "too many PT_LOAD segments", eh.e_phnum);
        if (ph.p_filesz > ph.p_memsz)
            return fail(why, detail, "a PT_LOAD segment's file size exceeds its "
                        "memory size", ph.p_paddr);
        if (ph.p_offset > size || ph.p_filesz > size - ph.p_offset)
            return fail(why, detail, "a PT_LOAD segment runs past the end of the "
                        "file", ph.p_offset);
        if (ph.p_paddr >= FOUR_GIB || ph.p_memsz > FOUR_GIB - ph.p_paddr)
            return fail(why, detail, "a PT_LOAD segment lies above 4 GiB (a "
                        "Multiboot2 image is entered without paging)", ph.p_paddr);
        s = &img->seg[img->nr_segs++];
        *s = (struct image_seg){ ph.p_paddr, ph.p_offset, ph.p_filesz, ph.p_memsz };
        if (s->paddr < lo)
            lo = s->paddr;
        if (s->paddr + s->memsz > hi)
            hi = s->paddr + s->memsz;
        /* Translate the ELF entry (virtual) through the segment holding it. */
        if (!img->entry && eh.e_entry >= ph.p_vaddr &&
            eh.e_entry - ph.p_vaddr < ph.p_memsz)
            img->entry = (uint32_t)(ph.p_paddr + (eh.e_entry - ph.p_vaddr));
    }
    if (!img->nr_segs)
        return fail(why, detail, "the ELF image has no PT_LOAD segment", 0);
    for (i = 0; i < img->nr_segs; i++)
        for (j = i + 1; j < img->nr_segs; j++) {
            const struct image_seg *a = &img->seg[i], *b = &img->seg[j];

            if (a->paddr < b->paddr + b->memsz && b->paddr < a->paddr + a->memsz)
                return fail(why, detail, "two PT_LOAD segments overlap", b->paddr);
        }
    img->lo = lo & ~(uint64_t)(LDR_PAGE_SIZE - 1);
    img->hi = LDR_ROUNDUP(hi, LDR_PAGE_SIZE);
    if (img->hi > FOUR_GIB || img->hi - img->lo > IMAGE_MAX_SPAN)
        return fail(why, detail, "the image's segments span more than 256 MiB",
                    img->hi - img->lo);

    /* The header's entry-address tag, when there is one, wins. */
    {
        uint32_t elf_entry = img->entry;

        img->entry = 0;
        if (parse_mb2_header(f, size, img, why, detail))
            return -1;
        if (!img->entry_from_header)
            img->entry = elf_entry;
    }
    if (!img->entry)
        return fail(why, detail, "no entry point: no Multiboot2 entry-address tag "
                    "and e_entry is in no segment", eh.e_entry);
    for (i = 0; i < img->nr_segs; i++)
        if (img->entry >= img->seg[i].paddr &&
            img->entry - img->seg[i].paddr < img->seg[i].filesz)
            return 0;
    return fail(why, detail, "the entry point is not inside a loaded segment",
                img->entry);
}

void image_place(const struct mhv_image *img, const void *file, void *dst)
{
    const uint8_t *f = file;
    uint8_t *d = dst;
    unsigned int i;

    memset(d, 0, img->hi - img->lo);
    for (i = 0; i < img->nr_segs; i++) {
        const struct image_seg *s = &img->seg[i];

        memcpy(d + (s->paddr - img->lo), f + s->offset, s->filesz);
    }
}
