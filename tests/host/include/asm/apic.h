/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host "arch" layer: the real <asm/apic.h> compiles on the host as it is --
 * vector numbers and the LAPIC interface (declarations only;
 * tests/host/apic.c provides what host builds call) -- so host builds use
 * it unchanged.
 */
#ifndef HOST_ASM_APIC_H
#define HOST_ASM_APIC_H

#include "../../../../include/arch/x86/asm/apic.h"

#endif /* HOST_ASM_APIC_H */
