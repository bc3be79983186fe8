/* SPDX-License-Identifier: GPL-2.0 */
/* A dying domain's devices go back to the control domain. */
#include <mhv/domain.h>
#include <mhv/pcidev.h>

void domain_release_devices(struct domain *d)
{
    /* pci_release_devices() tears down each device's interrupts and BAR
     * mappings (pci_dev_irq_teardown()) before it moves. */
    if (!is_control_domain(d))
        pci_release_devices(d);
}
