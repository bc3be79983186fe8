/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Event delivery to domains: a pending bit per pirq in the domain's shared
 * info page, and a wake-up of its vCPU.  Safe from interrupt context and
 * from any CPU.
 */
#ifndef MHV_EVENT_H
#define MHV_EVENT_H

#include <mhv/types.h>

struct domain;

/* Mark @pirq pending for @d and wake its vCPU. */
void send_guest_pirq(struct domain *d, unsigned int pirq);
/* Is any event pending for @d? */
bool domain_events_pending(const struct domain *d);

#endif /* MHV_EVENT_H */
