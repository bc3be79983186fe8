/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host "arch" layer: the real <asm/traps.h> compiles on the host as it is
 * -- do_irq() and friends (declarations only) -- so host builds use it
 * unchanged.
 */
#ifndef HOST_ASM_TRAPS_H
#define HOST_ASM_TRAPS_H

#include "../../../../include/arch/x86/asm/traps.h"

#endif /* HOST_ASM_TRAPS_H */
