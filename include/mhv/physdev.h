/* SPDX-License-Identifier: GPL-2.0 */
/*
 * physdev_op's PCI operations (drivers/passthrough/physdev.c), one function
 * each, called by do_physdev_op() with the calling domain and the guest
 * address of the argument structure (<public/physdev.h>).  Each returns 0
 * or a negative errno (docs/hypercalls.md lists them); the pirq operations
 * are in <mhv/pirq.h>.
 */
#ifndef MHV_PHYSDEV_H
#define MHV_PHYSDEV_H

#include <mhv/types.h>

struct domain;

long physdev_pci_device_add_op(struct domain *d, unsigned long arg);
long physdev_pci_device_remove_op(struct domain *d, unsigned long arg);
long physdev_manage_pci_op(struct domain *d, unsigned long arg, bool add);
long physdev_pci_conf_op(struct domain *d, unsigned long arg);
long physdev_map_bar_op(struct domain *d, unsigned long arg);

struct pci_dev;
/* Remove @pdev's BAR mappings from its owner (device leaving it). */
void pci_dev_unmap_bars(struct pci_dev *pdev);

#endif /* MHV_PHYSDEV_H */
