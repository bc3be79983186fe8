/* SPDX-License-Identifier: GPL-2.0 */
/* Event delivery (see <mhv/event.h>). */
#include <mhv/event.h>
#include <mhv/domain.h>
#include <mhv/sched.h>
#include <mhv/bug.h>
#include <mhv/lib.h>
#include <mhv/sbdf.h>
#include <public/physdev.h>
#include <public/mhv.h>

void send_guest_pirq(struct domain *d, unsigned int pirq)
{
    struct shared_info *si = d->shared_info;

    if (!si || pirq >= MHV_NR_PIRQS)
        return;
    __atomic_fetch_or(&si->pirq_pending[pirq / 64], 1ULL << (pirq % 64),
                      __ATOMIC_SEQ_CST);
    __atomic_add_fetch(&si->pirq_count[pirq], 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&si->events, 1, __ATOMIC_RELAXED);
    if (d->vcpu)
        vcpu_wake(d->vcpu);
}

bool domain_events_pending(const struct domain *d)
{
    const struct shared_info *si = d->shared_info;

    if (!si)
        return false;
    if (__atomic_load_n(&si->dev_event_pending, __ATOMIC_SEQ_CST))
        return true;
    for (unsigned int i = 0; i < MHV_NR_PIRQS / 64; i++)
        if (__atomic_load_n(&si->pirq_pending[i], __ATOMIC_SEQ_CST))
            return true;
    return false;
}

/* ---------------------------------------------------------------- device events */

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
