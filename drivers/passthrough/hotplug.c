/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hotplug mechanism the control domain's pciehp uses (docs/hotplug.md):
 * placing the BARs of a hot-added function before it is registered
 * (<mhv/passthrough/hotplug.h>).
 */
#include <mhv/pci/access.h>
#include <mhv/sbdf.h>
#include <mhv/pci/regs.h>
#include <mhv/pci/place.h>
#include <mhv/pci/platform.h>
#include <mhv/passthrough/pcidev.h>
#include <mhv/errno.h>
#include <mhv/lib.h>
#include <mhv/passthrough/hotplug.h>

struct stale_ctx {
    u16 seg;
    unsigned int sec, sub;
    pci_sbdf_t found;
};

/* A broken function (a VF of a removed PF) behind the bridge? */
static int stale_cb(const struct pci_dev *pdev, void *arg)
{
    struct stale_ctx *c = arg;

    if (pdev->broken && pdev->sbdf.seg == c->seg && pdev->sbdf.bus >= c->sec &&
        pdev->sbdf.bus <= c->sub) {
        c->found = pdev->sbdf;
        return 1;
    }
    return 0;
}

/* Why @sbdf's BARs may not be placed now (0: they may).  @pre pcidevs lock. */
static int place_refused(pci_sbdf_t sbdf, pci_sbdf_t *br)
{
    struct stale_ctx stale = { .seg = sbdf.seg };
    int rc;

    if (pci_get_pdev(NULL, sbdf)) {
        rc = -EBUSY;
        gprintk(LOG_WARNING "PCI place %pp: registered: its BARs stay where "
                "they are (%d)\n", &sbdf, rc);
        return rc;
    }
    if (pci_conf_read16(sbdf, PCI_VENDOR_ID) == 0xffff) {
        rc = -ENODEV;
        gprintk(LOG_WARNING "PCI place %pp: no function answers (%d)\n", &sbdf, rc);
        return rc;
    }
    if (pci_find_upstream_bridge(sbdf.seg, sbdf.bus, br)) {
        rc = -EINVAL;
        gprintk(LOG_WARNING "PCI place %pp: not behind a bridge (%d)\n", &sbdf, rc);
        return rc;
    }
    /*
     * The VFs of a removed PF keep their MSI-X tables mapped at their old
     * VF BAR addresses: a new device placed there would receive the stale
     * VFs' writes.  They go first.
     */
    stale.sec = pci_conf_read8(*br, PCI_SECONDARY_BUS);
    stale.sub = pci_conf_read8(*br, PCI_SUBORDINATE_BUS);
    if (pci_registry_walk(stale_cb, &stale)) {
        rc = -EBUSY;
        gprintk(LOG_WARNING "PCI place %pp: %pp behind %pp is a VF of a removed "
                "PF, still registered: remove it first (%d)\n", &sbdf,
                &stale.found, br, rc);
        return rc;
    }
    return 0;
}

int pci_hotplug_place_bars(pci_sbdf_t sbdf)
{
    pci_sbdf_t br;
    int rc;

    /*
     * Under the pcidevs lock: no registration (which takes the BAR sizes)
     * and no other placement runs meanwhile.
     */
    pcidevs_lock();
    rc = place_refused(sbdf, &br);
    if (!rc) {
        rc = pci_place_hotplug_bars(sbdf);
        if (rc < 0)
            gprintk(LOG_WARNING "PCI place %pp: failed (%d)\n", &sbdf, rc);
        else
            printk(LOG_INFO "PCI place %pp: %d BARs placed behind %pp\n", &sbdf,
                   rc, &br);
    }
    pcidevs_unlock();
    return rc;
}
