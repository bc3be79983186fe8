/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A model of one VT-d unit for host tests, standing in for
 * drivers/passthrough/vtd/hw.c: the register file with QEMU's rules and
 * table memory from the host heap.
 *
 *  - Access widths as QEMU's intel-iommu checks them: a 32-bit access to a
 *    64-bit register or the other way round is counted in bad_access
 *    (QEMU would abort); so is register invalidation while QI is on.
 *  - GCMD is compared with GSTS: each write sets the enables (TE, QIE,
 *    IRE, CFI) to what it says; a write that drops an enable which was on
 *    (other than the all-zero switch-off) counts in enables_dropped.
 *  - The invalidation queue is processed on every IQT write: context-cache,
 *    IOTLB and IEC descriptors are logged in events[] and act on the
 *    model's caches; wait descriptors write their status.
 *  - Translation (vtd_model_translate()) walks root, context and
 *    second-level tables like the unit and CACHES like it: context entries
 *    per source id and IOTLB entries per (domain id, page), until an
 *    invalidation drops them.  So a test sees stale translations exactly
 *    when the code forgot to invalidate.
 *  - Faults are injected into the fault recording registers.
 *  - The queue can be made to misbehave the ways a wait can go wrong:
 *    tail writes not taken (IQT keeps its value), wait descriptors fetched
 *    without their status write, a unit that stops fetching.
 *  - Time is the model's: every vtd_now_ns() advances it by
 *    VTD_MODEL_TICK_NS, so bounded polls end after a fixed number of
 *    looks, however loaded the host.  A poll still going after
 *    VTD_MODEL_CLOCK_LIMIT_NS of model time fails the test: the code
 *    would spin for ever there.
 * Table pages are host pages whose host address is their "physical"
 * address.
 */
#ifndef TESTS_UNIT_VTD_MODEL_H
#define TESTS_UNIT_VTD_MODEL_H

#include <mhv/types.h>

#define VTD_MODEL_CAP   0x00d2008c222f0606ull   /* QEMU 10 defaults */
#define VTD_MODEL_ECAP  0x0000000000f00f5aull   /* with eim=on */

struct vtd_event {
    unsigned int type;          /* QI_CC, QI_IOTLB, QI_IEC, QI_WAIT */
    unsigned int gran;          /* granularity field */
    u16 did, sid;
    u64 addr;                   /* IOTLB page address; a wait's status address */
    unsigned int index;         /* IEC index (index-selective) */
    bool global_iec;
};

#define VTD_MODEL_MAX_EVENTS 256

#define VTD_MODEL_TICK_NS 1000ull       /* per vtd_now_ns() */
#define VTD_MODEL_CLOCK_LIMIT_NS (40 * 1000ull * 1000 * 1000)

struct vtd_model {
    u8 regs[0x1000];
    u64 now_ns;                 /* the model's clock */
    unsigned int drop_iqt_writes;       /* the next N IQT writes not taken */
    unsigned int drop_status_writes;    /* the next N status writes missed */
    unsigned int skip_invalidations;    /* the next N CC/IOTLB descriptors
                                           fetched without effect */
    bool stopped;               /* fetches nothing any more */
    /* Fetches nothing, but IQH reads alternate between the head and the
     * slot after it: a queue that looks busy and never gets anywhere. */
    bool iqh_wanders;
    unsigned int iqh_reads;
    unsigned int status_writes; /* wait status writes done */
    unsigned int bad_access;
    unsigned int enables_dropped;
    unsigned int nr_events;
    struct vtd_event events[VTD_MODEL_MAX_EVENTS];
    u64 root;                   /* latched by SRTP */
    u64 irta;                   /* latched by SIRTP */
};
extern struct vtd_model vtd_model;

/* Reset registers (CAP, ECAP as given), caches and the event log. */
void vtd_model_reset(u64 cap, u64 ecap);
void vtd_model_clear_events(void);
/* Events of @type in the log. */
unsigned int vtd_model_count(unsigned int type);

/*
 * DMA by requester id @sid at @iova (@write or read): 0 and *@pa, or the
 * fault reason (2 context not present, 5 write denied, 6 read denied, ...).
 */
unsigned int vtd_model_translate(u16 sid, u64 iova, bool write, paddr_t *pa);
/* Forget every cached translation (as after a global invalidation). */
void vtd_model_flush_caches(void);

/* Record a fault in fault recording register @i. */
void vtd_model_inject_fault(unsigned int i, u16 sid, u64 addr,
                            unsigned int reason, bool read);
/* Table pages the code holds. */
long vtd_model_pages(void);

#endif
