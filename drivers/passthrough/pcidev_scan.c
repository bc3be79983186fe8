/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Boot-time registration (as Xen's scan_pci_devices()): every function the
 * PCI scan finds on every segment is registered (<mhv/passthrough/pcidev.h>); VFs that
 * are enabled already come right after their PF and are registered as its
 * VFs.  The VF BARs of an SR-IOV PF are placed before it is registered.
 *
 * Owner: the control domain when it exists already; otherwise the devices
 * stay without an owner until the domain builder calls
 * pci_hwdom_claim_all(control_domain).
 */
#include <mhv/pci/caps.h>
#include <mhv/pci/scan.h>
#include <mhv/pci/regs.h>
#include <mhv/pci/platform.h>
#include <mhv/passthrough/pcidev.h>
#include <mhv/acpi.h>
#include <mhv/init.h>
#include <mhv/lib.h>

struct scan_count {
    unsigned int found, registered;
};

static int register_one(const struct pci_func *f, void *ctx)
{
    struct scan_count *c = ctx;
    struct pci_dev_info info = {
        .is_virtfn = f->is_vf,
        .physfn = { .bus = f->pf.bus, .devfn = f->pf.devfn },
    };

    pci_print_func(f);
    c->found++;
    /* Firmware does not place VF BARs: do it before the PF is registered
     * (a PF whose VFs are enabled already is left as it is). */
    if (!f->is_vf && pci_find_ext_cap(f->sbdf, PCI_EXT_CAP_ID_SRIOV))
        pci_place_boot_vf_bars(f->sbdf);
    /* A failure is logged by the registry; the scan goes on. */
    if (!pci_add_device(f->sbdf.seg, f->sbdf.bus, f->sbdf.devfn,
                        f->is_vf ? &info : NULL))
        c->registered++;
    return 0;
}

static int pcidev_scan(void)
{
    struct scan_count c = { 0, 0 };

    if (!acpi_info.nr_mcfg) {
        pci_scan(0, 0, register_one, &c);
    } else {
        for (unsigned int i = 0; i < acpi_info.nr_mcfg; i++)
            pci_scan(acpi_info.mcfg[i].segment, acpi_info.mcfg[i].start_bus,
                     register_one, &c);
    }
    printk("PCI: %u functions found, %u registered\n", c.found, c.registered);
    return 0;
}
__initcall(pcidev_scan);
