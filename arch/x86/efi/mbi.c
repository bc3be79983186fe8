/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multiboot2 information builder (see mbi.h).
 */
#include "mbi.h"
#include <asm/multiboot2.h>

void mbi_init(struct mbi_builder *b, void *buf, size_t cap)
{
    b->buf = buf;
    b->cap = cap;
    b->len = 8;                         /* total_size, reserved */
    b->overflow = cap < 8;
}

/* Room for a tag of @size bytes at the end; NULL (and overflow) if none. */
static void *tag_begin(struct mbi_builder *b, uint32_t type, size_t size)
{
    struct mb2_tag *t;
    size_t padded = LDR_ROUNDUP(size, 8);

    if (b->overflow || size > b->cap || padded > b->cap - b->len) {
        b->overflow = true;
        return NULL;
    }
    t = (struct mb2_tag *)(b->buf + b->len);
    memset(t, 0, padded);
    t->type = type;
    t->size = (uint32_t)size;
    b->len += padded;
    return t;
}

static size_t str_size(const char *s)
{
    size_t n = 0;

    while (s[n])
        n++;
    return n + 1;
}

void mbi_add_string(struct mbi_builder *b, uint32_t type, const char *s)
{
    size_t n = str_size(s);
    uint8_t *t = tag_begin(b, type, 8 + n);

    if (t)
        memcpy(t + 8, s, n);
}

void mbi_add_module(struct mbi_builder *b, uint32_t start, uint32_t end,
                    const char *string)
{
    size_t n = str_size(string);
    uint8_t *t = tag_begin(b, MB2_TAG_MODULE, 16 + n);

    if (!t)
        return;
    memcpy(t + 8, &start, 4);
    memcpy(t + 12, &end, 4);
    memcpy(t + 16, string, n);
}

void mbi_add_acpi(struct mbi_builder *b, bool v2, const void *rsdp, size_t len)
{
    uint8_t *t = tag_begin(b, v2 ? MB2_TAG_ACPI_NEW : MB2_TAG_ACPI_OLD, 8 + len);

    if (t)
        memcpy(t + 8, rsdp, len);
}

void mbi_add_efi64(struct mbi_builder *b, uint64_t system_table)
{
    uint8_t *t = tag_begin(b, MB2_TAG_EFI64, 16);

    if (t)
        memcpy(t + 8, &system_table, 8);
}

uint32_t mbi_efi_to_e820(uint32_t efi_type)
{
    switch (efi_type) {
    case EFI_MT_LOADER_CODE:
    case EFI_MT_LOADER_DATA:
    case EFI_MT_BS_CODE:
    case EFI_MT_BS_DATA:
    case EFI_MT_CONVENTIONAL:
        return MB2_MEM_AVAILABLE;       /* free once boot services are gone */
    case EFI_MT_ACPI_RECLAIM:
        return MB2_MEM_ACPI_RECLAIM;
    case EFI_MT_ACPI_NVS:
        return MB2_MEM_NVS;
    case EFI_MT_UNUSABLE:
        return MB2_MEM_BAD;
    default:                            /* runtime services, MMIO, ... */
        return MB2_MEM_RESERVED;
    }
}

size_t mbi_memory_room(size_t nr_desc, size_t desc_size)
{
    return 8 + 8 +                                      /* tag 4 */
           16 + nr_desc * sizeof(struct mb2_mmap_entry) + 8 +   /* tag 6 */
           16 + nr_desc * desc_size + 8;                /* tag 17 */
}

static bool mergeable(const struct mb2_mmap_entry *a, const struct mb2_mmap_entry *b)
{
    return a->type == b->type && a->addr + a->len == b->addr;
}

static size_t mmap_remove(struct mb2_mmap_entry *v, size_t n, size_t i)
{
    for (; i + 1 < n; i++)
        v[i] = v[i + 1];
    return n - 1;
}

/* Insert @e into the sorted array @v of @n entries, merging neighbours. */
static size_t mmap_insert(struct mb2_mmap_entry *v, size_t n,
                          struct mb2_mmap_entry e)
{
    size_t i = n;

    while (i && v[i - 1].addr > e.addr) {
        v[i] = v[i - 1];
        i--;
    }
    v[i] = e;
    n++;
    if (i && mergeable(&v[i - 1], &v[i])) {
        v[i - 1].len += v[i].len;
        n = mmap_remove(v, n, i);
        i--;
    }
    if (i + 1 < n && mergeable(&v[i], &v[i + 1])) {
        v[i].len += v[i + 1].len;
        n = mmap_remove(v, n, i + 1);
    }
    return n;
}

void mbi_add_memory(struct mbi_builder *b, const void *map, size_t map_size,
                    size_t desc_size, uint32_t desc_version)
{
    const uint8_t *m = map;
    size_t nr = desc_size >= sizeof(struct efi_mdesc) ? map_size / desc_size : 0;
    size_t i, n = 0;
    uint8_t *t;
    struct mb2_mmap_entry *v;
    uint64_t lower = 0, upper = 0;

    /* Tag 6: converted, sorted and merged in place in the tag. */
    t = tag_begin(b, MB2_TAG_MMAP, 16 + nr * sizeof(*v));
    if (!t)
        return;
    v = (struct mb2_mmap_entry *)(t + 16);
    for (i = 0; i < nr; i++) {
        struct efi_mdesc d;
        struct mb2_mmap_entry e;

        memcpy(&d, m + i * desc_size, sizeof(d));
        if (!d.pages || d.pages > (~0ull >> 12) || d.phys + (d.pages << 12) < d.phys)
            continue;                   /* empty or wrapping: drop */
        e = (struct mb2_mmap_entry){ d.phys, d.pages << 12, mbi_efi_to_e820(d.type), 0 };
        n = mmap_insert(v, n, e);
    }
    {
        uint32_t esz = sizeof(*v), ever = 0, tsz = (uint32_t)(16 + n * sizeof(*v));

        memcpy(t + 4, &tsz, 4);
        memcpy(t + 8, &esz, 4);
        memcpy(t + 12, &ever, 4);
        /* Give back the room of merged entries. */
        b->len -= LDR_ROUNDUP(16 + nr * sizeof(*v), 8) - LDR_ROUNDUP(tsz, 8);
    }

    /* Tag 4: KiB of RAM from 0 (up to 640 KiB) and from 1 MiB, contiguous. */
    for (i = 0; i < n; i++) {
        if (v[i].type != MB2_MEM_AVAILABLE)
            continue;
        if (v[i].addr <= lower && v[i].addr + v[i].len > lower)
            lower = v[i].addr + v[i].len;
        if (v[i].addr <= 0x100000 + upper && v[i].addr + v[i].len > 0x100000 + upper)
            upper = v[i].addr + v[i].len - 0x100000;
    }
    if (lower > 0xa0000)
        lower = 0xa0000;
    t = tag_begin(b, MB2_TAG_BASIC_MEMINFO, 16);
    if (t) {
        uint32_t lo = (uint32_t)(lower >> 10);
        uint32_t up = (uint32_t)((upper >> 10) > 0xffffffffu ? 0xffffffffu : upper >> 10);

        memcpy(t + 8, &lo, 4);
        memcpy(t + 12, &up, 4);
    }

    /* Tag 17: the EFI map as the firmware gave it. */
    t = tag_begin(b, MB2_TAG_EFI_MMAP, 16 + nr * desc_size);
    if (t) {
        uint32_t dsz = (uint32_t)desc_size;

        memcpy(t + 8, &dsz, 4);
        memcpy(t + 12, &desc_version, 4);
        memcpy(t + 16, map, nr * desc_size);
    }
}

int mbi_check_reusable(const void *map, size_t map_size, size_t desc_size,
                       uint64_t lo, uint64_t hi, uint64_t *bad, uint32_t *bad_type)
{
    const uint8_t *m = map;
    size_t nr = desc_size >= sizeof(struct efi_mdesc) ? map_size / desc_size : 0;
    uint64_t cur = lo;

    while (cur < hi) {
        size_t i;
        bool found = false;

        for (i = 0; i < nr; i++) {
            struct efi_mdesc d;

            memcpy(&d, m + i * desc_size, sizeof(d));
            if (cur < d.phys || d.pages > (~0ull >> 12) ||
                cur - d.phys >= (d.pages << 12))
                continue;
            if (d.type != EFI_MT_BS_CODE && d.type != EFI_MT_BS_DATA &&
                d.type != EFI_MT_CONVENTIONAL) {
                *bad = cur;
                *bad_type = d.type;
                return -1;
            }
            cur = d.phys + (d.pages << 12);
            found = true;
            break;
        }
        if (!found) {
            *bad = cur;
            *bad_type = MBI_NO_MEMORY;
            return -1;
        }
    }
    return 0;
}

size_t mbi_finish(struct mbi_builder *b)
{
    uint32_t total, zero = 0;

    if (!tag_begin(b, MB2_TAG_END, 8) || b->overflow)
        return 0;
    total = (uint32_t)b->len;
    memcpy(b->buf, &total, 4);
    memcpy(b->buf + 4, &zero, 4);
    return b->len;
}
