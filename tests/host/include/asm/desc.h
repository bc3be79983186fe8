/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host "arch" layer: the real <asm/desc.h> compiles on the host as it is --
 * FIRST_DYNAMIC_VECTOR, SPURIOUS_VECTOR, trap numbers (declarations only)
 * -- so host builds use it unchanged.
 */
#ifndef HOST_ASM_DESC_H
#define HOST_ASM_DESC_H

#include "../../../../include/arch/x86/asm/desc.h"

#endif /* HOST_ASM_DESC_H */
