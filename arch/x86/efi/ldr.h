/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Basics shared by mhv.efi's loader-independent parts (config.c, image.c,
 * mbi.c): fixed-width types and the few memory routines they use.  These
 * parts use no EFI type or service, so the host unit tests compile them
 * unchanged; the EFI build gets memcpy/memset from GNU-EFI's libefi.
 */
#ifndef MHV_EFI_LDR_H
#define MHV_EFI_LDR_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#if __STDC_HOSTED__
#include <string.h>
#else
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
#endif

#define LDR_PAGE_SIZE       4096u
#define LDR_ROUNDUP(x, a)   (((x) + (a) - 1) / (a) * (a))
#define LDR_ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))

#endif /* MHV_EFI_LDR_H */
