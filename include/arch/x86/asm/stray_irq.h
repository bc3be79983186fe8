/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stray interrupts: an interrupt nothing handles -- a vector with no
 * handler, an external interrupt on an exception vector (0x10-0x1f: a
 * device's MSI may name any vector), a forged IPI.  Each is counted per
 * vector and logged rate-limited; none is ever fatal.
 */
#ifndef ASM_X86_STRAY_IRQ_H
#define ASM_X86_STRAY_IRQ_H

#include <mhv/types.h>

/*
 * Count and report a stray interrupt on @vector (the caller EOIs it);
 * @what says what was wrong, e.g. "no handler for vector".
 */
void irq_stray(unsigned int vector, const char *what);
/* Stray interrupts seen on @vector since boot (all CPUs). */
unsigned long irq_stray_count(unsigned int vector);

/*
 * Whether this CPU's LAPIC has @vector in service: an exception vector
 * (16..31) that is in service was an external interrupt, not an exception.
 * False before the LAPIC is set up.
 */
bool irq_vector_in_service(unsigned int vector);

#endif /* ASM_X86_STRAY_IRQ_H */
