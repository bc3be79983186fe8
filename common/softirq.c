/* SPDX-License-Identifier: GPL-2.0 */
/* Deferred work per CPU (<mhv/softirq.h>). */
#include <mhv/softirq.h>
#include <mhv/smp.h>
#include <mhv/bug.h>
#include <mhv/lockdep.h>
#include <asm/irqflags.h>

/* The handlers of every unit linked in (DEFINE_SOFTIRQ()); weak, so that
 * an image or host test with none links too. */
extern const struct softirq_handler __start_softirq_handlers[] __weak;
extern const struct softirq_handler __stop_softirq_handlers[] __weak;
/* Bit n: softirq n raised on that CPU.  Set from any context on the CPU
 * itself, taken with an atomic exchange by its do_softirq(). */
static unsigned long pending[NR_CPUS];
/* Set while that CPU runs handlers (only that CPU touches its entry). */
static bool running[NR_CPUS];

void raise_softirq(enum softirq_nr nr)
{
    ASSERT(nr < NR_SOFTIRQS);
    __atomic_or_fetch(&pending[smp_processor_id()], 1UL << nr, __ATOMIC_RELEASE);
}

bool softirq_pending(void)
{
    return __atomic_load_n(&pending[smp_processor_id()], __ATOMIC_ACQUIRE) != 0;
}

void do_softirq(void)
{
    unsigned int cpu = smp_processor_id();
    unsigned long todo;

    ASSERT(!local_irq_is_enabled());
    ASSERT(lockdep_held_count() <= 0);
    while ((todo = __atomic_exchange_n(&pending[cpu], 0, __ATOMIC_ACQUIRE))) {
        running[cpu] = true;
        local_irq_enable();
        for (const struct softirq_handler *h = __start_softirq_handlers;
             h < __stop_softirq_handlers; h++)
            if (todo & (1UL << h->nr))
                h->fn();
        local_irq_disable();
        running[cpu] = false;
    }
}

bool in_softirq(void)
{
    return running[smp_processor_id()];
}
