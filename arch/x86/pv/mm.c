/* SPDX-License-Identifier: GPL-2.0 */
/* PV address spaces (see <asm/pv/mm.h>). */
#include <mhv/domain.h>
#include <mhv/gpmap.h>
#include <mhv/mm.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/errno.h>
#include <mhv/smp.h>
#include <asm/pv/mm.h>
#include <asm/page.h>
#include <asm/cpu.h>
#include <public/mhv.h>

static pte_t *pml4_of(const struct domain *d)
{
    return d->arch.pv.pml4;
}

paddr_t pv_mm_cr3(const struct domain *d)
{
    return __pa(pml4_of(d));
}

int pv_mm_create(struct domain *d)
{
    pte_t *pml4 = alloc_page_va();

    if (!pml4)
        return -ENOMEM;
    for (unsigned int i = 256; i < 512; i++)
        pml4[i] = idle_pg_table[i];
    d->arch.pv.pml4 = pml4;
    return 0;
}

/* Free a table and the tables below it; returns the pages freed. */
static unsigned long free_level(pte_t *t, int level)
{
    unsigned long n = 1;

    if (level > 1)
        for (unsigned int i = 0; i < 512; i++)
            if (t[i] & _PAGE_PRESENT)
                n += free_level(__va(t[i] & PTE_ADDR_MASK), level - 1);
    free_page_va(t);
    return n;
}

unsigned long pv_mm_destroy_user(struct domain *d)
{
    pte_t *pml4 = pml4_of(d);
    unsigned long n = 0;

    for (unsigned int i = 0; i < 256; i++)
        if (pml4[i] & _PAGE_PRESENT) {
            n += free_level(__va(pml4[i] & PTE_ADDR_MASK), 3);
            pml4[i] = 0;
        }
    return n;
}

unsigned long pv_mm_destroy(struct domain *d)
{
    pte_t *pml4 = pml4_of(d);

    if (!pml4)
        return 0;
    free_page_va(pml4);
    d->arch.pv.pml4 = NULL;
    return 1;
}

static pte_t *walk(struct domain *d, unsigned long va, bool create)
{
    pte_t *t = pml4_of(d);

    for (int level = 4; level > 1; level--) {
        pte_t *e = &t[pt_index(va, level)];

        if (!(*e & _PAGE_PRESENT)) {
            void *n;

            if (!create || !(n = alloc_page_va()))
                return NULL;
            *e = __pa(n) | _PAGE_PRESENT | _PAGE_RW | _PAGE_USER;
        }
        t = __va(*e & PTE_ADDR_MASK);
    }
    return &t[pt_index(va, 1)];
}

static void unmap_pages(struct domain *d, u64 va, unsigned long n)
{
    for (unsigned long i = 0; i < n; i++) {
        pte_t *e = walk(d, va + i * PAGE_SIZE, false);

        if (e)
            *e = 0;
    }
}

int pv_mm_map(struct domain *d, const struct gpmap_range *r)
{
    pte_t flags = _PAGE_PRESENT | _PAGE_USER |
                  ((r->flags & GPMAP_WRITE) ? _PAGE_RW : 0) |
                  (r->type == GPMAP_MMIO ? (_PAGE_PCD | _PAGE_PWT) : 0) |
                  ((r->flags & GPMAP_EXEC) || !boot_cpu.nx ? 0 : _PAGE_NX);

    /* User space only, and never the page at 0. */
    if (r->gaddr < PAGE_SIZE || r->gaddr >= MHV_USER_END ||
        MHV_USER_END - r->gaddr < (u64)r->npages * PAGE_SIZE)
        return -EINVAL;
    for (unsigned long i = 0; i < r->npages; i++) {
        pte_t *e = walk(d, r->gaddr + i * PAGE_SIZE, true);

        if (!e) {
            unmap_pages(d, r->gaddr, i);
            return -ENOMEM;
        }
        /* The map keeps ranges apart: nothing can be here. */
        ASSERT(!(*e & _PAGE_PRESENT));
        *e = (r->pa + i * PAGE_SIZE) | flags;
    }
    return 0;
}

void pv_mm_unmap(struct domain *d, const struct gpmap_range *r)
{
    unmap_pages(d, r->gaddr, r->npages);
}

static void flush_local(void *unused)
{
    write_cr3(read_cr3());
}

void pv_mm_flush_tlb(struct domain *d)
{
    /* Rare (unmapping a BAR): flush everywhere rather than track CPUs. */
    flush_local(NULL);
    smp_call_function(flush_local, NULL, true);
}
