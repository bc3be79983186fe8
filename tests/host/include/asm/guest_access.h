/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host "arch" layer: the real <asm/guest_access.h> compiles on the host as it
 * is -- the guest copy interface (declarations only; host tests
 * that link callers provide the functions) -- so host builds use it
 * unchanged.
 */
#ifndef HOST_ASM_GUEST_ACCESS_H
#define HOST_ASM_GUEST_ACCESS_H

#include "../../../../include/arch/x86/asm/guest_access.h"

#endif /* HOST_ASM_GUEST_ACCESS_H */
