/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the host "arch" layer lets tests see of the hardware it stands in
 * for: the memory behind ioremap() (tests/host/mmio.c) and the LAPIC EOIs
 * (tests/host/apic.c).
 *
 * MMIO.  Physical addresses below HOST_MMIO_LIMIT are backed by one sparse,
 * zero-filled buffer, seen twice:
 *  - the CPU's view: what ioremap() returns.  A page is accessible only
 *    while an ioremap() covering it is live, so an access through a stale
 *    mapping (after iounmap()) faults and the test crashes loudly;
 *  - the device's view: host_mmio_dev_*(), always accessible, for tests to
 *    read what the code wrote (e.g. an MSI-X table entry) and to preset
 *    device memory.
 * ioremap() refuses (NULL, a log line) a zero size, a range beyond
 * HOST_MMIO_LIMIT, and the allocation that host_mmio_fail_after() picks.
 * iounmap() of something that is not a live mapping of that size is a
 * failed assertion (cmocka).
 */
#ifndef TESTS_HOST_HOST_HW_H
#define TESTS_HOST_HOST_HW_H

#include <stdbool.h>
#include <stddef.h>
#include <mhv/types.h>

#define HOST_MMIO_LIMIT (1ULL << 36)        /* 64 GiB of "physical" space */

/* Forget every mapping (they must all be gone) and zero the memory. */
void host_mmio_reset(void);
/* Live ioremap() mappings. */
unsigned int host_mmio_nr_mappings(void);
/* Is there a live mapping of exactly [@pa, @pa + @size)? */
bool host_mmio_is_mapped(paddr_t pa, size_t size);
/* Make the ioremap() after the next @n ones fail (n < 0: never). */
void host_mmio_fail_after(long n);

/* The device's view of physical memory. */
u32 host_mmio_dev_read32(paddr_t pa);
void host_mmio_dev_write32(paddr_t pa, u32 v);

/* The last CPU access to device-physical @pa: false if none was noted
 * (or it was overwritten by another address sharing its slot). */
bool host_mmio_last_access(paddr_t pa, bool *write, u64 *value);

/* LAPIC end-of-interrupt writes so far (all CPUs). */
unsigned long host_apic_eoi_count(void);
/* Make @vector pending in @cpu's IRR for the next @probes probes of
 * apic_vector_pending_on() (0: not pending); probes made so far. */
void host_apic_set_pending(unsigned int cpu, unsigned int vector,
                           unsigned int probes);
unsigned long host_apic_pending_probes(void);
/* Called at every such probe, i.e. while free_irq_vector() drains
 * (NULL: none): tests check what must be true by then. */
void host_apic_set_probe_hook(void (*fn)(unsigned int cpu, unsigned int vector));

/*
 * The scheduler, timers and softirqs around a unit (tests/host/sched.c):
 * the running vCPU of this thread (NULL: none), the wake-ups of waiting
 * vCPUs so far; host_timers_run() fires every armed timer (returns how
 * many), host_softirqs_run() runs what they raised on this CPU.
 */
struct vcpu;
extern __thread struct vcpu *host_current_vcpu;
extern unsigned long host_waiter_wakes;
unsigned int host_timers_run(void);
unsigned int host_timers_armed(void);
void host_softirqs_run(void);

#endif /* TESTS_HOST_HOST_HW_H */
