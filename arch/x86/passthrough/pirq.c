/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Mapping device interrupts to domain pirqs (<asm/passthrough/pirq.h>) -- the path of
 * the seed bug, entered from arch/x86/physdev.c:
 *
 *   physdev_map_pirq()           read_lock(&d->pci_lock), write_lock(&d->event_lock)
 *    -> allocate_and_map_msi_pirq()   ASSERT_PDEV_LIST_IS_READ_LOCKED(d)
 *     -> map_domain_pirq()            ... and event_lock held for write
 *      -> pci_enable_msix_entry() -> msix_capability_init()
 *       -> read_pci_mem_bar()         VF: through the VF -> PF link
 *
 * Nothing on it looks a device up in the registry with d == NULL, which
 * would need the pcidevs lock: pci_get_pdev(d, sbdf) only searches d's own
 * list, which the read lock protects.  A debug build checks every step.
 */
#include <asm/passthrough/pirq.h>
#include <asm/msi.h>
#include <mhv/passthrough/msi.h>
#include <asm/irq.h>
#include <mhv/passthrough/iommu.h>
#include <mhv/passthrough/pcidev.h>
#include <mhv/domain.h>
#include <mhv/sched.h>
#include <mhv/event.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/errno.h>
#include <mhv/xmalloc.h>

static void pirq_interrupt(unsigned int vector, void *data)
{
    struct pirq *p = data;

    if (p->deliver)
        p->deliver(p->deliver_arg);
    else
        send_guest_pirq(p->domain, p->pirq);
}

/* The CPU a domain's interrupts go to: where its vCPU runs. */
static unsigned int target_cpu(const struct domain *d)
{
    return d->vcpu ? d->vcpu->processor : 0;
}

static int find_free_pirqs(struct domain *d, unsigned int n)
{
    for (unsigned int first = 0; first + n <= MHV_NR_PIRQS; first++) {
        unsigned int i;

        for (i = 0; i < n && !d->pirqs[first + i]; i++)
            ;
        if (i == n)
            return first;
    }
    return -ENOSPC;
}

int map_domain_pirq(struct domain *d, int pirq, struct msi_info *msi)
{
    unsigned int n = msi->type == PIRQ_MSI ? msi->entry_nr : 1;
    struct pirq *p[32] = { NULL };
    struct pci_dev *pdev;
    struct msi_msg msg;
    unsigned int cpu = target_cpu(d);
    int vector, rc;

    ASSERT_PDEV_LIST_IS_READ_LOCKED(d);
    ASSERT(rw_is_write_locked_by_me(&d->event_lock));

    /* Multi-message MSI comes in powers of two (the vector block too). */
    if (pirq < 0 || n == 0 || n > 32 || (n & (n - 1)) ||
        (unsigned int)pirq + n > MHV_NR_PIRQS)
        return -EINVAL;
    for (unsigned int i = 0; i < n; i++)
        if (d->pirqs[pirq + i])
            return -EEXIST;

    /* Only d's own devices: a lookup in d's list, not the registry. */
    pdev = pci_get_pdev(d, msi->sbdf);
    if (!pdev)
        return is_control_domain(d) ? -ENODEV : -EPERM;
    if (pdev->broken) {
        gprintk(LOG_WARNING "d%u: %pp is broken (its PF was removed): no new "
               "interrupt mappings\n", d->domain_id, &pdev->sbdf);
        return -EBUSY;
    }
    if (pdev_resetting(pdev))
        return pdev_reset_wait_turn(pdev);  /* MSI(-X) set-up after it */
    if (msi->type == PIRQ_MSIX ? !pdev->msix_pos : !pdev->msi_pos)
        return -ENODEV;
    if (!list_empty(&pdev->msi_list)) {
        struct pirq *q = list_first_entry(&pdev->msi_list, struct pirq, msi_entry);

        /* MSI is all or nothing, and never enabled together with MSI-X. */
        if (q->type == PIRQ_MSI || msi->type == PIRQ_MSI)
            return -EBUSY;
    }

    for (unsigned int i = 0; i < n; i++) {
        p[i] = xzalloc(struct pirq);
        if (!p[i]) {
            rc = -ENOMEM;
            goto fail;
        }
        *p[i] = (struct pirq){ .pirq = pirq + i, .type = msi->type, .domain = d,
                               .pdev = pdev, .entry = msi->type == PIRQ_MSIX ?
                               msi->entry_nr : i, .cpu = cpu,
                               .deliver = msi->deliver,
                               .deliver_arg = msi->deliver_arg };
    }
    vector = alloc_irq_vectors(cpu, n, pirq_interrupt, (void *const *)p, "pirq");
    if (vector < 0) {
        rc = vector;
        goto fail;
    }
    msi_compose_msg(cpu, vector, &msg);
    rc = iommu_setup_msi(pdev, cpu, vector, n, &msg);
    if (!rc)
        rc = msi->type == PIRQ_MSIX ? pci_enable_msix_entry(pdev, msi->entry_nr, &msg)
                                : msi_capability_init(pdev, n, &msg);
    if (rc) {
        iommu_teardown_msi(pdev, cpu, vector, n);
        for (unsigned int i = 0; i < n; i++)
            free_irq_vector(cpu, vector + i);
        goto fail;
    }
    for (unsigned int i = 0; i < n; i++) {
        p[i]->vector = vector + i;
        list_add_tail(&p[i]->msi_entry, &pdev->msi_list);
        d->pirqs[pirq + i] = p[i];
    }
    d->nr_pirqs += n;
    gprintk(LOG_DEBUG "d%u: pirq %d -> %pp %s %u, vector %#x on CPU %u\n", d->domain_id,
            pirq, &pdev->sbdf, msi->type == PIRQ_MSIX ? "MSI-X entry" : "MSI vectors",
            msi->type == PIRQ_MSIX ? msi->entry_nr : n, vector, cpu);
    return 0;

 fail:
    for (unsigned int i = 0; i < n; i++)
        xfree(p[i]);
    return rc;
}

int allocate_and_map_msi_pirq(struct domain *d, int *pirq, struct msi_info *msi)
{
    unsigned int n = msi->type == PIRQ_MSI ? msi->entry_nr : 1;
    int rc;

    ASSERT_PDEV_LIST_IS_READ_LOCKED(d);
    if (*pirq < 0) {
        *pirq = find_free_pirqs(d, n);
        if (*pirq < 0)
            return *pirq;
    }
    rc = map_domain_pirq(d, *pirq, msi);
    return rc;
}

/*
 * Teardown, in the order that keeps a stale message from reaching anyone:
 * mask or disable at the source and flush it (msi.c), then drain and free
 * the vector (irq.c), then free the binding.
 */

/* The binding of @p goes; its source is quiet already.  @pre event_lock. */
static void release_binding(struct domain *d, struct pirq *p)
{
    ASSERT(rw_is_write_locked_by_me(&d->event_lock));
    /* Quiet at the source: its remapping entry goes (invalidated, waited
     * for) before the vector can be handed out again. */
    iommu_teardown_msi(p->pdev, p->cpu, p->vector, 1);
    free_irq_vector(p->cpu, p->vector);
    list_del_init(&p->msi_entry);
    d->pirqs[p->pirq] = NULL;
    d->nr_pirqs--;
    xfree(p);
}

/* An MSI-X pirq: its entry masked and flushed, then released. */
static void unbind_msix(struct domain *d, struct pirq *p)
{
    ASSERT(p->type == PIRQ_MSIX);
    pci_disable_msix_entry(p->pdev, p->entry);
    release_binding(d, p);
}

/* Every MSI pirq of @pdev (MSI goes as a whole): MSI disabled and flushed
 * first, then each vector and binding. */
static void unbind_msi(struct domain *d, struct pci_dev *pdev)
{
    struct pirq *p, *tmp;

    pci_disable_msi(pdev);
    list_for_each_entry_safe(p, tmp, &pdev->msi_list, msi_entry) {
        ASSERT(p->type == PIRQ_MSI);
        release_binding(d, p);
    }
}

int unmap_domain_pirq(struct domain *d, int pirq)
{
    struct pirq *p;

    ASSERT(rw_is_write_locked_by_me(&d->event_lock));
    if (pirq < 0 || pirq >= MHV_NR_PIRQS || !(p = d->pirqs[pirq]))
        return -EINVAL;
    if (p->type == PIRQ_MSI) {
        /* Multi-vector MSI goes as a whole, from its first pirq. */
        if (p->entry != 0)
            return -EINVAL;
        unbind_msi(d, p->pdev);
    } else {
        unbind_msix(d, p);
    }
    gprintk(LOG_DEBUG "d%u: pirq %d unmapped\n", d->domain_id, pirq);
    return 0;
}

/* The device leaves its owner: every pirq of it is unbound. */
static void pirq_leave(struct pci_dev *pdev, struct domain *d)
{
    struct pirq *p, *tmp;

    ASSERT_PDEV_LEAVING(pdev, d);
    write_lock(&d->event_lock);
    if (!list_empty(&pdev->msi_list) &&
        list_first_entry(&pdev->msi_list, struct pirq, msi_entry)->type == PIRQ_MSI)
        unbind_msi(d, pdev);
    else
        list_for_each_entry_safe(p, tmp, &pdev->msi_list, msi_entry)
            unbind_msix(d, p);
    write_unlock(&d->event_lock);
    ASSERT(!pdev->msix);
}
PDEV_LEAVE_STEP_RESET(PDEV_LEAVE_IRQ, pirq_leave);
