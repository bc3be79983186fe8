/* SPDX-License-Identifier: GPL-2.0 */
/*
 * physdev_op (domain/physdev.c): one function per operation, called by
 * do_physdev_op() with the calling domain and the guest address of the
 * argument structure (<public/physdev.h>).  Each returns 0 or a negative
 * errno (docs/hypercalls.md lists them).  The pirq operations are the
 * architecture's (<asm/passthrough/physdev.h>).
 */
#ifndef MHV_DOMAIN_PHYSDEV_H
#define MHV_DOMAIN_PHYSDEV_H

#include <mhv/types.h>

struct domain;

long physdev_pci_device_add_op(struct domain *d, unsigned long arg);
long physdev_pci_device_remove_op(struct domain *d, unsigned long arg);
long physdev_manage_pci_op(struct domain *d, unsigned long arg, bool add);
long physdev_pci_conf_op(struct domain *d, unsigned long arg);
long physdev_map_bar_op(struct domain *d, unsigned long arg);
long physdev_place_bars_op(struct domain *d, unsigned long arg);
long physdev_dev_event_op(struct domain *d, unsigned long arg);

#endif /* MHV_DOMAIN_PHYSDEV_H */
