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

/* Every access is noted (tests/host/mmio.c), so tests can check orders
 * such as "masked, then read back". */
void host_mmio_note(bool write, const volatile void *a, u64 v);

static inline u8  readb(const volatile void *a) { u8 v = *(const volatile u8 *)a; host_mmio_note(false, a, v); return v; }
static inline u16 readw(const volatile void *a) { u16 v = *(const volatile u16 *)a; host_mmio_note(false, a, v); return v; }
static inline u32 readl(const volatile void *a) { u32 v = *(const volatile u32 *)a; host_mmio_note(false, a, v); return v; }
static inline u64 readq(const volatile void *a) { u64 v = *(const volatile u64 *)a; host_mmio_note(false, a, v); return v; }
static inline void writeb(u8 v, volatile void *a)  { *(volatile u8 *)a = v; host_mmio_note(true, a, v); }
static inline void writew(u16 v, volatile void *a) { *(volatile u16 *)a = v; host_mmio_note(true, a, v); }
static inline void writel(u32 v, volatile void *a) { *(volatile u32 *)a = v; host_mmio_note(true, a, v); }
static inline void writeq(u64 v, volatile void *a) { *(volatile u64 *)a = v; host_mmio_note(true, a, v); }

#endif /* HOST_ASM_IO_H */
