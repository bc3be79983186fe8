/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI start of day: map config space, scan every segment's buses as the
 * firmware numbered them and list what was found.
 */
#include <mhv/pci.h>
#include <mhv/acpi.h>
#include <mhv/init.h>
#include <mhv/lib.h>

static int print_one(const struct pci_func *f, void *ctx)
{
    unsigned int *count = ctx;

    pci_print_func(f);
    (*count)++;
    return 0;
}

static int pci_init(void)
{
    unsigned int count = 0;

    pci_access_init();
    if (!acpi_info.nr_mcfg) {
        pci_scan(0, 0, print_one, &count);
    } else {
        for (unsigned int i = 0; i < acpi_info.nr_mcfg; i++)
            pci_scan(acpi_info.mcfg[i].segment, acpi_info.mcfg[i].start_bus,
                     print_one, &count);
    }
    printk("PCI: %u functions found\n", count);
    return 0;
}
__initcall(pci_init);
