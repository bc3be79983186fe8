/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A function's BARs as the guest sees them: fully emulated registers
 * (sizing answered from the sizes the registry recorded -- a VF's from its
 * PF's VF BAR sizes, through the VF -> PF link), placed where the guest
 * writes them, and mapped into its guest-physical space while it decodes
 * memory (COMMAND.MEM), but for the pages of the MSI-X table and PBA.
 *
 * A BAR is mapped only where the hypervisor's rules allow: on the host
 * side the rules of every BAR mapping (pci_bar_check_placement(): never
 * over RAM, a range the hypervisor keeps, another function's BARs, outside
 * the bridge windows), on the guest side not over another of the guest's
 * BARs nor anything of its guest-physical map (the map_mmio hook refuses
 * RAM, the platform's devices, the interrupt window).  A refused placement
 * leaves the BAR unmapped -- accesses to it reach nothing, as on a bus
 * where two devices claim one address -- counted and logged; the guest may
 * move it and try again.
 */
#include <mhv/passthrough/pcidev.h>
#include <mhv/passthrough/pci_mem_bar.h>
#include <mhv/pci/access.h>
#include <mhv/pci/regs.h>
#include <mhv/passthrough/bar_map.h>
#include <mhv/domain.h>
#include <mhv/mm.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/errno.h>
#include <asm/page.h>
#include "vpci_private.h"

/* Guest-physical addresses end here (x86-64's architectural limit); the
 * map_mmio hook knows the guest's own, smaller width. */
#define VPCI_GPA_LIMIT      (1ULL << 52)

int vpci_bars_init(struct vpci_dev *vd)
{
    const struct pci_dev *pdev = vd->pdev, *pf = NULL;

    ASSERT_VPCI_LOCKED(vd->vpci);
    if (pdev->is_vf)
        pf = pci_vf_physfn(pdev);
    if (pf && !pf->pf.vf_rlen_valid) {
        gprintk(LOG_WARNING "%pp: the VF BAR sizes of its PF %pp are unknown\n",
                &vd->sbdf, &pf->sbdf);
        return -EINVAL;
    }
    for (unsigned int i = 0; i < PCI_NUM_BARS_NORMAL; i++) {
        struct vpci_bar *b = &vd->bars[i];
        u64 size = pf ? pf->pf.vf_rlen[i] : pdev->mem_bar_size[i];
        u32 reg;

        *b = (struct vpci_bar){ .kind = VPCI_BAR_NONE };
        if (!size || (size & (size - 1)) || size < 16)
            continue;           /* none, I/O, or an upper half */
        /* The type bits: a VF's from its PF's VF BAR register (fixed while
         * VFs are registered), another function's as recorded when it was
         * added (its registers may be in a reset now). */
        reg = pf ? pci_conf_read32(pf->sbdf, pf->pf.sriov_pos + PCI_SRIOV_VF_BAR(i))
                 : pdev->mem_bar_flags[i];
        if (reg & PCI_BASE_ADDRESS_SPACE_IO)
            continue;
        b->size = size;
        b->prefetch = reg & PCI_BASE_ADDRESS_MEM_PREFETCH;
        if ((reg & PCI_BASE_ADDRESS_MEM_TYPE_MASK) == PCI_BASE_ADDRESS_MEM_TYPE_64 &&
            i + 1 < PCI_NUM_BARS_NORMAL) {
            b->kind = VPCI_BAR_MEM64;
            vd->bars[++i] = (struct vpci_bar){ .kind = VPCI_BAR_MEM64_HI };
        } else if (size <= (1ULL << 31)) {
            b->kind = VPCI_BAR_MEM32;
        } else {
            b->size = 0;        /* cannot be a 32-bit BAR: not shown */
        }
    }
    return 0;
}

u32 vpci_bar_read(struct vpci_dev *vd, unsigned int idx)
{
    const struct vpci_bar *b = &vd->bars[idx];
    u32 flags = b->prefetch ? PCI_BASE_ADDRESS_MEM_PREFETCH : 0;

    switch (b->kind) {
    case VPCI_BAR_MEM32:
        return (u32)b->gpa | flags;
    case VPCI_BAR_MEM64:
        return (u32)b->gpa | flags | PCI_BASE_ADDRESS_MEM_TYPE_64;
    case VPCI_BAR_MEM64_HI:
        return vd->bars[idx - 1].gpa >> 32;
    case VPCI_BAR_NONE:
        break;
    }
    return 0;
}

/* ------------------------------------------------------------ mapping */

/* Do [@a, @a + @alen) and [@b, @b + @blen) overlap? */
static bool overlaps(u64 a, u64 alen, u64 b, u64 blen)
{
    return a < b + blen && b < a + alen;
}

static void bar_refused(struct vpci_dev *vd, unsigned int idx, const char *why, int rc)
{
    const struct vpci_bar *b = &vd->bars[idx];

    vpci_count(vd->vpci, bar_refused);
    gprintk(LOG_WARNING "d%u: vPCI 00:%02x.0 (%pp) BAR%u at %#lx (%#lx bytes): "
            "%s (%d): not mapped\n", vd->vpci->d->domain_id, vd->slot, &vd->sbdf,
            idx, (unsigned long)b->gpa, (unsigned long)b->size, why, rc);
}

/*
 * The pieces of a BAR of @size bytes to map around the held-back ranges
 * [@lo[i], @hi[i]) (merged when they overlap): *@n pairs of (offset, length)
 * into @piece, in address order.
 */
static void bar_pieces(u64 size, u64 lo[2], u64 hi[2], u64 piece[3][2],
                       unsigned int *n)
{
    u64 at = 0;

    if (lo[1] < lo[0] && hi[1] > lo[1]) {           /* order them */
        u64 t = lo[0]; lo[0] = lo[1]; lo[1] = t;
        t = hi[0]; hi[0] = hi[1]; hi[1] = t;
    }
    if (hi[0] > lo[0] && hi[1] > lo[1] && lo[1] <= hi[0]) {
        hi[0] = max(hi[0], hi[1]);                  /* one range */
        lo[1] = hi[1] = 0;
    }
    *n = 0;
    for (unsigned int i = 0; i < 2; i++) {
        if (hi[i] <= lo[i])
            continue;
        if (lo[i] > at) {
            piece[*n][0] = at;
            piece[(*n)++][1] = lo[i] - at;
        }
        at = hi[i];
    }
    if (at < size) {
        piece[*n][0] = at;
        piece[(*n)++][1] = size - at;
    }
}

/* Why BAR @idx may not be mapped where the guest put it, or NULL. */
static const char *guest_placement(const struct vpci_dev *vd, unsigned int idx)
{
    const struct vpci_bar *b = &vd->bars[idx];

    if (b->size < PAGE_SIZE)
        return "smaller than a page (the rest of its page is not its own)";
    if (b->gpa + b->size < b->gpa || b->gpa + b->size > VPCI_GPA_LIMIT)
        return "beyond the physical address space";
    if (b->gpa < vd->vpci->ops->window_base ||
        b->gpa + b->size - vd->vpci->ops->window_base > vd->vpci->ops->window_size)
        return "outside the host bridge's memory window";
    for (unsigned int s = 1; s < VPCI_NR_SLOTS; s++)
        for (unsigned int i = 0; i < PCI_NUM_BARS_NORMAL; i++) {
            const struct vpci_bar *o = &vd->vpci->slots[s].bars[i];

            if (o->mapped && overlaps(b->gpa, b->size, o->map_gpa, o->size))
                return "over another BAR of the guest";
        }
    return NULL;
}

/* Map BAR @idx where the guest put it, if the rules allow.  @pre the
 * vpci lock, @vd BOUND, the pcidevs lock (placement walks the registry). */
static void bar_map(struct vpci_dev *vd, unsigned int idx)
{
    struct vpci *vpci = vd->vpci;
    struct domain *d = vpci->d;
    struct vpci_bar *b = &vd->bars[idx];
    u64 hpa, hsize, lo[2], hi[2], piece[3][2];
    unsigned int n, done;
    const char *why;
    int rc;

    ASSERT_VPCI_LOCKED(vpci);
    ASSERT(pcidevs_locked());
    ASSERT(vpci_live(vd) && !b->mapped);
    if (b->kind != VPCI_BAR_MEM32 && b->kind != VPCI_BAR_MEM64)
        return;
    if ((why = guest_placement(vd, idx))) {
        bar_refused(vd, idx, why, -EINVAL);
        return;
    }
    /* Host side: where the function decodes it now (a VF: its PF's VF BAR
     * through the VF -> PF link), under the rules of every BAR mapping. */
    rc = read_pci_mem_bar(vd->pdev, idx, &hpa, &hsize);
    if (!rc && hsize != b->size)
        rc = -EINVAL;
    if (!rc)
        rc = pci_bar_check_placement(d, vd->pdev, idx, hpa, b->size);
    if (rc) {
        bar_refused(vd, idx, "its host placement is refused", rc);
        return;
    }

    pci_msix_held_pages(vd->pdev, idx, lo, hi);
    bar_pieces(b->size, lo, hi, piece, &n);
    for (unsigned int h = 0; h < 2; h++) {
        b->hole_lo[h] = lo[h];
        b->hole_hi[h] = hi[h];
        b->hole_va[h] = NULL;
        if (hi[h] > lo[h] && !(b->hole_va[h] = ioremap(hpa + lo[h], hi[h] - lo[h]))) {
            rc = -ENOMEM;
            goto fail_holes;
        }
    }
    for (done = 0; done < n; done++) {
        rc = vpci->ops->map_mmio(d, b->gpa + piece[done][0], hpa + piece[done][0],
                                 piece[done][1]);
        if (rc)
            break;
    }
    if (rc) {
        while (done--)
            vpci->ops->unmap_mmio(d, b->gpa + piece[done][0], piece[done][1]);
        goto fail_holes;
    }
    b->mapped = true;
    b->map_gpa = b->gpa;
    b->hpa = hpa;
    gprintk(LOG_DEBUG "d%u: vPCI 00:%02x.0 (%pp) BAR%u %#lx -> %#lx (%#lx bytes)\n",
           d->domain_id, vd->slot, &vd->sbdf, idx, (unsigned long)b->gpa,
           (unsigned long)hpa, (unsigned long)b->size);
    return;

 fail_holes:
    for (unsigned int h = 0; h < 2; h++)
        if (b->hole_va[h]) {
            iounmap((void *)b->hole_va[h], b->hole_hi[h] - b->hole_lo[h]);
            b->hole_va[h] = NULL;
        }
    bar_refused(vd, idx, rc == -ENOMEM ? "no memory" :
                "the guest-physical map refuses it", rc);
}

/* Take BAR @idx out of the guest.  @pre the vpci lock. */
static void bar_unmap(struct vpci_dev *vd, unsigned int idx)
{
    struct vpci *vpci = vd->vpci;
    struct vpci_bar *b = &vd->bars[idx];
    u64 lo[2], hi[2], piece[3][2];
    unsigned int n;

    ASSERT(spin_is_locked_by_me(&vpci->lock));
    if (!b->mapped)
        return;
    for (unsigned int h = 0; h < 2; h++) {
        lo[h] = b->hole_lo[h];
        hi[h] = b->hole_hi[h];
    }
    bar_pieces(b->size, lo, hi, piece, &n);
    for (unsigned int i = 0; i < n; i++)
        vpci->ops->unmap_mmio(vpci->d, b->map_gpa + piece[i][0], piece[i][1]);
    for (unsigned int h = 0; h < 2; h++)
        if (b->hole_va[h]) {
            iounmap((void *)b->hole_va[h], b->hole_hi[h] - b->hole_lo[h]);
            b->hole_va[h] = NULL;
        }
    b->mapped = false;
}

void vpci_bar_write(struct vpci_dev *vd, unsigned int idx, u32 val)
{
    enum vpci_bar_kind kind = vd->bars[idx].kind;
    unsigned int bar = kind == VPCI_BAR_MEM64_HI ? idx - 1 : idx;
    struct vpci_bar *b = &vd->bars[bar];
    u64 gpa;

    switch (kind) {
    case VPCI_BAR_NONE:
        return;                 /* reads 0 whatever is written */
    case VPCI_BAR_MEM32:
        gpa = val & PCI_BASE_ADDRESS_MEM_MASK;
        break;
    case VPCI_BAR_MEM64:
        gpa = (b->gpa & ~0xffffffffULL) | (val & PCI_BASE_ADDRESS_MEM_MASK);
        break;
    case VPCI_BAR_MEM64_HI:
    default:
        gpa = (b->gpa & 0xffffffffULL) | ((u64)val << 32);
        break;
    }
    gpa &= ~(b->size - 1);      /* the size's bits read 0: how sizing works */
    if (gpa == b->gpa)
        return;
    bar_unmap(vd, bar);
    b->gpa = gpa;
    if (vd->command & PCI_COMMAND_MEMORY)
        bar_map(vd, bar);
}

void vpci_bars_map(struct vpci_dev *vd)
{
    for (unsigned int i = 0; i < PCI_NUM_BARS_NORMAL; i++)
        if (!vd->bars[i].mapped)
            bar_map(vd, i);
}

void vpci_bars_unmap(struct vpci_dev *vd)
{
    for (unsigned int i = 0; i < PCI_NUM_BARS_NORMAL; i++)
        bar_unmap(vd, i);
}
