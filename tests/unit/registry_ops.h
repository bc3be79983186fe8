/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Registry operations the host tests share (registry, MSI, physdev and
 * malicious-device tests): add and remove functions the way the hypercalls
 * do, and look one up with the pcidevs lock taken around the lookup.
 */
#ifndef TESTS_UNIT_REGISTRY_OPS_H
#define TESTS_UNIT_REGISTRY_OPS_H

#include <mhv/sbdf.h>

struct pci_dev;

/* Register @vf as a VF of @pf (same segment). */
int reg_add_vf(pci_sbdf_t vf, pci_sbdf_t pf);
/* Register a function with no PF/VF information. */
int reg_add_fn(pci_sbdf_t sbdf);
int reg_remove_fn(pci_sbdf_t sbdf);
/* The registered device at @sbdf, or NULL. */
struct pci_dev *reg_lookup(pci_sbdf_t sbdf);

#endif
