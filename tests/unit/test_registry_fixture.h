/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared fixture of the registry tests: domains (d0 the control domain,
 * d1..d3 ordinary), the igb machine with its PF registered before VFs are
 * enabled, helpers to add/remove the igb VFs, and the end-of-test checks
 * (registry consistent and empty, heap back to its starting counts).
 */
#ifndef TESTS_UNIT_TEST_REGISTRY_FIXTURE_H
#define TESTS_UNIT_TEST_REGISTRY_FIXTURE_H

#include <mhv/types.h>
#include <mhv/domain.h>
#include <mhv/passthrough/pcidev.h>
#include <mhv/xmalloc.h>
#include "pcimodel.h"
#include "registry_ops.h"
#include <mhv/sbdf.h>

#define NR_TEST_DOMAINS 4
extern struct domain test_dom[NR_TEST_DOMAINS];    /* d0 = control */
#define D0 (&test_dom[0])
#define D1 (&test_dom[1])
#define D2 (&test_dom[2])
#define D3 (&test_dom[3])

/* igb: PF 01:00.0, VF n at 01:10.0 + 2n (offset 0x80, stride 2). */
#define IGB_PF          PCI_SBDF(0, 1, PCI_DEVFN(0, 0))
#define IGB_VF(n)       PCI_SBDF(0, 1, 0x80 + 2 * (n))
#define IGB_VF_BAR_SIZE 16384

/* Fresh machine and domains; registry must be empty.  Heap baseline. */
void reg_setup(void);
/* The registry is consistent and empty, the heap back to the baseline. */
void reg_check_empty(void);
/* Heap objects/bytes now minus at reg_setup()/reg_mark(). */
void reg_mark(void);
long reg_heap_delta_objects(void);
long reg_heap_delta_bytes(void);

/* pci_add_device() of a VF / of a function without PF/VF information. */

/* The igb preset; register its PF (VFs still disabled), enable @nr VFs
 * and register them (any of them may be 0). */
void igb_up(struct pcim_igb *igb, unsigned int nr_vfs_enabled,
            unsigned int nr_vfs_added);



#endif
