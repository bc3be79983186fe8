/* SPDX-License-Identifier: GPL-2.0 */
/* Event delivery (see <mhv/event.h>). */
#include <mhv/event.h>
#include <mhv/domain.h>
#include <mhv/sched.h>
#include <mhv/bug.h>
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
