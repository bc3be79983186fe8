/* SPDX-License-Identifier: GPL-2.0 */
/* What every domain has, whatever its kind (see <mhv/domain.h>). */
#include <mhv/domain.h>
#include <mhv/lib.h>
#include <mhv/gpmap.h>
#include <asm/domain.h>
#include <mhv/event.h>

void domain_init_common(struct domain *d, domid_t id, const char *name,
                        bool privileged)
{
    d->domain_id = id;
    strlcpy(d->name, name, sizeof(d->name));
    d->is_privileged = privileged;
    d->state = MHV_DOMSTATE_RUNNING;
    INIT_LIST_HEAD(&d->domain_list);
    rwlock_init_class(&d->pci_lock, "domain->pci_lock");
    /* Two domains' pci_locks nest lower domid first (docs/locking.md). */
    rwlock_set_nest_order(&d->pci_lock, (u32)id + 1);
    INIT_LIST_HEAD(&d->pdev_list);
    d->nr_pdevs = 0;
    rwlock_init_class(&d->event_lock, "domain->event_lock");
    spin_lock_init_class(&d->mm_lock, "domain->mm_lock");
    gpmap_init(&d->gpmap);
    INIT_LIST_HEAD(&d->bar_maps);
    memset(d->bars_gone, 0, sizeof(d->bars_gone));
    d->bars_gone_next = 0;
    INIT_LIST_HEAD(&d->dma_regions);
    d->dma_pages = 0;
    dev_event_queue_init(&d->dev_events);
    d->log_rl = (struct ratelimit)RATELIMIT_INIT(LOG_RATELIMIT_BURST,
                                                 LOG_RATELIMIT_INTERVAL_NS);
    snprintf(d->log_rl.label, sizeof(d->log_rl.label), "d%u", id);
}

void domain_free_address_space(struct domain *d)
{
    unsigned long pages;

    if (d->gpmap.state == GPMAP_LIVE) {
        d->shared_info = NULL;      /* it was one of the domain's pages */
        pages = gpmap_destroy(d);
        pages += arch_domain_destroy(d);
        printk("d%u: address space freed (%lu pages)\n", d->domain_id, pages);
    }
    if (READ_ONCE(d->state) == MHV_DOMSTATE_DYING)
        __atomic_store_n(&d->state, d->final_state, __ATOMIC_RELEASE);
}
