/* SPDX-License-Identifier: GPL-2.0 */
/* An HVM domain's guest-physical memory (<asm/hvm/memory.h>). */
#include <asm/hvm/memory.h>
#include <asm/hvm/linux_boot.h>
#include <mhv/mm.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/errno.h>
#include <mhv/xmalloc.h>
#include <mhv/gpmap.h>
#include <asm/page.h>

#define PAGES_PER_SLOT  (HVM_SLOT_SIZE / PAGE_SIZE)
#define SLOT_ORDER      (SUPERPAGE_SHIFT - PAGE_SHIFT)

static u64 *split_list(u64 slot)
{
    return (u64 *)(unsigned long)(slot & ~HVM_SLOT_SPLIT);
}

/* The index of a slot goes; its pages are the map's (freed with it). */
static void free_slot_index(struct hvm_memory *m, unsigned long i)
{
    u64 s = m->slots[i];

    if (s & HVM_SLOT_SPLIT) {
        free_page_va(split_list(s));
        m->split_slots--;
    }
    m->slots[i] = 0;
}

static u64 slot_gpa(const struct hvm_memory *m, unsigned long i)
{
    u64 off = (u64)i * HVM_SLOT_SIZE;

    return off < m->low_bytes ? off : HVM_HIGH_RAM_BASE + (off - m->low_bytes);
}

/* Hand @npages at @pa (allocated, zeroed) to the domain's map at @gpa; on
 * failure they are freed here, else they are the map's. */
static int add_ram(struct domain *d, u64 gpa, paddr_t pa, unsigned int order)
{
    int rc = gpmap_add_ram(d, gpa, pa, 1UL << order,
                           GPMAP_WRITE | GPMAP_EXEC | GPMAP_OWNED);

    if (rc)
        free_pages(pa, order);
    return rc;
}

/* A 2 MiB slot of zeroed RAM: one 2 MiB page, else 512 small ones. */
static int alloc_slot(struct domain *d, struct hvm_memory *m, unsigned long i)
{
    paddr_t pa = alloc_pages(SLOT_ORDER);
    u64 gpa = slot_gpa(m, i), *list;
    int rc;

    if (pa) {
        memset(__va(pa), 0, HVM_SLOT_SIZE);
        rc = add_ram(d, gpa, pa, SLOT_ORDER);
        if (rc)
            return rc;
        m->slots[i] = pa;
        m->pages += PAGES_PER_SLOT;
        return 0;
    }
    list = alloc_page_va();
    if (!list)
        return -ENOMEM;
    m->slots[i] = (u64)(unsigned long)list | HVM_SLOT_SPLIT;
    m->split_slots++;
    m->index_pages++;
    for (unsigned int p = 0; p < PAGES_PER_SLOT; p++) {
        void *page = alloc_page_va();

        if (!page)
            return -ENOMEM;
        rc = add_ram(d, gpa + p * PAGE_SIZE, __pa(page), 0);
        if (rc)
            return rc;
        list[p] = __pa(page);
        m->pages++;
    }
    return 0;
}

int hvm_memory_alloc(struct domain *d, struct hvm_memory *m, u64 bytes)
{
    int rc = 0;

    memset(m, 0, sizeof(*m));
    if (bytes < HVM_MIN_RAM || (bytes & (HVM_SLOT_SIZE - 1)) ||
        bytes > (1ull << 40))
        return -EINVAL;
    m->low_bytes = min(bytes, HVM_LOW_RAM_END);
    m->high_bytes = bytes - m->low_bytes;
    m->nr_slots = bytes / HVM_SLOT_SIZE;
    m->slots = xzalloc_array(u64, m->nr_slots);
    if (!m->slots)
        return -ENOMEM;
    for (unsigned long i = 0; i < m->nr_slots && !rc; i++)
        rc = alloc_slot(d, m, i);
    return rc;
}

unsigned long hvm_memory_free(struct hvm_memory *m)
{
    unsigned long pages = m->index_pages;

    if (!m->slots)
        return 0;
    for (unsigned long i = 0; i < m->nr_slots; i++)
        free_slot_index(m, i);
    xfree(m->slots);
    m->slots = NULL;
    m->nr_slots = 0;
    m->pages = 0;
    m->index_pages = 0;
    return pages;
}

/* The offset of @gpa in the RAM (slot order), or -1 if it is not RAM. */
static s64 ram_offset(const struct hvm_memory *m, u64 gpa)
{
    if (gpa < m->low_bytes)
        return gpa;
    if (gpa >= HVM_HIGH_RAM_BASE && gpa - HVM_HIGH_RAM_BASE < m->high_bytes)
        return m->low_bytes + (gpa - HVM_HIGH_RAM_BASE);
    return -1;
}

bool hvm_memory_is_ram(const struct hvm_memory *m, u64 gpa)
{
    return ram_offset(m, gpa) >= 0;
}

void *hvm_memory_va(const struct hvm_memory *m, u64 gpa, size_t *contig)
{
    s64 off = ram_offset(m, gpa);
    u64 s;

    if (off < 0 || !m->slots)
        return NULL;
    s = m->slots[off / HVM_SLOT_SIZE];
    if (s & HVM_SLOT_SPLIT) {
        u64 pa = split_list(s)[(off % HVM_SLOT_SIZE) / PAGE_SIZE];

        *contig = PAGE_SIZE - (gpa & (PAGE_SIZE - 1));
        return __va(pa + (gpa & (PAGE_SIZE - 1)));
    }
    *contig = HVM_SLOT_SIZE - (off % HVM_SLOT_SIZE);
    return __va(s + off % HVM_SLOT_SIZE);
}

int hvm_memory_write(const struct hvm_memory *m, u64 gpa, const void *src,
                     size_t len)
{
    const u8 *s = src;

    while (len) {
        size_t n;
        void *va = hvm_memory_va(m, gpa, &n);

        if (!va || gpa + len < gpa)
            return -EFAULT;
        n = min(n, len);
        memcpy(va, s, n);
        s += n;
        gpa += n;
        len -= n;
    }
    return 0;
}

int hvm_memory_read(const struct hvm_memory *m, void *dst, u64 gpa, size_t len)
{
    u8 *d = dst;

    while (len) {
        size_t n;
        const void *va = hvm_memory_va(m, gpa, &n);

        if (!va || gpa + len < gpa)
            return -EFAULT;
        n = min(n, len);
        memcpy(d, va, n);
        d += n;
        gpa += n;
        len -= n;
    }
    return 0;
}

unsigned int hvm_memory_e820(const struct hvm_memory *m, struct linux_e820 *map,
                             unsigned int max)
{
    struct linux_e820 e[5] = {
        { 0, HVM_BIOS_AREA, E820_RAM },
        { HVM_BIOS_AREA, HVM_ACPI_GPA - HVM_BIOS_AREA, E820_RESERVED },
        { HVM_ACPI_GPA, HVM_ACPI_MAX, E820_ACPI },
        { HVM_ACPI_GPA + HVM_ACPI_MAX, 0x100000 - HVM_ACPI_GPA - HVM_ACPI_MAX,
          E820_RESERVED },
        { 0x100000, m->low_bytes - 0x100000, E820_RAM },
    };
    unsigned int n = 0;

    BUILD_BUG_ON(HVM_ACPI_GPA + HVM_ACPI_MAX > 0x100000);
    for (unsigned int i = 0; i < ARRAY_SIZE(e) && n < max; i++)
        map[n++] = e[i];
    if (m->high_bytes && n < max)
        map[n++] = (struct linux_e820){ HVM_HIGH_RAM_BASE, m->high_bytes, E820_RAM };
    return n;
}
