/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI start of day: config-space access (ECAM from MCFG, or CF8) set up
 * before anything scans.  What the scan finds is registered by
 * drivers/passthrough/pcidev_scan.c.
 */
#include <mhv/pci.h>
#include <mhv/init.h>

static int pci_init(void)
{
    return pci_access_init();
}
presmp_initcall(pci_init);
