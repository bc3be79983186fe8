/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The domain builder and the domains' life cycle (domain/domain.c).
 *
 * Modules: every ELF module becomes a domain, in order (the first is the
 * control domain, d0; the next d1, d2, ...); a module that is not an ELF
 * file is the data module of the domain before it.  A domain that shuts
 * down or crashes gives back its devices, interrupts and memory; its struct
 * stays (<mhv/domain_list.h>).
 */
#ifndef MHV_DOMAIN_DOMAIN_H
#define MHV_DOMAIN_DOMAIN_H

#include <mhv/types.h>
#include <mhv/compiler.h>
#include <asm/domain.h>

struct domain;

/* Allocate a domain of @kind with the next id (the first privileged one
 * becomes control_domain): a PV one gets its program from
 * domains_build_from_modules(), an HVM one is built by <mhv/domain/hvm.h>. */
struct domain *domain_alloc(bool privileged, enum guest_kind kind);
/*
 * Free a dead domain's struct: off the domain list, then its last IOMMU
 * counters and the struct.  @pre its state is SHUTDOWN or CRASHED, its
 * memory freed (domain_free_address_space()), its vCPUs freed; called by
 * the control domain, interrupts on.
 */
void domain_destroy_struct(struct domain *d);
/* Boot: build every domain from the Multiboot2 modules. */
void domains_build_from_modules(void);
/* Shut @d down (the control domain powers the machine off with @code). */
void __noreturn domain_shutdown(struct domain *d, unsigned int code);

#endif /* MHV_DOMAIN_DOMAIN_H */
