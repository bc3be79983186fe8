/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interrupt vectors and their descriptors (arch/x86/irq.c).
 *
 * Each CPU has its own vector space.  A user (the MSI layer, a timer)
 * allocates a vector on a CPU together with a handler; do_irq() finds the
 * irq_desc by (CPU, vector), calls the handler and acknowledges the LAPIC.
 *
 * A dynamic vector slot has an explicit state, changed only under
 * vector_lock (docs/locking.md):
 *
 *     FREE --alloc_irq_vectors()--> BOUND --free_irq_vector()--> DRAINING
 *      ^                                                             |
 *      +--------- no handler of it runs, no message to it pending ---+
 *
 * Allocation takes only FREE slots, so a slot being drained cannot be
 * handed out while its old handler may still run or its old data be
 * cleared.  DRAINING ends when no do_irq() of the vector is still inside
 * the handler on its CPU and the vector is not pending in that CPU's LAPIC
 * (IRR): the caller masked the source and flushed its posted writes first
 * (<asm/msi.h>), so no message for the old user can arrive any more.
 * Allocation is next-fit per CPU, so a freed vector is the last to be
 * reused.  System vectors (fixed, every CPU) are SYSTEM and never change.
 *
 * do_irq() takes no lock: a slot's data is set before its handler is
 * published (release store), and withdrawn only after the drain.
 */
#ifndef ASM_X86_IRQ_H
#define ASM_X86_IRQ_H

#include <mhv/types.h>
#include <asm/regs.h>

typedef void (*irq_handler_t)(unsigned int vector, void *data);

enum irq_vector_state {
    IRQ_VECTOR_FREE,
    IRQ_VECTOR_BOUND,
    IRQ_VECTOR_DRAINING,
    IRQ_VECTOR_SYSTEM,
};

struct irq_desc {
    enum irq_vector_state state;    /* vector_lock */
    irq_handler_t handler;          /* NULL unless BOUND or SYSTEM */
    void *data;
    const char *name;
    unsigned long count;            /* interrupts delivered */
    unsigned int in_progress;       /* do_irq() is inside this vector */
};

/*
 * Allocate @n (a power of two, at most 32) consecutive FREE dynamic
 * vectors on @cpu, the first aligned to @n (multi-message MSI), for
 * @handler; vector first + i gets @data[i].  Returns the first vector, or
 * -ENOSPC (logged).
 */
int alloc_irq_vectors(unsigned int cpu, unsigned int n, irq_handler_t handler,
                      void *const *data, const char *name);

/* One vector: alloc_irq_vectors(cpu, 1, ...). */
int alloc_irq_vector(unsigned int cpu, irq_handler_t handler, void *data,
                     const char *name);

/*
 * Withdraw a BOUND vector and drain it (see above); on return no handler
 * of it runs any more and the slot is FREE again.  The caller has masked
 * the source and flushed it.
 * @pre interrupts enabled (the drain may ask @cpu whether the vector is
 *      pending); not called from interrupt context.
 */
void free_irq_vector(unsigned int cpu, unsigned int vector);

/* Install a handler for a fixed (system) vector on every CPU. */
void set_system_vector(unsigned int vector, irq_handler_t handler,
                       const char *name);

/* FREE dynamic vectors on @cpu (for leak checks). */
unsigned int irq_free_vectors(unsigned int cpu);
/* The descriptor of (@cpu, @vector) (read-only use). */
const struct irq_desc *irq_desc_of(unsigned int cpu, unsigned int vector);

#endif /* ASM_X86_IRQ_H */
