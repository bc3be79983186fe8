/* SPDX-License-Identifier: GPL-2.0 */
/* Per-CPU vector allocation and interrupt dispatch (see <mhv/irq.h>). */
#include <mhv/irq.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/smp.h>
#include <mhv/errno.h>
#include <mhv/spinlock.h>
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/percpu.h>
#include <asm/traps.h>
#include <asm/processor.h>
#include <asm/stray_irq.h>

static struct irq_desc vector_desc[NR_CPUS][256];
static DEFINE_SPINLOCK(vector_lock);

int alloc_irq_vector(unsigned int cpu, irq_handler_t handler, void *data,
                     const char *name)
{
    unsigned long flags;
    int vec = -ENOSPC;

    ASSERT(cpu < NR_CPUS && handler);
    spin_lock_irqsave(&vector_lock, flags);
    for (unsigned int v = FIRST_DYNAMIC_VECTOR; v <= LAST_DYNAMIC_VECTOR; v++) {
        struct irq_desc *d = &vector_desc[cpu][v];

        if (d->handler)
            continue;
        d->data = data;
        d->name = name;
        d->count = 0;
        __atomic_store_n(&d->handler, handler, __ATOMIC_RELEASE);
        vec = v;
        break;
    }
    spin_unlock_irqrestore(&vector_lock, flags);
    if (vec < 0)
        printk(LOG_WARNING "irq: no free vector on CPU %u for %s\n", cpu, name);
    return vec;
}

int alloc_irq_vector_block(unsigned int cpu, unsigned int n, irq_handler_t handler,
                           void *const *data, const char *name)
{
    unsigned long flags;
    int first = -ENOSPC;

    ASSERT(cpu < NR_CPUS && handler && n && !(n & (n - 1)));
    spin_lock_irqsave(&vector_lock, flags);
    for (unsigned int v = ROUNDUP(FIRST_DYNAMIC_VECTOR, n);
         v + n - 1 <= LAST_DYNAMIC_VECTOR; v += n) {
        unsigned int i;

        for (i = 0; i < n && !vector_desc[cpu][v + i].handler; i++)
            ;
        if (i < n)
            continue;
        for (i = 0; i < n; i++) {
            struct irq_desc *d = &vector_desc[cpu][v + i];

            d->data = data[i];
            d->name = name;
            d->count = 0;
            __atomic_store_n(&d->handler, handler, __ATOMIC_RELEASE);
        }
        first = v;
        break;
    }
    spin_unlock_irqrestore(&vector_lock, flags);
    if (first < 0)
        printk(LOG_WARNING "irq: no block of %u free vectors on CPU %u for %s\n",
               n, cpu, name);
    return first;
}

void free_irq_vector(unsigned int cpu, unsigned int vector)
{
    struct irq_desc *d;
    unsigned long flags;

    BUG_ON(vector < FIRST_DYNAMIC_VECTOR || vector > LAST_DYNAMIC_VECTOR);
    d = &vector_desc[cpu][vector];
    spin_lock_irqsave(&vector_lock, flags);
    ASSERT(d->handler);
    __atomic_store_n(&d->handler, NULL, __ATOMIC_SEQ_CST);
    spin_unlock_irqrestore(&vector_lock, flags);

    /*
     * A handler that loaded the old value may still be running on @cpu
     * (its in_progress store is ordered before its handler load, ours
     * before this load: one of us sees the other).  Wait for it, so the
     * caller may free the handler's data.  Never true on @cpu itself
     * outside interrupt context.
     */
    while (__atomic_load_n(&d->in_progress, __ATOMIC_SEQ_CST))
        cpu_relax();
    d->data = NULL;
}

unsigned int irq_free_vectors(unsigned int cpu)
{
    unsigned int n = 0;

    for (unsigned int v = FIRST_DYNAMIC_VECTOR; v <= LAST_DYNAMIC_VECTOR; v++)
        n += !vector_desc[cpu][v].handler;
    return n;
}

void set_system_vector(unsigned int vector, irq_handler_t handler,
                       const char *name)
{
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
        vector_desc[cpu][vector].name = name;
        vector_desc[cpu][vector].handler = handler;
    }
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
