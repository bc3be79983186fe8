/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hotplug mechanism the control domain's pciehp uses (docs/hotplug.md):
 * placing the BARs of a hot-added function before it is registered
 * (<mhv/pcidev.h>, pci_hotplug_place_bars()).  Removal needs nothing
 * here: it is PHYSDEVOP_pci_device_remove in any order, and the owners of
 * what leaves are told by common/dev_event.c.
 */
#include <mhv/pci.h>
#include <mhv/pci_regs.h>
#include <mhv/pci_place.h>
#include <mhv/pcidev.h>
#include <mhv/errno.h>
#include <mhv/lib.h>

int pci_hotplug_place_bars(pci_sbdf_t sbdf)
{
    pci_sbdf_t br;
    int rc;

    /*
     * Under the pcidevs lock: no registration (which takes the BAR sizes)
     * and no other placement runs meanwhile.
     */
    pcidevs_lock();
    if (pci_get_pdev(NULL, sbdf)) {
        rc = -EBUSY;
        printk(LOG_WARNING "PCI place %pp: registered: its BARs stay where "
               "they are (%d)\n", &sbdf, rc);
    } else if (pci_conf_read16(sbdf, PCI_VENDOR_ID) == 0xffff) {
        rc = -ENODEV;
        printk(LOG_WARNING "PCI place %pp: no function answers (%d)\n", &sbdf, rc);
    } else if (pci_find_upstream_bridge(sbdf.seg, sbdf.bus, &br)) {
        rc = -EINVAL;
        printk(LOG_WARNING "PCI place %pp: not behind a bridge (%d)\n", &sbdf, rc);
    } else {
        rc = pci_place_hotplug_bars(sbdf);
        if (rc < 0)
            printk(LOG_WARNING "PCI place %pp: failed (%d)\n", &sbdf, rc);
        else
            printk(LOG_INFO "PCI place %pp: %d BARs placed behind %pp\n", &sbdf,
                   rc, &br);
    }
    pcidevs_unlock();
    return rc;
}
