/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A model of the domains' page tables for host tests (gpmap_model.c): a
 * consumer of the domains' memory maps (common/gpmap.c, the real file)
 * that records each page as the real CPU side maps it -- which domain,
 * guest address, machine address, flags -- in the order they came, and
 * can make a page mapping fail.  The PV placement of new ranges is the
 * real one (arch/x86/pv/gaddr.c) for every domain.
 */
#ifndef TESTS_UNIT_GPMAP_MODEL_H
#define TESTS_UNIT_GPMAP_MODEL_H

#include <mhv/types.h>
#include <mhv/gpmap.h>

struct domain;

struct gpmap_model_page {
    const struct domain *d;
    u64 gaddr;
    paddr_t pa;
    unsigned int flags;             /* GPMAP_* of its range */
};

/* Nothing mapped, no failure planned, no flush counted. */
void gpmap_model_reset(void);
/* The page mapping after the next @n ones fails (@n < 0: none fails). */
void gpmap_model_fail_after(long n);
/* Pages mapped now, and the @i-th of them (in the order they came). */
unsigned int gpmap_model_nr_pages(void);
const struct gpmap_model_page *gpmap_model_page(unsigned int i);
/* Is machine address @pa mapped into @d? */
bool gpmap_model_maps_pa(const struct domain *d, paddr_t pa);
/* TLB flushes asked for. */
unsigned long gpmap_model_flushes(void);

#endif /* TESTS_UNIT_GPMAP_MODEL_H */
