/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual PCI bus of an HVM domain (<mhv/vpci/vpci.h>), wired into
 * the domain's platform (domain/hvm_vpci.c).  The bus's hooks are the HVM
 * side's device memory (<asm/hvm/mmio_map.h>: a BAR's pages in the nested
 * tables) and MSI delivery (<asm/hvm/msi.h>: a message's vCPU, the vector
 * into its vLAPIC); the bus answers the type-1 ports 0xCF8-0xCFF and the
 * held-back pages of its functions' BARs (their MSI-X tables) through the
 * platform's dispatch, which calls it without naming it.  The domain layer
 * does the wiring because it is above both: the platform is the base's,
 * the bus a layer of its own (docs/architecture.md).
 *
 * Life: hvm_vpci_init() while the domain is built (no vCPU runs; the
 * dispatch tables are written only then), hvm_vpci_destroy() once the
 * domain is dead and its devices were given back (their slots revoked by
 * then).  Without CONFIG_VPCI a guest has no PCI bus: both do nothing.
 */
#ifndef MHV_DOMAIN_HVM_VPCI_H
#define MHV_DOMAIN_HVM_VPCI_H

#include <mhv/types.h>

struct domain;
struct mhv_hvm_info;

#ifdef CONFIG_VPCI
/* Whether HVM guests get a bus (their DSDT then describes its bridge). */
static inline bool hvm_vpci_enabled(void)
{
    return true;
}
/* Give @d its bus and claim its ports and pages.  0 or -errno (what was
 * done is undone by hvm_vpci_destroy(), which creation's failure calls). */
int hvm_vpci_init(struct domain *d);
void hvm_vpci_destroy(struct domain *d);
/* The bus's counters into the control domain's view of @d (MHV_DOMCTL_hvm_info). */
void hvm_vpci_info(struct domain *d, struct mhv_hvm_info *out);
#else
static inline bool hvm_vpci_enabled(void)
{
    return false;
}
static inline int hvm_vpci_init(struct domain *d)
{
    return 0;
}
static inline void hvm_vpci_destroy(struct domain *d)
{
}
static inline void hvm_vpci_info(struct domain *d, struct mhv_hvm_info *out)
{
}
#endif

#endif /* MHV_DOMAIN_HVM_VPCI_H */
