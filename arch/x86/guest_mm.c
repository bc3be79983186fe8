/* SPDX-License-Identifier: GPL-2.0 */
/* Domain address spaces (see <asm/guest_mm.h>). */
#include <mhv/domain.h>
#include <mhv/mm.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/errno.h>
#include <mhv/iommu.h>
#include <mhv/smp.h>
#include <asm/guest_mm.h>
#include <asm/page.h>
#include <asm/cpu.h>

#define _PAGE_OWNED _AC(0x200, UL)  /* software bit: a page the domain owns */


static pte_t *pml4_of(const struct domain *d)
{
    return d->arch;
}

paddr_t guest_mm_cr3(const struct domain *d)
{
    return __pa(pml4_of(d));
}

int guest_mm_create(struct domain *d)
{
    pte_t *pml4 = alloc_page_va();

    if (!pml4)
        return -ENOMEM;
    for (unsigned int i = 256; i < 512; i++)
        pml4[i] = idle_pg_table[i];
    d->arch = pml4;
    return 0;
}

/* Free a table and what it maps; returns the pages freed. */
static unsigned long free_level(pte_t *t, int level)
{
    unsigned long n = 1;

    for (unsigned int i = 0; i < 512; i++) {
        pte_t e = t[i];

        if (!(e & _PAGE_PRESENT))
            continue;
        if (level > 1) {
            n += free_level(__va(e & PTE_ADDR_MASK), level - 1);
        } else if (e & _PAGE_OWNED) {
            free_pages(e & PTE_ADDR_MASK, 0);
            n++;
        }
    }
    free_page_va(t);
    return n;
}

unsigned long guest_mm_destroy(struct domain *d)
{
    pte_t *pml4 = pml4_of(d);
    unsigned long n = 1;

    if (!pml4)
        return 0;
    /* No DMA reaches the pages once this returns (IOTLB invalidated). */
    iommu_domain_destroy(d);
    for (unsigned int i = 0; i < 256; i++)
        if (pml4[i] & _PAGE_PRESENT)
            n += free_level(__va(pml4[i] & PTE_ADDR_MASK), 3);
    free_page_va(pml4);
    d->arch = NULL;
    return n;
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

int guest_map_page(struct domain *d, unsigned long va, paddr_t pa,
                   unsigned int flags)
{
    pte_t *e;

    if ((va & ~PAGE_MASK) || va >= MHV_USER_END || va < PAGE_SIZE)
        return -EINVAL;
    e = walk(d, va, true);
    if (!e)
        return -ENOMEM;
    if (*e & _PAGE_PRESENT)
        return -EEXIST;
    /* RAM (not device memory) is DMA-able at the same address. */
    if (!(flags & GMAP_UC)) {
        int rc = iommu_map_page(d, va, pa, flags & GMAP_WRITE);

        if (rc)
            return rc;
    }
    *e = pa | _PAGE_PRESENT | _PAGE_USER |
         ((flags & GMAP_WRITE) ? _PAGE_RW : 0) |
         ((flags & GMAP_UC) ? (_PAGE_PCD | _PAGE_PWT) : 0) |
         ((flags & GMAP_OWNED) ? _PAGE_OWNED : 0) |
         ((flags & GMAP_EXEC) || !boot_cpu.nx ? 0 : _PAGE_NX);
    return 0;
}

void guest_unmap_page(struct domain *d, unsigned long va)
{
    pte_t *e = walk(d, va, false);

    if (!e || !(*e & _PAGE_PRESENT))
        return;
    if (!(*e & _PAGE_PCD))
        iommu_unmap_page(d, va);    /* invalidation done before the free */
    if (*e & _PAGE_OWNED)
        free_pages(*e & PTE_ADDR_MASK, 0);
    *e = 0;
}

int guest_alloc_map(struct domain *d, unsigned long va, unsigned long n,
                    unsigned int flags, void **hv_va_first)
{
    for (unsigned long i = 0; i < n; i++) {
        void *p = alloc_page_va();
        int rc;

        if (!p)
            return -ENOMEM;
        rc = guest_map_page(d, va + i * PAGE_SIZE, __pa(p), flags | GMAP_OWNED);
        if (rc) {
            free_page_va(p);
            return rc;
        }
        if (i == 0 && hv_va_first)
            *hv_va_first = p;
    }
    return 0;
}

static void flush_local(void *unused)
{
    write_cr3(read_cr3());
}

void guest_flush_tlb(struct domain *d)
{
    /* Rare (unmapping a BAR): flush everywhere rather than track CPUs. */
    flush_local(NULL);
    smp_call_function(flush_local, NULL, true);
}
