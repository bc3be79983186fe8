/* SPDX-License-Identifier: GPL-2.0 */
/* Device memory in an HVM guest's physical space (<asm/hvm/mmio_map.h>). */
#include <asm/hvm/mmio_map.h>
#include <asm/hvm/domain.h>
#include <asm/hvm/vioapic.h>
#include <asm/hvm/vlapic.h>
#include <mhv/domain.h>
#include <mhv/gpmap.h>
#include <mhv/list.h>
#include <mhv/xmalloc.h>
#include <mhv/bug.h>
#include <mhv/errno.h>
#include <asm/page.h>

/* The interrupt window: a device's write there is an MSI, never memory. */
#define INTERRUPT_WINDOW_SIZE   0x100000ull
/* What four-level nested tables translate. */
#define NPT_GPA_BITS            48

struct hvm_mmio_range {
    struct list_head entry;         /* on hd->mmio_maps (d->mm_lock) */
    struct gpmap_range map;
};

static bool overlaps(u64 a, u64 alen, u64 b, u64 blen)
{
    return a < b + blen && b < a + alen;
}

/* The guest's physical address width: CPUID 0x80000008 EAX[7:0] as its
 * policy reports it, within what the nested tables translate. */
static unsigned int guest_gpa_bits(const struct hvm_domain *hd)
{
    return min(hvm_cpuid_maxphyaddr(&hd->cpuid), (unsigned int)NPT_GPA_BITS);
}

int hvm_mmio_map(struct domain *d, u64 gpa, u64 hpa, u64 size)
{
    struct hvm_domain *hd = d->arch.hvm;
    struct hvm_mmio_range *m;
    int rc;

    if (!size || ((gpa | hpa | size) & ~PAGE_MASK) || gpa + size < gpa ||
        gpa + size > (1ull << guest_gpa_bits(hd)) ||
        overlaps(gpa, size, VIOAPIC_BASE, VIOAPIC_MMIO_SIZE) ||
        overlaps(gpa, size, APIC_BASE_ADDR_DEFAULT, INTERRUPT_WINDOW_SIZE))
        return -EINVAL;
    m = xzalloc(struct hvm_mmio_range);
    if (!m)
        return -ENOMEM;
    m->map = (struct gpmap_range){ .gaddr = gpa, .pa = hpa,
                                   .npages = size >> PAGE_SHIFT,
                                   .type = GPMAP_MMIO, .flags = GPMAP_WRITE };
    spin_lock(&d->mm_lock);
    rc = gpmap_insert(d, &m->map);
    if (!rc)
        list_add_tail(&m->entry, &hd->mmio_maps);
    spin_unlock(&d->mm_lock);
    if (rc)
        xfree(m);
    return rc;
}

void hvm_mmio_unmap(struct domain *d, u64 gpa, u64 size)
{
    struct hvm_domain *hd = d->arch.hvm;
    struct hvm_mmio_range *m, *found = NULL;

    spin_lock(&d->mm_lock);
    list_for_each_entry(m, &hd->mmio_maps, entry)
        if (m->map.gaddr == gpa && m->map.npages == size >> PAGE_SHIFT) {
            found = m;
            break;
        }
    ASSERT(found);
    if (found) {
        gpmap_erase(d, &found->map);
        list_del_init(&found->entry);
    }
    spin_unlock(&d->mm_lock);
    if (!found)
        return;
    gpmap_flush_tlb(d);
    xfree(found);
}
