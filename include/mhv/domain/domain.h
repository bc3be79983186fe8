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

struct domain;

/* Allocate a domain with the next id (the first privileged one becomes
 * control_domain); its program comes from domains_build_from_modules(). */
struct domain *domain_alloc(bool privileged);
/* Boot: build every domain from the Multiboot2 modules. */
void domains_build_from_modules(void);
/* Shut @d down (the control domain powers the machine off with @code). */
void __noreturn domain_shutdown(struct domain *d, unsigned int code);

#endif /* MHV_DOMAIN_DOMAIN_H */
