/* SPDX-License-Identifier: GPL-2.0 */
/* Host "arch" layer: the LAPIC calls interrupt code makes, counted. */
#include <asm/apic.h>
#include "host_hw.h"

static unsigned long eoi_count;

void apic_eoi(void)
{
    __atomic_add_fetch(&eoi_count, 1, __ATOMIC_RELAXED);
}

unsigned long host_apic_eoi_count(void)
{
    return __atomic_load_n(&eoi_count, __ATOMIC_RELAXED);
}
