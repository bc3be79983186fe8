/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host "arch" layer: the real <asm/regs.h> compiles on the host as it is --
 * struct cpu_user_regs (pure definitions) -- so host builds use it
 * unchanged.
 */
#ifndef HOST_ASM_REGS_H
#define HOST_ASM_REGS_H

#include "../../../../include/arch/x86/asm/regs.h"

#endif /* HOST_ASM_REGS_H */
