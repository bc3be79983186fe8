/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cross-CPU calls and stopping the other CPUs.
 *
 * smp_call_function(): the caller publishes (fn, info) under call_lock,
 * sends CALL_FUNCTION_VECTOR to every other online CPU and waits until each
 * has run it.  Callers must have interrupts enabled: two CPUs calling at
 * once serialise on call_lock, and the waiter must still take the IPI.
 */
#include <mhv/smp.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/irq.h>
#include <mhv/spinlock.h>
#include <mhv/shutdown.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/irqflags.h>
#include <asm/processor.h>

static DEFINE_SPINLOCK(call_lock);
static struct {
    void (*fn)(void *);
    void *info;
    unsigned int pending;           /* CPUs that have not finished */
} call_data;
static bool stopping;

static void call_function_interrupt(unsigned int vector, void *data)
{
    void (*fn)(void *) = call_data.fn;
    void *info = call_data.info;

    fn(info);
    __atomic_sub_fetch(&call_data.pending, 1, __ATOMIC_RELEASE);
}

static void event_check_interrupt(unsigned int vector, void *data)
{
    /* Nothing: the interrupt itself wakes the CPU out of hlt. */
}

void smp_call_function(void (*fn)(void *info), void *info, bool wait)
{
    unsigned int others;

    ASSERT(local_irq_is_enabled());
    spin_lock(&call_lock);
    others = num_online_cpus - 1;
    if (!others) {
        spin_unlock(&call_lock);
        return;
    }
    call_data.fn = fn;
    call_data.info = info;
    __atomic_store_n(&call_data.pending, others, __ATOMIC_RELEASE);
    apic_send_ipi_allbutself(CALL_FUNCTION_VECTOR);
    /* Always wait for the others to have read call_data. */
    while (__atomic_load_n(&call_data.pending, __ATOMIC_ACQUIRE))
        cpu_relax();
    spin_unlock(&call_lock);
    (void)wait;
}

void smp_send_event_check(unsigned int cpu)
{
    apic_send_ipi(per_cpu_info(cpu)->apic_id, EVENT_CHECK_VECTOR);
}

/* Called from the NMI handler: true if this CPU was asked to stop. */
bool smp_nmi_stop_check(void)
{
    if (!__atomic_load_n(&stopping, __ATOMIC_ACQUIRE))
        return false;
    per_cpu_info(smp_processor_id())->online = false;
    for (;;)
        halt();
}

void smp_send_stop(void)
{
    if (num_online_cpus <= 1)
        return;
    __atomic_store_n(&stopping, true, __ATOMIC_RELEASE);
    apic_send_nmi_allbutself();
}

void smp_init_vectors(void)
{
    set_system_vector(CALL_FUNCTION_VECTOR, call_function_interrupt, "call-function");
    set_system_vector(EVENT_CHECK_VECTOR, event_check_interrupt, "event-check");
}

/* The idle loop: sleep until an interrupt, forever. */
void __noreturn cpu_idle(void)
{
    for (;;) {
        local_irq_disable();
        __asm__ volatile("sti; hlt" ::: "memory");
    }
}
