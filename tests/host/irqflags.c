/* SPDX-License-Identifier: GPL-2.0 */
/* Host "arch" layer state: each thread's interrupt flag (<asm/irqflags.h>). */
#include <asm/irqflags.h>

__thread bool host_irq_enabled = true;
