/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host "arch" layer: MMIO accessors as plain volatile accesses.  On the
 * host, ioremap() (tests/host/mmio.c) returns ordinary memory standing for
 * the device range, so a write lands where a test can read it back.  Port
 * I/O has no host meaning and is deliberately absent: code using it does
 * not build for the host.
 */
#ifndef HOST_ASM_IO_H
#define HOST_ASM_IO_H

#include <mhv/types.h>

static inline u8  readb(const volatile void *a) { return *(const volatile u8 *)a; }
static inline u16 readw(const volatile void *a) { return *(const volatile u16 *)a; }
static inline u32 readl(const volatile void *a) { return *(const volatile u32 *)a; }
static inline u64 readq(const volatile void *a) { return *(const volatile u64 *)a; }
static inline void writeb(u8 v, volatile void *a)  { *(volatile u8 *)a = v; }
static inline void writew(u16 v, volatile void *a) { *(volatile u16 *)a = v; }
static inline void writel(u32 v, volatile void *a) { *(volatile u32 *)a = v; }
static inline void writeq(u64 v, volatile void *a) { *(volatile u64 *)a = v; }

#endif /* HOST_ASM_IO_H */
