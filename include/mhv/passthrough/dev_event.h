/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device events: an ordinary domain is told when a device it owned leaves
 * it because the control domain removed it from the registry or took it
 * back (MHV_DEV_EVENT_REVOKED), or removed the PF under its VF
 * (MHV_DEV_EVENT_BROKEN): hotplug removal, docs/hotplug.md.
 *
 * The events go to the domain's device-event queue (<mhv/event.h>):
 * posting never allocates and never fails, so it can sit in the
 * registry's removal path.
 */
#ifndef MHV_PASSTHROUGH_DEV_EVENT_H
#define MHV_PASSTHROUGH_DEV_EVENT_H

#include <mhv/types.h>
#include <mhv/sbdf.h>

struct domain;
struct pci_dev;

/*
 * @pdev, owned by @owner, was marked broken (its PF was removed): tell
 * @owner if it is an ordinary domain.  @pre the pcidevs lock is held.
 * (A device leaving its owner is told by this unit's leave step,
 * PDEV_LEAVE_NOTIFY, <mhv/passthrough/pcidev.h>.)
 */
void dev_event_broken(const struct pci_dev *pdev, struct domain *owner);

#endif /* MHV_PASSTHROUGH_DEV_EVENT_H */
