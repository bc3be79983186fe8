/* SPDX-License-Identifier: GPL-2.0 */
/* Host "arch" layer: the LAPIC calls interrupt code makes, counted, and a
 * model of the IRR bits free_irq_vector() waits on. */
#include <asm/apic.h>
#include "host_hw.h"

static unsigned long eoi_count;

void apic_eoi(void)
{
    __atomic_add_fetch(&eoi_count, 1, __ATOMIC_RELAXED);
}

unsigned long host_apic_eoi_count(void)
{
    return __atomic_load_n(&eoi_count, __ATOMIC_RELAXED);
}

/* Pending (IRR) vectors per CPU, and how many probes each stays pending. */
static unsigned int pending_probes[64][256];
static unsigned long probe_count;

void host_apic_set_pending(unsigned int cpu, unsigned int vector,
                           unsigned int probes)
{
    __atomic_store_n(&pending_probes[cpu % 64][vector & 0xff], probes,
                     __ATOMIC_SEQ_CST);
}

unsigned long host_apic_pending_probes(void)
{
    return __atomic_load_n(&probe_count, __ATOMIC_RELAXED);
}

static void (*probe_hook)(unsigned int cpu, unsigned int vector);

void host_apic_set_probe_hook(void (*fn)(unsigned int cpu, unsigned int vector))
{
    probe_hook = fn;
}

bool apic_vector_pending_on(unsigned int cpu, unsigned int vector)
{
    unsigned int *left = &pending_probes[cpu % 64][vector & 0xff];
    unsigned int n = __atomic_load_n(left, __ATOMIC_SEQ_CST);

    if (probe_hook)
        probe_hook(cpu, vector);
    __atomic_add_fetch(&probe_count, 1, __ATOMIC_RELAXED);
    if (!n)
        return false;
    __atomic_store_n(left, n - 1, __ATOMIC_SEQ_CST);
    return true;
}
