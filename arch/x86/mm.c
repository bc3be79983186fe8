/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor's page tables (layout in <asm/page.h>).
 *
 * paging_init() replaces the boot page tables with the final ones:
 *   - a direct map of the 2 MiB ranges that hold RAM (never device memory,
 *     so nothing is ever mapped both cacheable and uncached),
 *   - the image mapped with 4 KiB pages: text read-only and executable,
 *     read-only data, and data/bss non-executable,
 *   - an empty ioremap() area whose page directory pointer table is shared
 *     by every address space (domains copy the upper half of this table),
 *   - nothing in the lower half: that is guest space.
 *
 * Lock: map_lock guards changes to the shared upper-half tables (ioremap).
 */
#include <mhv/mm.h>
#include <mhv/bootinfo.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/spinlock.h>
#include <asm/cpu.h>
#include <asm/page.h>

pte_t *idle_pg_table;                   /* the hypervisor's PML4 */
static DEFINE_SPINLOCK(map_lock);
static unsigned long ioremap_next = IOREMAP_VIRT;
static pte_t nx_bit;

extern char _start[], _etext[], _sdata[], _end[];

static pte_t *alloc_table(void)
{
    void *p = alloc_page_va();

    if (!p)
        panic("mm: out of memory for page tables");
    return p;
}

/* Walk to the entry of level @stop for @va, creating tables on the way. */
static pte_t *walk_create_level(pte_t *pml4, unsigned long va, int stop)
{
    pte_t *t = pml4;

    for (int level = 4; level > stop; level--) {
        pte_t *e = &t[pt_index(va, level)];

        if (!(*e & _PAGE_PRESENT))
            *e = __pa(alloc_table()) | _PAGE_PRESENT | _PAGE_RW;
        BUG_ON(*e & _PAGE_PSE);
        t = __va(*e & PTE_ADDR_MASK);
    }
    return &t[pt_index(va, stop)];
}

static pte_t *walk_create(pte_t *pml4, unsigned long va)
{
    return walk_create_level(pml4, va, 1);
}

static pte_t *walk_create_l2(pte_t *pml4, unsigned long va)
{
    return walk_create_level(pml4, va, 2);
}

static bool is_memory(const struct boot_mem_region *m)
{
    return m->type == BOOT_MEM_RAM || m->type == BOOT_MEM_ACPI ||
           m->type == BOOT_MEM_NVS;
}

/* Map the 2 MiB superpage holding @pa in the direct map (idempotent). */
static void map_direct_superpage(pte_t *pml4, paddr_t pa)
{
    unsigned long va = DIRECTMAP_VIRT + pa;
    pte_t *l4e = &pml4[pt_index(va, 4)], *l3, *l3e, *l2;

    if (!(*l4e & _PAGE_PRESENT))
        *l4e = __pa(alloc_table()) | _PAGE_PRESENT | _PAGE_RW;
    l3 = __va(*l4e & PTE_ADDR_MASK);
    l3e = &l3[pt_index(va, 3)];
    if (!(*l3e & _PAGE_PRESENT))
        *l3e = __pa(alloc_table()) | _PAGE_PRESENT | _PAGE_RW;
    l2 = __va(*l3e & PTE_ADDR_MASK);
    l2[pt_index(va, 2)] = pa | _PAGE_PRESENT | _PAGE_RW | _PAGE_PSE |
                          _PAGE_GLOBAL | nx_bit;
}

/* Only the superpages that hold RAM or ACPI tables: the cost follows the
 * amount of memory, not the highest address in the map. */
static void map_directmap(pte_t *pml4, const struct boot_info *bi)
{
    for (unsigned int i = 0; i < bi->nr_mem; i++) {
        const struct boot_mem_region *m = &bi->mem[i];
        paddr_t end = min((paddr_t)(m->addr + m->len), (paddr_t)DIRECTMAP_SIZE);

        if (!is_memory(m))
            continue;
        for (paddr_t pa = ROUNDDOWN(m->addr, SUPERPAGE_SIZE); pa < end;
             pa += SUPERPAGE_SIZE)
            map_direct_superpage(pml4, pa);
    }
}

static void map_image(pte_t *pml4)
{
    for (unsigned long va = (unsigned long)_start; va < (unsigned long)_end;
         va += PAGE_SIZE) {
        pte_t flags = _PAGE_PRESENT | _PAGE_GLOBAL;

        if (va < (unsigned long)_etext)
            ;                                   /* text: RX */
        else if (va < (unsigned long)_sdata)
            flags |= nx_bit;                    /* rodata: R */
        else
            flags |= _PAGE_RW | nx_bit;         /* data, bss: RW */
        *walk_create(pml4, va) = (va - KERNEL_VIRT_BASE) | flags;
    }
}

void paging_init(const struct boot_info *bi)
{
    pte_t *pml4 = alloc_table();

    nx_bit = boot_cpu.nx ? _PAGE_NX : 0;
    map_directmap(pml4, bi);
    map_image(pml4);
    /* The ioremap area's top-level entry exists from now on, so copies of
     * the upper half in domain page tables see every later ioremap(). */
    pml4[pt_index(IOREMAP_VIRT, 4)] = __pa(alloc_table()) | _PAGE_PRESENT | _PAGE_RW;

    idle_pg_table = pml4;
    write_cr4(read_cr4() | X86_CR4_PGE);
    write_cr3(__pa(pml4));
    printk(LOG_DEBUG "mm: hypervisor page tables at %#lx\n", __pa(pml4));
}

void *ioremap(paddr_t pa, size_t size)
{
    paddr_t base = ROUNDDOWN(pa, PAGE_SIZE);
    size_t len = ROUNDUP(pa + size, PAGE_SIZE) - base;
    unsigned long va, flags;

    if (!size || pa + size < pa)
        return NULL;
    spin_lock_irqsave(&map_lock, flags);
    if (ioremap_next + len > IOREMAP_VIRT + IOREMAP_SIZE) {
        spin_unlock_irqrestore(&map_lock, flags);
        printk(LOG_ERR "ioremap: out of virtual space for %#lx+%#zx\n", pa, size);
        return NULL;
    }
    /* Large, superpage-aligned ranges (ECAM) get 2 MiB pages. */
    if (len >= SUPERPAGE_SIZE && IS_ALIGNED(base, SUPERPAGE_SIZE))
        ioremap_next = ROUNDUP(ioremap_next, SUPERPAGE_SIZE);
    va = ioremap_next;
    ioremap_next += len + PAGE_SIZE;    /* a guard page between mappings */
    for (size_t off = 0; off < len; ) {
        pte_t pte = _PAGE_PRESENT | _PAGE_RW | _PAGE_PCD | _PAGE_PWT |
                    _PAGE_GLOBAL | nx_bit;

        if (len - off >= SUPERPAGE_SIZE && IS_ALIGNED(base + off, SUPERPAGE_SIZE) &&
            IS_ALIGNED(va + off, SUPERPAGE_SIZE)) {
            *walk_create_l2(idle_pg_table, va + off) = (base + off) | pte | _PAGE_PSE;
            off += SUPERPAGE_SIZE;
        } else {
            *walk_create(idle_pg_table, va + off) = (base + off) | pte;
            off += PAGE_SIZE;
        }
    }
    spin_unlock_irqrestore(&map_lock, flags);
    return (void *)(va + (pa - base));
}

void iounmap(void *addr, size_t size)
{
    unsigned long va = ROUNDDOWN((unsigned long)addr, PAGE_SIZE);
    size_t len = ROUNDUP((unsigned long)addr + size, PAGE_SIZE) - va;
    unsigned long flags;

    spin_lock_irqsave(&map_lock, flags);
    for (size_t off = 0; off < len; ) {
        pte_t *l2e = walk_create_l2(idle_pg_table, va + off);

        if (*l2e & _PAGE_PSE) {
            *l2e = 0;
            invlpg((void *)(va + off));
            off += SUPERPAGE_SIZE;
            continue;
        }
        *walk_create(idle_pg_table, va + off) = 0;
        invlpg((void *)(va + off));
        off += PAGE_SIZE;
    }
    spin_unlock_irqrestore(&map_lock, flags);
    /* The virtual range is not reused, so no other CPU can see a stale
     * translation that matters. */
}
