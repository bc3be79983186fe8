/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host "arch" layer: the real <asm/page.h> compiles on the host as it is --
 * the memory layout constants and PAGE_* (pure definitions) -- so host
 * builds use it unchanged.
 */
#ifndef HOST_ASM_PAGE_H
#define HOST_ASM_PAGE_H

#include "../../../../include/arch/x86/asm/page.h"

#endif /* HOST_ASM_PAGE_H */
