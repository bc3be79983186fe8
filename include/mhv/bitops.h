/* SPDX-License-Identifier: GPL-2.0 */
/* Bit counting without libgcc. */
#ifndef MHV_BITOPS_H
#define MHV_BITOPS_H

#include <mhv/types.h>

/* Number of set bits in @w (SWAR; no POPCNT needed). */
static inline unsigned int hweight64(u64 w)
{
    w -= (w >> 1) & 0x5555555555555555ULL;
    w = (w & 0x3333333333333333ULL) + ((w >> 2) & 0x3333333333333333ULL);
    w = (w + (w >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return (unsigned int)((w * 0x0101010101010101ULL) >> 56);
}

#endif /* MHV_BITOPS_H */
