/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host "arch" layer: domains with no memory to free, for the tests that
 * link common/domain.c (what every domain has) without the domain's memory
 * map (common/gpmap.c) or an x86 guest kind.  Weak: a test that links the
 * real code gets the real code.
 */
#include <mhv/gpmap.h>
#include <mhv/compiler.h>
#include <asm/domain.h>

unsigned long __weak gpmap_destroy(struct domain *d)
{
    return 0;
}

unsigned long __weak arch_domain_destroy(struct domain *d)
{
    return 0;
}
