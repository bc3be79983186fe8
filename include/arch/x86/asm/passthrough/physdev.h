/* SPDX-License-Identifier: GPL-2.0 */
/*
 * physdev_op (arch/x86/physdev.c): one function per operation, called by
 * do_physdev_op() with the calling domain and the guest address of the
 * argument structure (<public/physdev.h>).  Each returns 0 or a negative
 * errno (docs/hypercalls.md lists them).
 */
#ifndef ASM_X86_PHYSDEV_H
#define ASM_X86_PHYSDEV_H

#include <mhv/types.h>

struct domain;
struct msi_info;

long physdev_pci_device_add_op(struct domain *d, unsigned long arg);
long physdev_pci_device_remove_op(struct domain *d, unsigned long arg);
long physdev_manage_pci_op(struct domain *d, unsigned long arg, bool add);
long physdev_pci_conf_op(struct domain *d, unsigned long arg);
long physdev_map_bar_op(struct domain *d, unsigned long arg);
long physdev_map_pirq_op(struct domain *caller, unsigned long arg);
long physdev_place_bars_op(struct domain *d, unsigned long arg);
long physdev_dev_event_op(struct domain *d, unsigned long arg);
long physdev_unmap_pirq_op(struct domain *caller, unsigned long arg);

/*
 * The seed path's entry: read_lock(&d->pci_lock), then
 * write_lock(&d->event_lock), then allocate_and_map_msi_pirq()
 * (<asm/pirq.h>).  *@pirq in: wanted pirq or -1; out: the pirq.
 */
int physdev_map_pirq(struct domain *d, struct msi_info *msi, int *pirq);
int physdev_unmap_pirq(struct domain *d, int pirq);

#endif /* ASM_X86_PHYSDEV_H */
