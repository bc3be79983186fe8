/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU one-shot timers on the LAPIC timer.
 *
 * Each CPU keeps its pending timers in a list sorted by expiry and programs
 * the LAPIC for the earliest.  A timer is only ever touched by its own CPU
 * with interrupts disabled, so the lists need no lock.
 */
#include <mhv/time.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/smp.h>
#include <asm/irq.h>
#include <asm/apic.h>
#include <asm/irqflags.h>

static struct timer *pending[NR_CPUS];

static void reprogram(unsigned int cpu)
{
    s_time_t now, delta;

    if (!pending[cpu]) {
        apic_timer_oneshot(0);
        return;
    }
    now = NOW();
    delta = pending[cpu]->expires - now;
    apic_timer_oneshot(delta > 1000 ? (u64)delta : 1000);
}

void init_timer(struct timer *t, void (*fn)(void *), void *data)
{
    *t = (struct timer){ .fn = fn, .data = data };
}

static void dequeue(struct timer *t)
{
    struct timer **pp;

    for (pp = &pending[t->cpu]; *pp; pp = &(*pp)->next)
        if (*pp == t) {
            *pp = t->next;
            break;
        }
    t->active = false;
}

void set_timer(struct timer *t, s_time_t expires)
{
    unsigned int cpu = smp_processor_id();
    unsigned long flags;
    struct timer **pp;

    local_irq_save(flags);
    ASSERT(!t->active || t->cpu == cpu);
    if (t->active)
        dequeue(t);
    t->expires = expires;
    t->cpu = cpu;
    for (pp = &pending[cpu]; *pp && (*pp)->expires <= expires; pp = &(*pp)->next)
        ;
    t->next = *pp;
    *pp = t;
    t->active = true;
    reprogram(cpu);
    local_irq_restore(flags);
}

void stop_timer(struct timer *t)
{
    unsigned long flags;

    local_irq_save(flags);
    if (t->active) {
        ASSERT(t->cpu == smp_processor_id());
        dequeue(t);
        reprogram(t->cpu);
    }
    local_irq_restore(flags);
}

static void timer_interrupt(unsigned int vector, void *data)
{
    unsigned int cpu = smp_processor_id();
    s_time_t now = NOW();

    while (pending[cpu] && pending[cpu]->expires <= now + 1000) {
        struct timer *t = pending[cpu];

        pending[cpu] = t->next;
        t->active = false;
        t->fn(t->data);
    }
    reprogram(cpu);
}

void timers_init(void)
{
    set_system_vector(TIMER_VECTOR, timer_interrupt, "timer");
}
