/* SPDX-License-Identifier: GPL-2.0 */
/* Stray interrupts: counted and reported (see <asm/stray_irq.h>). */
#include <mhv/lib.h>
#include <mhv/smp.h>
#include <asm/stray_irq.h>

static unsigned long stray_count[256];      /* atomic */

void irq_stray(unsigned int vector, const char *what)
{
    unsigned long n = __atomic_add_fetch(&stray_count[vector & 0xff], 1,
                                         __ATOMIC_RELAXED);

    /* A device (owned by a domain) can raise these at will. */
    gprintk(LOG_WARNING "irq: %s %#x on CPU %u (stray interrupt, %lu on this "
            "vector)\n", what, vector, smp_processor_id(), n);
}

unsigned long irq_stray_count(unsigned int vector)
{
    return __atomic_load_n(&stray_count[vector & 0xff], __ATOMIC_RELAXED);
}
