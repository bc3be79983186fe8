/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VT-d hardware access (see vtd.h): the unit's registers through an
 * uncached mapping, with exactly the access widths QEMU's model insists on
 * (a wrong-size access aborts QEMU: 32-bit registers take 4-byte accesses,
 * 64-bit ones 8-byte accesses), and table memory from the page allocator.
 * Host tests link tests/host/vtd_model.c instead of this file.
 */
#include <mhv/mm.h>
#include <mhv/iomem.h>
#include <mhv/lib.h>
#include <mhv/time.h>
#include <asm/io.h>
#include <asm/page.h>
#include "vtd.h"

#define VTD_REG_SIZE    0x1000

unsigned long vtd_pages_in_use;

bool vtd_hw_map(struct vtd_unit *u)
{
    /* The unit's registers are the hypervisor's: no BAR mapping may
     * reach them, whatever a device's BAR register says. */
    iomem_reserve(u->drhd->reg_base, VTD_REG_SIZE, "VT-d unit");
    u->regs = ioremap(u->drhd->reg_base, VTD_REG_SIZE);
    return u->regs != NULL;
}

u32 vtd_read32(struct vtd_unit *u, unsigned int reg)
{
    return readl(u->regs + reg);
}

u64 vtd_read64(struct vtd_unit *u, unsigned int reg)
{
    return readq(u->regs + reg);
}

void vtd_write32(struct vtd_unit *u, unsigned int reg, u32 v)
{
    writel(v, u->regs + reg);
}

void vtd_write64(struct vtd_unit *u, unsigned int reg, u64 v)
{
    writeq(v, u->regs + reg);
}

void *vtd_alloc_page(paddr_t *pa)
{
    void *p = alloc_page_va();

    if (!p)
        return NULL;
    __atomic_add_fetch(&vtd_pages_in_use, 1, __ATOMIC_RELAXED);
    *pa = __pa(p);
    return p;
}

void vtd_free_page(void *va)
{
    if (!va)
        return;
    __atomic_sub_fetch(&vtd_pages_in_use, 1, __ATOMIC_RELAXED);
    free_page_va(va);
}

void *vtd_phys_to_virt(paddr_t pa)
{
    return __va(pa);
}

void vtd_flush_cache(const void *p, size_t len)
{
    /* Units without ECAP.C read tables from memory: push the lines out. */
    for (unsigned long a = (unsigned long)p & ~63ul; a < (unsigned long)p + len; a += 64)
        __asm__ volatile("clflush %0" :: "m"(*(const volatile char *)a));
    __asm__ volatile("sfence" ::: "memory");
}

u64 vtd_now_ns(void)
{
    return (u64)NOW();
}

void *vtd_alloc_pages(unsigned int order, paddr_t *pa)
{
    paddr_t p = alloc_pages(order);

    if (!p)
        return NULL;
    memset(__va(p), 0, PAGE_SIZE << order);
    __atomic_add_fetch(&vtd_pages_in_use, 1ul << order, __ATOMIC_RELAXED);
    *pa = p;
    return __va(p);
}

void vtd_free_pages(void *va, unsigned int order)
{
    if (!va)
        return;
    __atomic_sub_fetch(&vtd_pages_in_use, 1ul << order, __ATOMIC_RELAXED);
    free_pages(__pa(va), order);
}
