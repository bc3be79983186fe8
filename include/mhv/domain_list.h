/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The list of domains (common/domain_list.c): every domain from its
 * creation until reboot (a `struct domain *` stays valid that long), found
 * by id; and the control domain.  Lock: domlist_lock (IRQ-safe) guards the
 * list; domain ids are given by the domain builder (<mhv/domain/domain.h>).
 */
#ifndef MHV_DOMAIN_LIST_H
#define MHV_DOMAIN_LIST_H

#include <mhv/types.h>
#include <public/mhv.h>

struct domain;

/* The control domain: set once at boot, never destroyed. */
extern struct domain *control_domain;

/* Add @d (set up, with its id); the first privileged one becomes
 * control_domain. */
void domain_list_add(struct domain *d);

/* The domain with id @id, or NULL. */
struct domain *domain_by_id(domid_t id);

#endif /* MHV_DOMAIN_LIST_H */
