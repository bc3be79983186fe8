/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host "arch" layer: the real <asm/stray_irq.h> (declarations only)
 * compiles on the host as it is.
 */
#ifndef HOST_ASM_STRAY_IRQ_H
#define HOST_ASM_STRAY_IRQ_H

#include "../../../../include/arch/x86/asm/stray_irq.h"

#endif /* HOST_ASM_STRAY_IRQ_H */
