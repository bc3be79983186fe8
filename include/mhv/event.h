/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Event delivery to domains (common/event.c): a pending bit per pirq in
 * the domain's shared info page, and a wake-up of its vCPU (safe from
 * interrupt context and from any CPU); and each domain's queue of device
 * events.
 *
 * Device events: each domain has a small queue (struct dev_event_queue, in
 * struct domain).  dev_event_post() appends an event, sets the shared info
 * page's dev_event_pending word and wakes the domain's vCPU; the domain
 * takes events with PHYSDEVOP_mhv_dev_event (docs/hypercalls.md).  A full
 * queue drops the event and flags the next one taken with
 * MHV_DEV_EVENT_F_LOST (the domain then rescans its devices): posting
 * never allocates and never fails.  What is posted when:
 * <mhv/passthrough/dev_event.h>.
 *
 * Lock: q->lock is a leaf; dev_event_post() may be called with the
 * pcidevs lock and owners' pci_locks held.  Not from interrupt context.
 */
#ifndef MHV_EVENT_H
#define MHV_EVENT_H

#include <mhv/types.h>
#include <mhv/spinlock.h>
#include <mhv/sbdf.h>

struct domain;

/* Mark @pirq pending for @d and wake its vCPU. */
void send_guest_pirq(struct domain *d, unsigned int pirq);
/* Is any event pending for @d? */
bool domain_events_pending(const struct domain *d);

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

void dev_event_queue_init(struct dev_event_queue *q);

/* Queue an event for @d (see above). */
void dev_event_post(struct domain *d, pci_sbdf_t sbdf, unsigned int type);

/* Take @d's oldest event into *sbdf, *type (0: none), *flags; returns the
 * number still queued after it. */
unsigned int dev_event_take(struct domain *d, u32 *sbdf, u16 *type, u16 *flags);

/* How many events wait in @d's queue (a snapshot). */
unsigned int dev_event_queued(const struct domain *d);

#endif /* MHV_EVENT_H */
