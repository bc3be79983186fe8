/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared fixture of the MSI/MSI-X tests (tests/unit/test_msi*.c).
 *
 *  - Domains d0 (control), d1, d2 made with domain_init_common(), without
 *    vCPUs, each with a shared info page (the pirq pending bits that
 *    send_guest_pirq() sets); domain_by_id() finds them.
 *  - The igb machine of the config model with its VF BARs placed (VF BAR0
 *    at MSI_IGB_VF_BAR0, VF BAR3 -- the MSI-X BAR -- at MSI_IGB_VF_BAR3,
 *    16 KiB per VF) and the PF's own BAR3 at its preset address.
 *  - msi_setup() / msi_check_clean(): every test starts with an empty
 *    registry, no MMIO mapping and no pirq, and must end with all of that
 *    again, every dynamic vector of every CPU free and the heap counters
 *    back at their start.
 *  - Host versions of what the interrupt path links against outside the
 *    files under test: domain_by_id(), vcpu_wake(), copy_{from,to}_guest()
 *    (guest addresses are host pointers; below 4096 faults), the guest
 *    page-table calls of physdev.c, current_domain().
 */
#ifndef TESTS_UNIT_TEST_MSI_FIXTURE_H
#define TESTS_UNIT_TEST_MSI_FIXTURE_H

#include <mhv/types.h>
#include <mhv/domain.h>
#include <mhv/passthrough/pcidev.h>
#include <asm/passthrough/pirq.h>
#include <asm/passthrough/physdev.h>
#include <mhv/passthrough/msi.h>
#include <public/mhv.h>
#include "pcimodel.h"
#include "registry_ops.h"
#include <mhv/sbdf.h>

#define NR_MSI_DOMAINS 3
extern struct domain msi_dom[NR_MSI_DOMAINS];
extern struct shared_info msi_si[NR_MSI_DOMAINS];
#define D0 (&msi_dom[0])
#define D1 (&msi_dom[1])
#define D2 (&msi_dom[2])

/* igb: PF 01:00.0, VF n at 01:10.0 + 2n. */
#define IGB_PF              PCI_SBDF(0, 1, PCI_DEVFN(0, 0))
#define IGB_VF(n)           PCI_SBDF(0, 1, 0x80 + 2 * (n))
#define IGB_VF_BAR_SIZE     0x4000ULL
#define MSI_IGB_VF_BAR0     0xfe000000ULL
#define MSI_IGB_VF_BAR3     0xfe100000ULL
#define IGB_PF_BAR3         0xfe840000ULL       /* preset: MSI-X table + PBA */
#define IGB_VF_TABLE(n)     (MSI_IGB_VF_BAR3 + (n) * IGB_VF_BAR_SIZE)
#define IGB_VF_PBA(n)       (IGB_VF_TABLE(n) + 0x2000)
#define IGB_VF_MSIX_ENTRIES 3
#define IGB_PF_MSIX_ENTRIES 10

extern struct pcim_igb msi_igb;

/* cmocka set-up and tear-down of a test: msi_setup() / msi_teardown_all(). */
int msi_test_setup(void **state);
int msi_test_teardown(void **state);
#define MSI_TEST(fn) cmocka_unit_test_setup_teardown(fn, msi_test_setup, msi_test_teardown)

/* Fresh model, domains, MMIO; the registry must be empty.  Baselines. */
void msi_setup(void);
/* Remove every registered device (VFs first); then msi_check_clean(). */
void msi_teardown_all(void);
/* No pirq, no MMIO mapping, all vectors free, heap back at the baseline. */
void msi_check_clean(void);

/* The igb preset with VF BARs placed; PF registered (VFs disabled), then
 * @nr_vfs VFs enabled and registered (owner: d0). */
void msi_igb_up(unsigned int nr_vfs);


/* physdev_map_pirq() of MSI-X entry @entry / of @nvec MSI vectors of
 * @sbdf for @d; *@pirq in: wanted or -1, out: the pirq. */
int map_msix(struct domain *d, pci_sbdf_t sbdf, unsigned int entry, int *pirq);
int map_msi(struct domain *d, pci_sbdf_t sbdf, unsigned int nvec, int *pirq);
int unmap(struct domain *d, int pirq);

/* Raise @pirq's vector on its CPU through do_irq(), as the LAPIC would. */
void fire_pirq(struct domain *d, int pirq);

/* MSI-X table entry @entry at physical @table, device's view. */
struct msix_entry_view {
    u32 addr_lo, addr_hi, data, ctrl;
};
struct msix_entry_view msix_entry(paddr_t table, unsigned int entry);

/* Config reads of the MSI-X control word of @sbdf. */
u16 msix_ctrl_of(pci_sbdf_t sbdf);

/* The page-table model: does @d map physical page @pa; mappings in all. */

/* Free dynamic vectors on every CPU (sum). */
unsigned long free_vectors_all(void);

/* Counters of the host stand-ins. */
extern unsigned long msi_vcpu_wakes;

#endif /* TESTS_UNIT_TEST_MSI_FIXTURE_H */
