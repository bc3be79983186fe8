/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Physical address ranges the hypervisor keeps for itself (common/iomem.c):
 * the ECAM windows, the LAPIC, IOAPICs, HPET, IOMMU units.  No domain gets
 * a mapping that touches one (drivers/passthrough/bar_map.c), whatever a
 * BAR register says.
 *
 * The units that own such a range reserve it when they set it up (boot,
 * one CPU); the table is read without a lock afterwards: an entry is
 * complete before the count that covers it is published.
 */
#ifndef MHV_IOMEM_H
#define MHV_IOMEM_H

#include <mhv/types.h>

#define IOMEM_MAX_RESERVED 64

/* Keep [@start, @start + @size) for the hypervisor, as @what (a string
 * that lives forever).  0, or -ENOSPC when the table is full (logged). */
int iomem_reserve(paddr_t start, u64 size, const char *what);

/* What of the reserved ranges [@start, @start + @size) touches (its name),
 * or NULL. */
const char *iomem_reserved(paddr_t start, u64 size);

#endif /* MHV_IOMEM_H */
