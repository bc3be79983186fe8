/* SPDX-License-Identifier: GPL-2.0 */
/* An HVM domain's virtual PCI bus, wired in (<mhv/domain/hvm_vpci.h>). */
#include <mhv/domain/hvm_vpci.h>
#include <mhv/vpci/vpci.h>
#include <mhv/domain.h>
#include <asm/hvm/domain.h>
#include <asm/hvm/mmio_map.h>
#include <asm/hvm/msi.h>
#include <public/hvm.h>

/* The type-1 configuration mechanism: the address latch at 0xCF8, the
 * data window at 0xCFC-0xCFF. */
#define PCI_CONF1_PORT      0xcf8
#define PCI_CONF1_PORTS     8

static const struct vpci_guest_ops hvm_vpci_ops = {
    .window_base = HVM_PCI_WINDOW_BASE,     /* the DSDT's PCI0 _CRS */
    .window_size = HVM_PCI_WINDOW_SIZE,
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

void hvm_vpci_info(struct domain *d, struct mhv_hvm_info *out)
{
    struct vpci_stats st;

    if (!d->vpci)
        return;
    vpci_get_stats(d, &st);
    out->vpci_shown = (uint32_t)st.shown;
    out->vpci_revoked = (uint32_t)st.revoked;
    out->vpci_irqs = st.irqs;
    out->vpci_flrs = st.flrs;
    out->vpci_cfg_bad = st.cfg_bad;
    out->vpci_cfg_unknown = st.cfg_unknown;
    out->vpci_mmio_bad = st.mmio_bad;
    out->vpci_msix_refused = st.msix_refused;
    out->vpci_bar_refused = st.bar_refused;
}
