/* SPDX-License-Identifier: GPL-2.0 */
/* An HVM domain's virtual PCI bus, wired in (<mhv/domain/hvm_vpci.h>). */
#include <mhv/domain/hvm_vpci.h>
#include <mhv/vpci/vpci.h>
#include <mhv/domain.h>
#include <asm/hvm/domain.h>
#include <asm/hvm/mmio_map.h>
#include <asm/hvm/msi.h>

/* The type-1 configuration mechanism: the address latch at 0xCF8, the
 * data window at 0xCFC-0xCFF. */
#define PCI_CONF1_PORT      0xcf8
#define PCI_CONF1_PORTS     8

static const struct vpci_guest_ops hvm_vpci_ops = {
    .map_mmio = hvm_mmio_map,
    .unmap_mmio = hvm_mmio_unmap,
    .dest_vcpu = hvm_msi_dest_vcpu,
    .inject = hvm_msi_inject,
};

/* A nested page fault outside the map: the MSI-X pages of a function's
 * BAR are the bus's (-ENOENT: not a page of its). */
static int vpci_npf(void *ctx, u64 gpa, unsigned int size, bool write, u64 *val)
{
    return vpci_mmio_access(ctx, gpa, size, write, val);
}

int hvm_vpci_init(struct domain *d)
{
    int rc = vpci_domain_init(d, &hvm_vpci_ops);

    if (!rc)
        rc = hvm_io_register(&d->arch.hvm->io, PCI_CONF1_PORT, PCI_CONF1_PORTS,
                             vpci_io_handler, d, "pci");
    if (!rc)
        rc = hvm_mmio_handler_register(d, vpci_npf, d, "pci");
    return rc;
}

void hvm_vpci_destroy(struct domain *d)
{
    vpci_domain_destroy(d);
}
