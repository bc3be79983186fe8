/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hotplug mechanism the control domain's pciehp uses
 * (drivers/passthrough/hotplug.c, docs/hotplug.md).  Removal needs nothing
 * here: it is PHYSDEVOP_pci_device_remove, and the owners of what leaves
 * are told (<mhv/passthrough/dev_event.h>).
 */
#ifndef MHV_PASSTHROUGH_HOTPLUG_H
#define MHV_PASSTHROUGH_HOTPLUG_H

#include <mhv/types.h>
#include <mhv/sbdf.h>

/*
 * Place the unassigned memory
 * BARs (and VF BARs) of the hot-added, not yet registered function @sbdf
 * behind a bridge (pci_place_hotplug_bars(), <mhv/pci/platform.h>).  Returns
 * the number placed, or -EBUSY (registered), -ENODEV (nothing answers),
 * -EINVAL (not behind a bridge, not a type 0 function), -EBUSY also
 * while a VF of a removed PF is still registered behind that bridge (its
 * MSI-X table stays mapped at its old address), -ENOSPC, -ENOMEM.
 * Logs one line.
 */
int pci_hotplug_place_bars(pci_sbdf_t sbdf);

#endif /* MHV_PASSTHROUGH_HOTPLUG_H */
