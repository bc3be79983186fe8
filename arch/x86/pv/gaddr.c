/* SPDX-License-Identifier: GPL-2.0 */
/* Where a PV domain's new BAR mappings and DMA memory go (<asm/pv/gaddr.h>). */
#include <mhv/domain.h>
#include <mhv/bug.h>
#include <mhv/errno.h>
#include <mhv/spinlock.h>
#include <asm/pv/gaddr.h>
#include <public/mhv.h>

void pv_gaddr_init(struct domain *d)
{
    d->arch.pv.bar_next = MHV_BAR_VA;
    d->arch.pv.dma_next = MHV_DMA_VA;
}

int pv_gaddr_alloc(struct domain *d, enum gpmap_type type, u64 bytes, u64 *gaddr)
{
    u64 *next, end;

    ASSERT(spin_is_locked_by_me(&d->mm_lock));
    switch (type) {
    case GPMAP_MMIO:
        next = &d->arch.pv.bar_next;
        end = MHV_USER_END;
        break;
    case GPMAP_DMA:
        next = &d->arch.pv.dma_next;
        end = MHV_DMA_VA_END;
        break;
    default:
        return -EINVAL;
    }
    /* The range and a guard page after it. */
    if (bytes > end - *next || end - *next - bytes < PAGE_SIZE)
        return -ENOMEM;
    *gaddr = *next;
    *next += ROUNDUP(bytes, PAGE_SIZE) + PAGE_SIZE;
    return 0;
}
