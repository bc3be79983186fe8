/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What pci.c (the registry) offers to assign.c (ownership changes); private
 * to drivers/passthrough/.  Lock rules: <mhv/pcidev.h>.
 */
#ifndef DRIVERS_PASSTHROUGH_REGISTRY_H
#define DRIVERS_PASSTHROUGH_REGISTRY_H

struct pci_dev;
struct domain;

/*
 * Put @pdev on @d's list and make @d its owner / take it off its owner's
 * list.  @pre pcidevs lock held; the (old) owner's pci_lock held for write.
 */
void owner_link(struct pci_dev *pdev, struct domain *d);
void owner_unlink(struct pci_dev *pdev);

/*
 * Call @fn for every registered device without an owner (removed PFs
 * excluded); @fn may change the owner.  Returns the number of calls.
 * @pre pcidevs lock held.
 */
unsigned int pci_for_each_unowned(void (*fn)(struct pci_dev *pdev, void *ctx),
                                  void *ctx);

#endif /* DRIVERS_PASSTHROUGH_REGISTRY_H */
