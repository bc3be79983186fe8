/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device events for ordinary domains (see <mhv/passthrough/dev_event.h>):
 * when to tell an owner; the queue is the domain's (<mhv/event.h>).
 */
#include <mhv/passthrough/dev_event.h>
#include <mhv/domain.h>
#include <mhv/passthrough/pcidev.h>
#include <mhv/event.h>
#include <mhv/lib.h>
#include <mhv/errno.h>
#include <mhv/bug.h>
#include <public/physdev.h>
#include <mhv/sbdf.h>

/* Is @d one to tell?  Not the control domain (it did it), nor a domain
 * that is dying or dead (its devices are taken back anyway). */
static bool told(const struct domain *d)
{
    return d && !is_control_domain(d) && d->state != MHV_DOMSTATE_DYING &&
           d->state != MHV_DOMSTATE_SHUTDOWN && d->state != MHV_DOMSTATE_CRASHED;
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
