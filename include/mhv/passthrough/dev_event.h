/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device events: an ordinary domain is told when a device it owned leaves
 * it because the control domain removed it from the registry or took it
 * back (MHV_DEV_EVENT_REVOKED), or removed the PF under its VF
 * (MHV_DEV_EVENT_BROKEN): hotplug removal, docs/hotplug.md.
 *
 * Each domain has a small queue (struct dev_event_queue, in struct
 * domain).  dev_event_post() appends an event, sets the shared info
 * page's dev_event_pending word and wakes the domain's vCPU; the domain
 * takes events with PHYSDEVOP_mhv_dev_event (docs/hypercalls.md).  A full
 * queue drops the event and flags the next one taken with
 * MHV_DEV_EVENT_F_LOST (the domain then rescans its devices): posting
 * never allocates and never fails, so it can sit in the registry's removal
 * path.
 *
 * Lock: q->lock is a leaf; dev_event_post() may be called with the
 * pcidevs lock and owners' pci_locks held.  Not from interrupt context.
 */
#ifndef MHV_DEV_EVENT_H
#define MHV_DEV_EVENT_H

#include <mhv/types.h>
#include <mhv/spinlock.h>
#include <mhv/sbdf.h>
#include <public/physdev.h>

#define DEV_EVENT_QUEUE_LEN     32

struct dev_event_queue {
    spinlock_t lock;
    unsigned int head, count;       /* ring of DEV_EVENT_QUEUE_LEN (lock) */
    bool lost;                      /* an event was dropped (lock) */
    struct {
        u32 sbdf;
        u16 type;
    } ev[DEV_EVENT_QUEUE_LEN];
};

struct domain;
struct pci_dev;

void dev_event_queue_init(struct dev_event_queue *q);

/*
 * @pdev, owned by @owner, was marked broken (its PF was removed): tell
 * @owner if it is an ordinary domain.  @pre the pcidevs lock is held.
 * (A device leaving its owner is told by this unit's leave step,
 * PDEV_LEAVE_NOTIFY, <mhv/pcidev.h>.)
 */
void dev_event_broken(const struct pci_dev *pdev, struct domain *owner);

/* Queue an event for @d (see above). */
void dev_event_post(struct domain *d, pci_sbdf_t sbdf, unsigned int type);

/* Take @d's oldest event into *sbdf, *type (0: none), *flags; returns the
 * number still queued after it. */
unsigned int dev_event_take(struct domain *d, u32 *sbdf, u16 *type, u16 *flags);

/* How many events wait in @d's queue (a snapshot). */
unsigned int dev_event_queued(const struct domain *d);


#endif /* MHV_DEV_EVENT_H */
