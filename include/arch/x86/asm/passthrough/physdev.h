/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The x86 part of physdev_op (arch/x86/passthrough/physdev.c): the pirq
 * operations.  The generic front-end (<mhv/domain/physdev.h>) hands every
 * operation it does not know to arch_physdev_op().
 */
#ifndef ASM_X86_PASSTHROUGH_PHYSDEV_H
#define ASM_X86_PASSTHROUGH_PHYSDEV_H

#include <mhv/types.h>

struct domain;
struct msi_info;

/* PHYSDEVOP_map_pirq / _unmap_pirq for @d; -ENOSYS for anything else. */
long arch_physdev_op(struct domain *d, unsigned long cmd, unsigned long arg);

long physdev_map_pirq_op(struct domain *caller, unsigned long arg);
long physdev_unmap_pirq_op(struct domain *caller, unsigned long arg);

/*
 * The seed path's entry: read_lock(&d->pci_lock), then
 * write_lock(&d->event_lock), then allocate_and_map_msi_pirq()
 * (<asm/passthrough/pirq.h>).  *@pirq in: wanted pirq or -1; out: the pirq.
 */
int physdev_map_pirq(struct domain *d, struct msi_info *msi, int *pirq);
int physdev_unmap_pirq(struct domain *d, int pirq);

#endif /* ASM_X86_PASSTHROUGH_PHYSDEV_H */
