/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual PCI bus of an HVM domain: its slots and their lifetime, the
 * type-1 configuration ports, the MSI-X pages' dispatch, and the leave
 * step that revokes a slot (<mhv/vpci/vpci.h>, docs/vpci.md).
 */
#include <mhv/vpci/vpci.h>
#include <mhv/passthrough/pcidev.h>
#include <mhv/passthrough/assign.h>
#include <mhv/passthrough/pdev_reset.h>
#include <mhv/pci/regs.h>
#include <mhv/domain.h>
#include <mhv/xmalloc.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/errno.h>
#include "vpci_private.h"

/* The type-1 mechanism: an address latch and a data window. */
#define CF8_PORT            0xcf8
#define CFC_PORT            0xcfc
#define CF8_ENABLE          0x80000000u
#define CF8_EXT_REG         0x0f000000u     /* AMD's extended register bits */
#define CF8_KEPT            (CF8_ENABLE | CF8_EXT_REG | 0x00fffffcu)

static u32 all_ones(unsigned int size)
{
    return size == 4 ? ~0u : (1u << (8 * size)) - 1;
}

/* ------------------------------------------------------------ domains */

int vpci_domain_init(struct domain *d, const struct vpci_guest_ops *ops)
{
    struct vpci *vpci;

    if (d->vpci)
        return -EEXIST;
    vpci = xzalloc(struct vpci);
    if (!vpci)
        return -ENOMEM;
    spin_lock_init_class(&vpci->lock, "vpci->lock");
    vpci->d = d;
    vpci->ops = ops;
    for (unsigned int s = 0; s < VPCI_NR_SLOTS; s++)
        vpci->slots[s] = (struct vpci_dev){ .state = VPCI_ABSENT, .vpci = vpci,
                                            .slot = s };
    /* Published before any device can be assigned to the domain. */
    __atomic_store_n(&d->vpci, vpci, __ATOMIC_RELEASE);
    return 0;
}

void vpci_domain_destroy(struct domain *d)
{
    struct vpci *vpci = d->vpci;

    if (!vpci)
        return;
    for (unsigned int s = 1; s < VPCI_NR_SLOTS; s++) {
        const struct vpci_dev *vd = &vpci->slots[s];

        /* Its devices were released first, which revoked their slots. */
        BUG_ON(vd->state == VPCI_BOUND || vd->state == VPCI_RESETTING);
    }
    d->vpci = NULL;
    xfree(vpci);
}

void vpci_get_stats(const struct domain *d, struct vpci_stats *st)
{
    const struct vpci_stats *s = &d->vpci->stats;

    *st = (struct vpci_stats){
        .cfg_bad = __atomic_load_n(&s->cfg_bad, __ATOMIC_RELAXED),
        .cfg_unknown = __atomic_load_n(&s->cfg_unknown, __ATOMIC_RELAXED),
        .mmio_bad = __atomic_load_n(&s->mmio_bad, __ATOMIC_RELAXED),
        .msix_refused = __atomic_load_n(&s->msix_refused, __ATOMIC_RELAXED),
        .bar_refused = __atomic_load_n(&s->bar_refused, __ATOMIC_RELAXED),
        .flrs = __atomic_load_n(&s->flrs, __ATOMIC_RELAXED),
        .shown = __atomic_load_n(&s->shown, __ATOMIC_RELAXED),
        .revoked = __atomic_load_n(&s->revoked, __ATOMIC_RELAXED),
        .irqs = __atomic_load_n(&s->irqs, __ATOMIC_RELAXED),
    };
}

/* ------------------------------------------------------------ slots */

/* The slot showing @pdev (BOUND or RESETTING), or NULL.  @pre vpci lock. */
static struct vpci_dev *slot_of(struct vpci *vpci, const struct pci_dev *pdev)
{
    for (unsigned int s = 1; s < VPCI_NR_SLOTS; s++) {
        struct vpci_dev *vd = &vpci->slots[s];

        if ((vd->state == VPCI_BOUND || vd->state == VPCI_RESETTING) &&
            vd->pdev == pdev)
            return vd;
    }
    return NULL;
}

int vpci_add_device(struct domain *d, pci_sbdf_t sbdf)
{
    struct vpci *vpci = d->vpci;
    struct vpci_dev *vd = NULL;
    struct pci_dev *pdev;
    const char *why = NULL;
    int rc = 0;

    if (!vpci)
        return -ENODEV;
    pcidevs_lock();
    read_lock(&d->pci_lock);
    spin_lock(&vpci->lock);
    pdev = pci_get_pdev(d, sbdf);
    if (!pdev) {
        rc = -EPERM;
        why = "not the domain's";
    } else if (slot_of(vpci, pdev)) {
        rc = -EEXIST;
        why = "shown already";
    } else if (pdev->broken) {
        rc = -EBUSY;
        why = "broken (its PF was removed)";
    } else if (pdev->hdr_type != PCI_HEADER_TYPE_NORMAL) {
        /* (From the registration: the function may be resetting now.) */
        rc = -EINVAL;
        why = "not a type 0 function";
    }
    for (unsigned int s = 1; !rc && s < VPCI_NR_SLOTS && !vd; s++)
        if (vpci->slots[s].state == VPCI_ABSENT)
            vd = &vpci->slots[s];
    if (!rc && !vd) {
        rc = -ENOSPC;
        why = "every slot was used (a revoked slot is never given again)";
    }
    if (!rc) {
        vd->pdev = pdev;
        vd->owner_gen = pdev->owner_gen;
        vd->sbdf = sbdf;
        if ((rc = vpci_bars_init(vd)) || (rc = vpci_config_init(vd)) ||
            (rc = vpci_msix_init(vd))) {
            why = rc == -ENOMEM ? "no memory" : "its BARs cannot be shown";
            vpci_msix_reset(vd, true);
            *vd = (struct vpci_dev){ .state = VPCI_ABSENT, .vpci = vpci,
                                     .slot = vd->slot };
        } else if (pdev_resetting(pdev)) {
            /* Its move reset it, and the reset runs yet: all-ones until
             * the function is back (live_slot()). */
            vd->state = VPCI_RESETTING;
            vd->reset_begun = true;
        } else {
            vd->state = VPCI_BOUND;
            vpci_config_sync_command(vd);   /* decoding and mastering off */
        }
    }
    spin_unlock(&vpci->lock);
    read_unlock(&d->pci_lock);
    pcidevs_unlock();
    if (rc) {
        gprintk(LOG_WARNING "PCI vpci %pp -> d%u: %s (%d)\n", &sbdf, d->domain_id,
                why, rc);
        return rc;
    }
    vpci_count(vpci, shown);
    printk(LOG_INFO "PCI vpci %pp -> d%u 00:%02x.0\n", &sbdf, d->domain_id, vd->slot);
    return vd->slot;
}

int vpci_assign_device(struct domain *d, pci_sbdf_t sbdf)
{
    int rc = assign_device(d, sbdf), slot;

    if (rc)
        return rc;
    slot = vpci_add_device(d, sbdf);
    if (slot > 0 || slot == -EEXIST)
        return 0;           /* shown (a hypercall issued again: already) */
    /* It cannot be shown: the guest does not get it.  A deassignment that
     * must wait for the function's reset issues the whole call again,
     * which ends here once more. */
    rc = deassign_device(sbdf);
    return rc == -ERESTART ? rc : slot;
}

/*
 * @vd's function leaves the guest for good: BAR mappings gone, every MSI-X
 * binding unbound (the real entries masked, vectors drained), reads
 * all-ones from now on.  @pre the vpci lock, and d->pci_lock held for write
 * with the pcidevs lock (a leave step), so no guest access is inside it.
 */
static void revoke(struct vpci_dev *vd, const char *why)
{
    struct vpci *vpci = vd->vpci;

    ASSERT(spin_is_locked_by_me(&vpci->lock));
    ASSERT(rw_is_write_locked_by_me(&vpci->d->pci_lock));
    vpci_bars_unmap(vd);
    vpci_msix_reset(vd, true);
    vd->pdev = NULL;
    vd->command = 0;
    vd->state = VPCI_REVOKED;
    vpci_count(vpci, revoked);
    printk(LOG_INFO "PCI vpci %pp d%u 00:%02x.0 revoked: %s\n", &vd->sbdf,
           vpci->d->domain_id, vd->slot, why);
}

/* The leave step: the function leaves its owner, or stays broken with it
 * (its PF was removed) -- either way the guest keeps nothing of it. */
static void vpci_leave(struct pci_dev *pdev, struct domain *owner)
{
    struct vpci *vpci = owner->vpci;
    struct vpci_dev *vd;

    ASSERT_PDEV_LEAVING(pdev, owner);
    if (!vpci)
        return;
    spin_lock(&vpci->lock);
    vd = slot_of(vpci, pdev);
    if (vd)
        revoke(vd, pdev->broken ? "its PF was removed" : "it left the domain");
    spin_unlock(&vpci->lock);
}
PDEV_STEP(PDEV_LEAVE_GUEST, vpci_leave, PDEV_STEP_LEAVE | PDEV_STEP_BROKEN);

/* ------------------------------------------------------------ function-level reset */

/*
 * The guest asked for a reset of @vd's function: what the guest had of it
 * goes now (mappings, bindings; its registers to their reset state), and
 * the slot answers all-ones until the reset is done.  @pre as for a config
 * write; the caller then calls reset_start() with no lock held.
 */
static void reset_begin(struct vpci_dev *vd)
{
    ASSERT_VPCI_LOCKED(vd->vpci);
    vpci_bars_unmap(vd);
    vpci_msix_reset(vd, false);
    vd->command = 0;
    vd->reset_begun = false;
    vd->state = VPCI_RESETTING;
}

/* @vd's reset is over: the slot is live again, the guest's registers at
 * their reset values, the function's COMMAND following them.
 * @pre ASSERT_VPCI_LOCKED; RESETTING; the function is not resetting. */
static void reset_end(struct vpci_dev *vd)
{
    ASSERT_VPCI_LOCKED(vd->vpci);
    ASSERT(vd->state == VPCI_RESETTING && !pdev_resetting(vd->pdev));
    vd->state = VPCI_BOUND;
    vd->reset_begun = false;
    vpci_config_init(vd);
    vpci_config_sync_command(vd);
}

/*
 * Start the hypervisor's reset of @vd's function (pci_reset_device(): the
 * reset leave steps, then FLR in timed steps, no CPU held).  The running
 * vCPU waits for it: -ERESTART.  If the hypervisor refuses it (the owner's
 * budget: 8 at once, then one a second), the guest's view was reset all
 * the same and the slot is live again at once: 0.  @pre no lock held.
 */
static int reset_start(struct vpci *vpci, struct vpci_dev *vd)
{
    struct domain *d = vpci->d;
    pci_sbdf_t sbdf = vd->sbdf;
    /* The slot may have been revoked since reset_begin() and the function
     * given back at a new slot: its generation keeps the reset off it. */
    int rc = pci_reset_device(d, sbdf, vd->owner_gen, NULL);

    read_lock(&d->pci_lock);
    spin_lock(&vpci->lock);
    if (vd->state == VPCI_RESETTING) {      /* not revoked meanwhile */
        if (rc == -ERESTART)
            vd->reset_begun = true;         /* ends at the next access after it */
        else
            reset_end(vd);
    }
    spin_unlock(&vpci->lock);
    read_unlock(&d->pci_lock);
    if (rc == -ERESTART) {
        vpci_count(vpci, flrs);
        return -ERESTART;
    }
    gprintk(LOG_WARNING "d%u: vPCI 00:%02x.0 (%pp): function-level reset not "
            "done (%d): its registers were reset, not the function\n",
            d->domain_id, vd->slot, &sbdf, rc);
    return 0;
}

/* Slot @slot if it shows a function now: a slot whose reset has ended is
 * made live again first.  @pre the vpci lock and d->pci_lock held. */
static struct vpci_dev *live_slot(struct vpci *vpci, unsigned int slot)
{
    struct vpci_dev *vd = &vpci->slots[slot];

    if (vd->state == VPCI_RESETTING && vd->reset_begun && !pdev_resetting(vd->pdev))
        reset_end(vd);
    return vpci_live(vd) ? vd : NULL;
}

/* ------------------------------------------------------------ configuration ports */

/* The slot a latched address names: 1..31 (function 0 of bus 0), 0 for the
 * host bridge, -1 for nothing. */
static int cf8_slot(u32 cf8)
{
    unsigned int bus = (cf8 >> 16) & 0xff, dev = (cf8 >> 11) & 0x1f, fn = (cf8 >> 8) & 7;

    return bus || fn ? -1 : (int)dev;
}

static u32 conf_read(struct vpci *vpci, int slot, unsigned int reg, unsigned int size)
{
    struct domain *d = vpci->d;
    struct vpci_dev *vd;
    u32 v;

    if (slot < 0)
        return all_ones(size);              /* no function there */
    if (slot == 0)
        return vpci_hostbridge_read(reg, size);
    read_lock(&d->pci_lock);
    spin_lock(&vpci->lock);
    vd = live_slot(vpci, slot);
    v = vd ? vpci_config_read(vd, reg, size) : all_ones(size);
    spin_unlock(&vpci->lock);
    read_unlock(&d->pci_lock);
    return v;
}

/* 0, or -ERESTART: the write asked for a reset the vCPU now waits for. */
static int conf_write(struct vpci *vpci, int slot, unsigned int reg, unsigned int size,
                      u32 val)
{
    struct domain *d = vpci->d;
    struct vpci_dev *vd;
    bool flr = false;

    if (slot <= 0)
        return 0;                           /* nothing, or the host bridge */
    pcidevs_lock();
    read_lock(&d->pci_lock);
    spin_lock(&vpci->lock);
    vd = live_slot(vpci, slot);
    if (vd && vpci_config_write(vd, reg, size, val)) {
        reset_begin(vd);
        flr = true;
    }
    spin_unlock(&vpci->lock);
    read_unlock(&d->pci_lock);
    pcidevs_unlock();
    return flr ? reset_start(vpci, vd) : 0;
}

int vpci_ioport(struct domain *d, unsigned int port, unsigned int size,
                bool write, u32 *val)
{
    struct vpci *vpci = d->vpci;
    unsigned int off = port - CFC_PORT;
    u32 cf8;
    int slot;

    if (!vpci || port < CF8_PORT || port > CFC_PORT + 3)
        return -ENOENT;
    if (port < CFC_PORT) {
        /* Only a dword access at 0xCF8 is the latch; chipsets pass byte
         * and word accesses there on as plain I/O (0xCF9 is a reset
         * control register): the platform's to answer. */
        if (port != CF8_PORT || size != 4)
            return -ENOENT;
        if (write)
            __atomic_store_n(&vpci->cf8, *val & CF8_KEPT, __ATOMIC_RELAXED);
        else
            *val = __atomic_load_n(&vpci->cf8, __ATOMIC_RELAXED);
        return 0;
    }
    if ((size != 1 && size != 2 && size != 4) || off + size > 4) {
        /* Not inside the data dword: no configuration cycle. */
        vpci_count(vpci, cfg_bad);
        gprintk(LOG_WARNING "d%u: vPCI: %u-byte %s at port %#x, beyond the "
                "configuration data window: %s\n", d->domain_id, size,
                write ? "write" : "read", port, write ? "dropped" : "all-ones");
        if (!write)
            *val = size <= 4 ? all_ones(size) : ~0u;
        return 0;
    }
    cf8 = __atomic_load_n(&vpci->cf8, __ATOMIC_RELAXED);
    if (!(cf8 & CF8_ENABLE) || (cf8 & CF8_EXT_REG)) {
        /* No configuration cycle, or a register of the extended space,
         * which is not shown: all-ones, as from a function without one.
         * (Linux on AMD family 10h and later reads register 0x100 this way
         * to size each function's space: counted, logged only when
         * written.) */
        if (cf8 & CF8_ENABLE)
            vpci_count(vpci, cfg_bad);
        if ((cf8 & CF8_ENABLE) && write)
            gprintk(LOG_WARNING "d%u: vPCI: write of extended register %#x: "
                    "dropped\n", d->domain_id,
                    ((cf8 & CF8_EXT_REG) >> 16) | (cf8 & 0xfc));
        if (!write)
            *val = all_ones(size);
        return 0;
    }
    slot = cf8_slot(cf8);
    if (write)
        return conf_write(vpci, slot, (cf8 & 0xfc) + off, size, *val);
    *val = conf_read(vpci, slot, (cf8 & 0xfc) + off, size);
    return 0;
}

int vpci_io_handler(void *ctx, u16 port, unsigned int size, bool write, u32 *val)
{
    return vpci_ioport(ctx, port, size, write, val);
}

/* ------------------------------------------------------------ the MSI-X pages */

int vpci_mmio_access(struct domain *d, u64 gpa, unsigned int size, bool write,
                     u64 *val)
{
    struct vpci *vpci = d->vpci;
    int rc = -ENOENT;

    if (!vpci || !size || size > 8)
        return -ENOENT;
    read_lock(&d->pci_lock);
    spin_lock(&vpci->lock);
    for (unsigned int s = 1; s < VPCI_NR_SLOTS && rc; s++) {
        struct vpci_dev *vd = live_slot(vpci, s);

        if (!vd)
            continue;
        for (unsigned int i = 0; i < PCI_NUM_BARS_NORMAL && rc; i++) {
            const struct vpci_bar *b = &vd->bars[i];

            if (!b->mapped)
                continue;
            for (unsigned int h = 0; h < 2 && rc; h++) {
                u64 lo = b->map_gpa + b->hole_lo[h], hi = b->map_gpa + b->hole_hi[h];
                u64 v;

                if (b->hole_hi[h] <= b->hole_lo[h] || gpa < lo || gpa >= hi)
                    continue;
                /* (An access running off the end of the held-back pages
                 * is misaligned: vpci_msix_mmio() refuses it.) */
                v = vpci_msix_mmio(vd, i, h, gpa - b->map_gpa, size, write, *val);
                if (!write)
                    *val = v;
                rc = 0;
            }
        }
    }
    spin_unlock(&vpci->lock);
    read_unlock(&d->pci_lock);
    return rc;
}
