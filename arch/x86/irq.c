/* SPDX-License-Identifier: GPL-2.0 */
/* Per-CPU vector allocation and interrupt dispatch (<asm/irq.h>). */
#include <asm/irq.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/smp.h>
#include <mhv/errno.h>
#include <mhv/spinlock.h>
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/percpu.h>
#include <asm/traps.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/stray_irq.h>

#define NR_DYNAMIC_VECTORS (LAST_DYNAMIC_VECTOR - FIRST_DYNAMIC_VECTOR + 1)

static struct irq_desc vector_desc[NR_CPUS][256];
/* Guards every slot's state and the allocation cursors (docs/locking.md). */
static DEFINE_SPINLOCK(vector_lock);
/* Per CPU: where the next search starts (next-fit), vector_lock. */
static unsigned int next_vector[NR_CPUS];

/* @n slots from @v on @cpu are FREE.  @pre vector_lock held. */
static bool slots_free(unsigned int cpu, unsigned int v, unsigned int n)
{
    ASSERT(spin_is_locked_by_me(&vector_lock));
    for (unsigned int i = 0; i < n; i++)
        if (vector_desc[cpu][v + i].state != IRQ_VECTOR_FREE)
            return false;
    return true;
}

int alloc_irq_vectors(unsigned int cpu, unsigned int n, irq_handler_t handler,
                      void *const *data, const char *name)
{
    unsigned int nr_blocks, start;
    unsigned long flags;
    int first = -ENOSPC;

    ASSERT(cpu < NR_CPUS && handler && n && n <= 32 && !(n & (n - 1)));
    /* Blocks of @n aligned to @n inside the dynamic range. */
    nr_blocks = (LAST_DYNAMIC_VECTOR + 1 - ROUNDUP(FIRST_DYNAMIC_VECTOR, n)) / n;
    spin_lock_irqsave(&vector_lock, flags);
    start = next_vector[cpu];
    if (start < FIRST_DYNAMIC_VECTOR || start > LAST_DYNAMIC_VECTOR)
        start = FIRST_DYNAMIC_VECTOR;
    start = (ROUNDUP(start, n) - ROUNDUP(FIRST_DYNAMIC_VECTOR, n)) / n;
    for (unsigned int b = 0; b < nr_blocks; b++) {
        unsigned int v = ROUNDUP(FIRST_DYNAMIC_VECTOR, n) +
                         ((start + b) % nr_blocks) * n;

        if (!slots_free(cpu, v, n))
            continue;
        for (unsigned int i = 0; i < n; i++) {
            struct irq_desc *d = &vector_desc[cpu][v + i];

            d->data = data[i];
            d->name = name;
            d->count = 0;
            d->state = IRQ_VECTOR_BOUND;
            __atomic_store_n(&d->handler, handler, __ATOMIC_RELEASE);
        }
        next_vector[cpu] = v + n;
        first = v;
        break;
    }
    spin_unlock_irqrestore(&vector_lock, flags);
    if (first < 0)
        gprintk(LOG_WARNING "irq: no block of %u free vectors on CPU %u for %s\n",
                n, cpu, name);
    return first;
}

int alloc_irq_vector(unsigned int cpu, irq_handler_t handler, void *data,
                     const char *name)
{
    return alloc_irq_vectors(cpu, 1, handler, &data, name);
}

/* Bounded waits of the drain: a handler or a pending vector that never
 * ends is a hardware fault, reported, not waited on forever. */
#define DRAIN_SPINS     (1UL << 28)
#define DRAIN_PROBES    1000

void free_irq_vector(unsigned int cpu, unsigned int vector)
{
    struct irq_desc *d;
    unsigned long flags, spins;
    unsigned int probes;

    BUG_ON(cpu >= NR_CPUS || vector < FIRST_DYNAMIC_VECTOR ||
           vector > LAST_DYNAMIC_VECTOR);
    ASSERT(local_irq_is_enabled());
    d = &vector_desc[cpu][vector];
    spin_lock_irqsave(&vector_lock, flags);
    ASSERT(d->state == IRQ_VECTOR_BOUND);
    d->state = IRQ_VECTOR_DRAINING;
    __atomic_store_n(&d->handler, NULL, __ATOMIC_SEQ_CST);
    spin_unlock_irqrestore(&vector_lock, flags);

    /*
     * A handler that loaded the old value may still be running on @cpu
     * (its in_progress store is ordered before its handler load, ours
     * before this load: one of us sees the other).  Never true on @cpu
     * itself outside interrupt context.
     */
    for (spins = 0; __atomic_load_n(&d->in_progress, __ATOMIC_SEQ_CST); spins++) {
        if (spins == DRAIN_SPINS) {
            gprintk(LOG_ERR "irq: handler of vector %#x on CPU %u does not "
                    "return\n", vector, cpu);
            break;
        }
        cpu_relax();
    }
    /* A message sent before the source was masked is in the LAPIC by now
     * (the caller flushed it); it arrives as a stray.  Wait it out. */
    for (probes = 0; apic_vector_pending_on(cpu, vector); probes++) {
        if (probes == DRAIN_PROBES) {
            gprintk(LOG_ERR "irq: vector %#x stays pending on CPU %u\n",
                    vector, cpu);
            break;
        }
        cpu_relax();
    }

    spin_lock_irqsave(&vector_lock, flags);
    ASSERT(d->state == IRQ_VECTOR_DRAINING);
    d->data = NULL;
    d->name = NULL;
    d->state = IRQ_VECTOR_FREE;
    spin_unlock_irqrestore(&vector_lock, flags);
}

unsigned int irq_free_vectors(unsigned int cpu)
{
    unsigned int n = 0;

    for (unsigned int v = FIRST_DYNAMIC_VECTOR; v <= LAST_DYNAMIC_VECTOR; v++)
        n += READ_ONCE(vector_desc[cpu][v].state) == IRQ_VECTOR_FREE;
    return n;
}

void set_system_vector(unsigned int vector, irq_handler_t handler,
                       const char *name)
{
    unsigned long flags;

    ASSERT(vector < FIRST_DYNAMIC_VECTOR || vector > LAST_DYNAMIC_VECTOR);
    spin_lock_irqsave(&vector_lock, flags);
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
        vector_desc[cpu][vector].name = name;
        vector_desc[cpu][vector].state = IRQ_VECTOR_SYSTEM;
        __atomic_store_n(&vector_desc[cpu][vector].handler, handler,
                         __ATOMIC_RELEASE);
    }
    spin_unlock_irqrestore(&vector_lock, flags);
}

const struct irq_desc *irq_desc_of(unsigned int cpu, unsigned int vector)
{
    return &vector_desc[cpu][vector & 0xff];
}

void do_irq(struct cpu_user_regs *regs)
{
    unsigned int cpu = smp_processor_id(), vector = regs->vector;
    struct irq_desc *d = &vector_desc[cpu][vector];
    irq_handler_t h;

    this_cpu()->irq_count++;
    /* See free_irq_vector(): announce, then look. */
    __atomic_store_n(&d->in_progress, 1, __ATOMIC_SEQ_CST);
    h = __atomic_load_n(&d->handler, __ATOMIC_SEQ_CST);
    if (h) {
        void *data = READ_ONCE(d->data);

        d->count++;
        h(vector, data);
    }
    __atomic_store_n(&d->in_progress, 0, __ATOMIC_RELEASE);
    if (!h) {
        if (vector >= 0x20 && vector < 0x30)    /* legacy PIC: masked */
            printk(LOG_DEBUG "stray legacy interrupt %u on CPU %u\n", vector, cpu);
        else
            irq_stray(vector, "no handler for vector");
    }
    /* The spurious vector must not be acknowledged. */
    if (vector != SPURIOUS_VECTOR && !(vector >= 0x20 && vector < 0x30))
        apic_eoi();
    this_cpu()->irq_count--;
}
