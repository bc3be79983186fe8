/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor's page tables (layout in <asm/page.h>).
 *
 * paging_init() replaces the boot page tables with the final ones:
 *   - a direct map of the 2 MiB ranges that hold RAM, all of it, above
 *     4 GiB too (never device memory, so nothing is ever mapped both
 *     cacheable and uncached); its tables come from below 4 GiB, which is
 *     all the allocator hands out while the boot tables are live,
 *   - the image mapped with 4 KiB pages: text read-only and executable,
 *     read-only data, and data/bss non-executable,
 *   - an empty ioremap() area whose page directory pointer table is shared
 *     by every address space (domains copy the upper half of this table),
 *   - nothing in the lower half: that is guest space.
 *
 * Lock: map_lock guards changes to the shared upper-half tables and the
 * ioremap() address space (both IRQ-safe; never held across the TLB
 * shootdown of iounmap(), which needs interrupts on).
 */
#include <mhv/mm.h>
#include <mhv/bootinfo.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/spinlock.h>
#include <mhv/smp.h>
#include <asm/cpu.h>
#include <asm/irqflags.h>
#include <asm/page.h>

pte_t *idle_pg_table;                   /* the hypervisor's PML4 */
static DEFINE_SPINLOCK(map_lock);
static unsigned long ioremap_next = IOREMAP_VIRT;

/*
 * Virtual ranges given back by iounmap() once no CPU can hold a stale
 * translation for them (map_lock).  ioremap() reuses them first fit, so
 * mapping and unmapping an MSI-X table over and over uses no more address
 * space, and no more page tables, than once.
 */
#define IOREMAP_FREE_SLOTS 64
static struct {
    unsigned long va, len;      /* len 0: slot unused */
} ioremap_free[IOREMAP_FREE_SLOTS];

static unsigned long take_free_range(size_t len)
{
    for (unsigned int i = 0; i < IOREMAP_FREE_SLOTS; i++) {
        unsigned long va = ioremap_free[i].va;

        if (ioremap_free[i].len < len)
            continue;
        ioremap_free[i].va += len;
        ioremap_free[i].len -= len;
        return va;
    }
    return 0;
}

static void give_back_range(unsigned long va, size_t len)
{
    for (unsigned int i = 0; i < IOREMAP_FREE_SLOTS; i++) {
        if (ioremap_free[i].len && ioremap_free[i].va + ioremap_free[i].len == va) {
            ioremap_free[i].len += len;
            return;
        }
        if (ioremap_free[i].len && va + len == ioremap_free[i].va) {
            ioremap_free[i].va = va;
            ioremap_free[i].len += len;
            return;
        }
    }
    for (unsigned int i = 0; i < IOREMAP_FREE_SLOTS; i++)
        if (!ioremap_free[i].len) {
            ioremap_free[i].va = va;
            ioremap_free[i].len = len;
            return;
        }
    /* Table full: the range stays unused, which is safe. */
}
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
    page_alloc_all_mapped();
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
    /* Small ranges reuse freed space (each kept its guard page). */
    va = len < SUPERPAGE_SIZE ? take_free_range(len + PAGE_SIZE) : 0;
    if (!va) {
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
    }
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

struct flush_range {
    unsigned long va, len;
};

static void flush_range_local(void *arg)
{
    const struct flush_range *r = arg;

    for (unsigned long off = 0; off < r->len; off += PAGE_SIZE)
        invlpg((void *)(r->va + off));
}

void iounmap(void *addr, size_t size)
{
    unsigned long va = ROUNDDOWN((unsigned long)addr, PAGE_SIZE);
    size_t len = ROUNDUP((unsigned long)addr + size, PAGE_SIZE) - va;
    struct flush_range r = { va, len };
    bool reusable;
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

    /*
     * The mappings are global: other CPUs may still cache them.  Flush
     * them there before the range can be handed out again; where that is
     * not possible (interrupts off), the range is simply not reused.
     */
    reusable = len < SUPERPAGE_SIZE && local_irq_is_enabled();
    if (reusable && num_online_cpus > 1)
        smp_call_function(flush_range_local, &r, true);
    if (reusable) {
        spin_lock_irqsave(&map_lock, flags);
        give_back_range(va, len + PAGE_SIZE);
        spin_unlock_irqrestore(&map_lock, flags);
    }
}
