/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interrupt vectors and their descriptors.
 *
 * Each CPU has its own vector space.  A user (the MSI layer, a timer)
 * allocates a vector on a CPU together with a handler; do_irq() finds the
 * irq_desc by (CPU, vector), calls the handler and acknowledges the LAPIC.
 *
 * Lock: vector_lock (IRQ-safe) guards allocation.  do_irq() takes no lock:
 * a descriptor's data is set before its handler is published, and
 * free_irq_vector() withdraws the handler, then waits until no handler of
 * that vector is still running on its CPU before it clears the data and
 * returns, so the caller may free what the data pointed at.
 */
#ifndef ASM_X86_IRQ_H
#define ASM_X86_IRQ_H

#include <mhv/types.h>
#include <asm/regs.h>

typedef void (*irq_handler_t)(unsigned int vector, void *data);

struct irq_desc {
    irq_handler_t handler;
    void *data;
    const char *name;
    unsigned long count;            /* interrupts delivered */
    unsigned int in_progress;       /* do_irq() is inside this vector */
};

/*
 * Allocate a free dynamic vector on @cpu for @handler.  Returns the vector
 * or -ENOSPC.
 */
int alloc_irq_vector(unsigned int cpu, irq_handler_t handler, void *data,
                     const char *name);
/* @n (a power of two) consecutive vectors, the first aligned to @n (multi-
 * message MSI); vector first + i gets @data[i].  First vector or -ENOSPC. */
int alloc_irq_vector_block(unsigned int cpu, unsigned int n, irq_handler_t handler,
                           void *const *data, const char *name);
/* Withdraw a vector; on return no handler of it runs any more. */
void free_irq_vector(unsigned int cpu, unsigned int vector);
/* Install a handler for a fixed (system) vector on every CPU. */
void set_system_vector(unsigned int vector, irq_handler_t handler,
                       const char *name);
/* Free dynamic vectors on @cpu (for leak checks). */
unsigned int irq_free_vectors(unsigned int cpu);
/* The descriptor of (@cpu, @vector) (read-only use). */
const struct irq_desc *irq_desc_of(unsigned int cpu, unsigned int vector);

#endif /* ASM_X86_IRQ_H */
