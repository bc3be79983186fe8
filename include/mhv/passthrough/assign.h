/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ownership of registered PCI devices (drivers/passthrough/assign.c):
 * assignment to a domain, return to the control domain, release at domain
 * destruction, and the control domain claiming the devices registered
 * before it existed.  Every move runs the leave steps of
 * <mhv/passthrough/pcidev.h> first.
 */
#ifndef MHV_PASSTHROUGH_ASSIGN_H
#define MHV_PASSTHROUGH_ASSIGN_H

#include <mhv/types.h>
#include <mhv/sbdf.h>

struct domain;

/*
 * Give the device at @sbdf to @d.  Returns 0 (also when @d owns it), or
 *   -ENODEV  not registered;   -EINVAL  @d NULL;
 *   -EBUSY   owned by a domain other than @d and the control domain, or
 *            broken and @d is not the control domain.
 * Interrupts are torn down before the device moves.  Logs one line.
 */
int assign_device(struct domain *d, pci_sbdf_t sbdf);

/* Give the device at @sbdf back to the control domain (as assign_device();
 * -ENODEV also when there is no control domain yet). */
int deassign_device(pci_sbdf_t sbdf);

/*
 * Domain destruction: every device of @d goes back to the control domain
 * (broken ones too).  Returns the number moved, or -EINVAL for a NULL or
 * the control domain.  Logs one line.
 */
int pci_release_devices(struct domain *d);

/*
 * Give every device registered without an owner (before the control
 * domain existed) to @d.  Returns the number claimed.  Logs one line.
 */
int pci_hwdom_claim_all(struct domain *d);

/* Give back @d's devices and interrupts when it dies (the release above,
 * logged when it fails). */
void domain_release_devices(struct domain *d);

#endif /* MHV_PASSTHROUGH_ASSIGN_H */
