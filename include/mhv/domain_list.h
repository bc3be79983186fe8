/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The list of domains (common/domain_list.c): every domain from its
 * creation until it is destroyed, found by id; and the control domain.
 * PV domains are never destroyed (their struct stays until reboot); a
 * dead HVM domain leaves the list when the control domain destroys it, and
 * its struct is freed after domain_list_remove().  Lock: domlist_lock (IRQ-safe) guards the
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

/*
 * Take @d off the list: domain_by_id() no longer finds it, and when this
 * returns no interrupt handler holds a pointer it found before (a
 * synchronous call to every CPU).  The other users of domain_by_id() are
 * the control domain's hypercalls, and the caller is the control domain.
 * @pre interrupts on; @d is not the control domain.
 */
void domain_list_remove(struct domain *d);

/* The domain with id @id, or NULL. */
struct domain *domain_by_id(domid_t id);

#endif /* MHV_DOMAIN_LIST_H */
