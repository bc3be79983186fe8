/* SPDX-License-Identifier: GPL-2.0 */
/* Host tests use the real Multiboot2 definitions. */
#include "../../../../include/arch/x86/asm/multiboot2.h"
