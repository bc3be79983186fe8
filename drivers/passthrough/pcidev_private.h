/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What pcidev.c (the registry) offers to the rest of drivers/passthrough/
 * (assign.c: ownership changes); private to this folder.  Lock rules:
 * docs/locking.md.
 */
#ifndef DRIVERS_PASSTHROUGH_PCIDEV_PRIVATE_H
#define DRIVERS_PASSTHROUGH_PCIDEV_PRIVATE_H

#include <mhv/types.h>

struct pci_dev;
struct domain;

/*
 * Put @pdev on @d's list and make @d its owner / take it off its owner's
 * list.  @pre pcidevs lock held; the (old) owner's pci_lock held for write.
 */
void owner_link(struct pci_dev *pdev, struct domain *d);
void owner_unlink(struct pci_dev *pdev);

/*
 * The device leaves its owner: run every leave step (<mhv/passthrough/pcidev.h>), then
 * owner_unlink().  @pre ASSERT_PDEV_LEAVING(pdev, pdev->domain).
 */
void pci_dev_leave_owner(struct pci_dev *pdev);

/* "d<N>" in @buf, or "none" for no domain: for log lines. */
const char *pci_dom_str(const struct domain *d, char *buf, size_t len);

/*
 * Call @fn for every registered device without an owner (removed PFs
 * excluded); @fn may change the owner.  Returns the number of calls.
 * @pre pcidevs lock held.
 */
unsigned int pci_for_each_unowned(void (*fn)(struct pci_dev *pdev, void *ctx),
                                  void *ctx);

#endif /* DRIVERS_PASSTHROUGH_PCIDEV_PRIVATE_H */
