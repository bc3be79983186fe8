/* SPDX-License-Identifier: GPL-2.0 */
/* Device events for ordinary domains (see <mhv/dev_event.h>). */
#include <mhv/passthrough/dev_event.h>
#include <mhv/domain.h>
#include <mhv/passthrough/pcidev.h>
#include <mhv/sched.h>
#include <mhv/lib.h>
#include <mhv/errno.h>
#include <mhv/bug.h>
#include <public/physdev.h>
#include <mhv/sbdf.h>

void dev_event_queue_init(struct dev_event_queue *q)
{
    spin_lock_init_class(&q->lock, "dev_event_queue->lock");
    q->head = q->count = 0;
    q->lost = false;
}

static const char *type_name(unsigned int type)
{
    switch (type) {
    case MHV_DEV_EVENT_REVOKED:     return "revoked";
    case MHV_DEV_EVENT_BROKEN:      return "broken (its PF was removed)";
    }
    return "?";
}

/* Is @d one to tell?  Not the control domain (it did it), nor a domain
 * that is dying or dead (its devices are taken back anyway). */
static bool told(const struct domain *d)
{
    return d && !is_control_domain(d) && d->state != MHV_DOMSTATE_DYING &&
           d->state != MHV_DOMSTATE_SHUTDOWN && d->state != MHV_DOMSTATE_CRASHED;
}

void dev_event_post(struct domain *d, pci_sbdf_t sbdf, unsigned int type)
{
    struct dev_event_queue *q = &d->dev_events;
    bool dropped = false;

    spin_lock(&q->lock);
    if (q->count == DEV_EVENT_QUEUE_LEN) {
        q->lost = true;
        dropped = true;
    } else {
        unsigned int i = (q->head + q->count) % DEV_EVENT_QUEUE_LEN;

        q->ev[i].sbdf = sbdf.sbdf;
        q->ev[i].type = (u16)type;
        q->count++;
    }
    spin_unlock(&q->lock);

    if (d->shared_info)
        __atomic_store_n(&d->shared_info->dev_event_pending, 1, __ATOMIC_SEQ_CST);
    if (d->vcpu)
        vcpu_wake(d->vcpu);
    printk(LOG_INFO "PCI %pp %s: d%u told%s\n", &sbdf, type_name(type),
           d->domain_id, dropped ? " (its queue is full: event dropped, "
           "the next one says so)" : "");
}

/* The leave step: the owner's interrupts, BARs and DMA are gone already. */
static void dev_event_leave(struct pci_dev *pdev, struct domain *owner)
{
    ASSERT_PDEV_LEAVING(pdev, owner);
    if (told(owner))
        dev_event_post(owner, pdev->sbdf, MHV_DEV_EVENT_REVOKED);
}
PDEV_LEAVE_STEP(PDEV_LEAVE_NOTIFY, dev_event_leave);

void dev_event_broken(const struct pci_dev *pdev, struct domain *owner)
{
    if (told(owner))
        dev_event_post(owner, pdev->sbdf, MHV_DEV_EVENT_BROKEN);
}

unsigned int dev_event_take(struct domain *d, u32 *sbdf, u16 *type, u16 *flags)
{
    struct dev_event_queue *q = &d->dev_events;
    unsigned int left;

    spin_lock(&q->lock);
    *sbdf = 0;
    *type = 0;
    *flags = 0;
    if (q->count) {
        *sbdf = q->ev[q->head].sbdf;
        *type = q->ev[q->head].type;
        q->head = (q->head + 1) % DEV_EVENT_QUEUE_LEN;
        q->count--;
    }
    if (q->lost && (*type || !q->count)) {
        *flags |= MHV_DEV_EVENT_F_LOST;
        q->lost = false;
    }
    left = q->count;
    spin_unlock(&q->lock);
    return left;
}

unsigned int dev_event_queued(const struct domain *d)
{
    /* A snapshot without the lock: an aligned word, for domaininfo. */
    return __atomic_load_n(&d->dev_events.count, __ATOMIC_RELAXED);
}
