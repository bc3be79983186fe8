/* SPDX-License-Identifier: GPL-2.0 */
/* The list of domains (see <mhv/domain_list.h>). */
#include <mhv/domain_list.h>
#include <mhv/domain.h>
#include <mhv/list.h>
#include <mhv/spinlock.h>
#include <mhv/smp.h>
#include <mhv/bug.h>

struct domain *control_domain;
static LIST_HEAD(domain_list);
static DEFINE_SPINLOCK(domlist_lock);

struct domain *domain_by_id(domid_t id)
{
    struct domain *d, *found = NULL;
    unsigned long flags;

    spin_lock_irqsave(&domlist_lock, flags);
    list_for_each_entry(d, &domain_list, domain_list)
        if (d->domain_id == id) {
            found = d;
            break;
        }
    spin_unlock_irqrestore(&domlist_lock, flags);
    return found;
}

static void nothing(void *unused)
{
}

void domain_list_remove(struct domain *d)
{
    unsigned long flags;

    ASSERT(d != control_domain);
    spin_lock_irqsave(&domlist_lock, flags);
    list_del_init(&d->domain_list);
    spin_unlock_irqrestore(&domlist_lock, flags);
    /* Interrupt handlers run with interrupts off: once every CPU has taken
     * this call, none of them still holds a pointer it found before. */
    smp_call_function(nothing, NULL, true);
}

void domain_list_add(struct domain *d)
{
    unsigned long flags;

    spin_lock_irqsave(&domlist_lock, flags);
    list_add_tail(&d->domain_list, &domain_list);
    spin_unlock_irqrestore(&domlist_lock, flags);
    if (d->is_privileged && !control_domain)
        control_domain = d;
}
