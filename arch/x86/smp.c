/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cross-CPU calls and stopping the other CPUs.
 *
 * smp_call_function_mask() (smp_call_function(): every CPU): the caller
 * publishes (fn, info) under call_lock, marks each other online CPU of the
 * mask as asked (call_asked[cpu]), sends it
 * CALL_FUNCTION_VECTOR and waits until each has run it.  Callers must have
 * interrupts enabled: two CPUs calling at once serialise on call_lock, and
 * the waiter must still take the IPI.
 *
 * The wait is watched.  A CPU that has not run the function after
 * CALL_REPORT_NS is reported by number, with the function (interrupts off
 * that long, or hung), and again each time the wait doubles.  The caller
 * does not give up: it cannot return instead, because the callers are TLB
 * shootdowns and the vector drain, and a CPU that never ran the former may
 * still use a translation of a page that is being freed or given to
 * another domain.  Nor does it panic after a fixed time: the hypervisor's
 * clock is the host's, and under an emulator a busy host can leave a
 * virtual CPU unscheduled for seconds without anything being wrong.  A CPU
 * dead with interrupts off is a hypervisor failure that the report names.
 *
 * The vector can arrive without being asked for (a device MSI naming it, a
 * duplicate): a CPU runs the function and counts itself done only when its
 * own call_asked flag was set, which it clears atomically, so a forged IPI
 * never calls a stale or NULL function, and never lets the caller return
 * before every CPU it asked has run the function (a TLB flush).
 */
#include <mhv/smp.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <asm/irq.h>
#include <mhv/spinlock.h>
#include <mhv/shutdown.h>
#include <mhv/console.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/stray_irq.h>
#include <mhv/time.h>

#define CALL_REPORT_NS  SECONDS(1)

static DEFINE_SPINLOCK(call_lock);
static struct {
    void (*fn)(void *);
    void *info;
    unsigned int pending;           /* CPUs that have not finished */
} call_data;
/* Set by the caller (call_lock held) for each CPU it asks, before the
 * IPI; taken (exchanged for false) by that CPU's handler. */
static bool call_asked[NR_CPUS];
static bool stopping;

static void call_function_interrupt(unsigned int vector, void *data)
{
    void (*fn)(void *);
    void *info;

    if (!__atomic_exchange_n(&call_asked[smp_processor_id()], false,
                             __ATOMIC_ACQUIRE)) {
        irq_stray(vector, "call-function IPI nobody asked for, vector");
        return;
    }
    fn = call_data.fn;
    info = call_data.info;
    fn(info);
    __atomic_sub_fetch(&call_data.pending, 1, __ATOMIC_RELEASE);
}

static void event_check_interrupt(unsigned int vector, void *data)
{
    /* Nothing: the interrupt itself wakes the CPU out of hlt. */
}

/* The CPUs asked that have not answered yet, in a log line. */
static void report_silent(void (*fn)(void *), s_time_t waited)
{
    char cpus[64];
    size_t len = 0;

    cpus[0] = '\0';
    for (unsigned int cpu = 0; cpu < NR_CPUS && len < sizeof(cpus) - 8; cpu++)
        if (__atomic_load_n(&call_asked[cpu], __ATOMIC_ACQUIRE))
            len += snprintf(cpus + len, sizeof(cpus) - len, " %u", cpu);
    printk(LOG_ERR "cross-CPU call %pS from CPU %u: CPU(s)%s have not answered "
           "in %lu ms (interrupts off, or hung); still waiting\n", (void *)fn,
           smp_processor_id(), cpus, (unsigned long)(waited / 1000000));
}

static void wait_for_answers(void (*fn)(void *))
{
    s_time_t start = NOW(), waited, next_report = CALL_REPORT_NS;

    while (__atomic_load_n(&call_data.pending, __ATOMIC_ACQUIRE)) {
        cpu_relax();
        waited = NOW() - start;
        if (waited >= next_report) {
            report_silent(fn, waited);
            next_report *= 2;
        }
    }
}

unsigned int smp_call_function_mask(const cpumask_t *mask,
                                    void (*fn)(void *info), void *info)
{
    unsigned int me, asked = 0;

    ASSERT(local_irq_is_enabled());
    spin_lock(&call_lock);
    me = smp_processor_id();
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
        asked += cpu != me && cpu_online(cpu) && cpumask_test_cpu(cpu, mask);
    if (!asked) {
        spin_unlock(&call_lock);
        return 0;
    }
    call_data.fn = fn;
    call_data.info = info;
    __atomic_store_n(&call_data.pending, asked, __ATOMIC_RELEASE);
    /* One by one: CPUs never started (maxcpus=) must not get it. */
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
        if (cpu != me && cpu_online(cpu) && cpumask_test_cpu(cpu, mask)) {
            __atomic_store_n(&call_asked[cpu], true, __ATOMIC_RELEASE);
            apic_send_ipi(per_cpu_info(cpu)->apic_id, CALL_FUNCTION_VECTOR);
        }
    /* Always wait for the others to have read call_data. */
    wait_for_answers(fn);
    spin_unlock(&call_lock);
    return asked;
}

void smp_call_function(void (*fn)(void *info), void *info, bool wait)
{
    static const cpumask_t all = { .bits = ~0ull };

    smp_call_function_mask(&all, fn, info);
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

/*
 * NMI every other online CPU.  Not a broadcast: CPUs that were never
 * started (maxcpus=) still sit in the firmware, which must not see an NMI.
 */
void smp_send_stop(void)
{
    unsigned int me = smp_processor_id();

    if (num_online_cpus <= 1)
        return;
    __atomic_store_n(&stopping, true, __ATOMIC_RELEASE);
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
        if (cpu != me && cpu_online(cpu))
            apic_send_nmi(per_cpu_info(cpu)->apic_id);
    /* Wait (bounded) until they have stopped, so that none is left halfway
     * through something this CPU is about to need (the console). */
    for (unsigned int spins = 0; spins < 100000000U; spins++) {
        unsigned int running = 0;

        for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
            running += cpu != me && cpu_online(cpu);
        if (!running)
            break;
        cpu_relax();
    }
    /* A stopped CPU may have held the console lock. */
    console_force_unlock();
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
