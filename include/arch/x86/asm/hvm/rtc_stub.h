/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CMOS RTC stub of an HVM domain: ports 0x70 (index) and 0x71 (data),
 * answering so that a kernel reading the wall clock at boot gets a valid
 * time at its first try.
 *
 * The platform has no RTC (the FADT says so: IA-PC boot flag "CMOS RTC not
 * present", so the kernel registers no RTC driver).  But Linux reads the
 * persistent clock early through the CMOS ports regardless
 * (mach_get_cmos_time); with the ports unclaimed, register A reads 0xff,
 * its update-in-progress bit looks set forever, and the kernel polls
 * 0x70/0x71 about 20,000 times each (every access an exit) before it
 * gives up.  With this stub it reads the clock in a dozen accesses.
 *
 * The model, as far as a reader of the clock can tell:
 *   0x70 write   latches the register index (bits 6:0; bit 7, the NMI
 *                mask on a PC, is ignored); 0x70 reads all-ones (the index
 *                register is write-only)
 *   0x71 read    the latched register:
 *                0x00 seconds, 0x02 minutes, 0x04 hours (24-hour),
 *                0x06 day of week (1 = Sunday), 0x07 day of month,
 *                0x08 month, 0x09 year within the century: BCD, from the
 *                time given to hvm_rtc_stub_init()
 *                0x0a register A: 0x26 (32.768 kHz time base, 1024 Hz
 *                     rate, update-in-progress clear)
 *                0x0b register B: 0x02 (24-hour, BCD, no interrupts)
 *                0x0c register C: 0 (no interrupt flags)
 *                0x0d register D: 0x80 (valid RAM and time)
 *                anything else (alarms, CMOS RAM): 0
 *   0x71 write   ignored: the guest cannot set the clock or CMOS RAM.
 *
 * The clock does not tick: every read gives the time of init.  The kernel
 * reads it once at boot and keeps time with its own clocks afterwards;
 * mhv has no wall clock of its own to follow.  Until it has one, a domain
 * gets HVM_RTC_STUB_DEFAULT_TIME.
 *
 * The year register holds two digits, as on the chip; a reader supplies
 * the century (Linux, without an FADT century register: 20xx below 70).
 * The century byte of PC CMOS RAM (0x32) reads 0 like the rest.
 *
 * Register it with hvm_io_register(io, HVM_RTC_STUB_PORT, HVM_RTC_STUB_PORTS,
 * hvm_rtc_stub_ioport, rtc, "rtc-stub").
 *
 * Locking: the registers are fixed at init.  The index is the only state
 * written at run time: one byte, read and written with single accesses, so
 * no lock; two vCPUs that race on the index pair see each other's index,
 * as on hardware (a guest serializes its CMOS accesses itself).
 */
#ifndef ASM_X86_HVM_RTC_STUB_H
#define ASM_X86_HVM_RTC_STUB_H

#include <mhv/types.h>

#define HVM_RTC_STUB_PORT       0x70
#define HVM_RTC_STUB_PORTS      2

/* 2026-01-01 00:00:00 UTC, a Thursday: a domain's clock until mhv has a wall clock. */
#define HVM_RTC_STUB_DEFAULT_TIME   1767225600ull

/* Seconds since 1970 that the stub accepts: years 2000 to 2099. */
#define HVM_RTC_STUB_MIN_TIME       946684800ull    /* 2000-01-01 00:00:00 */
#define HVM_RTC_STUB_MAX_TIME       4102444799ull   /* 2099-12-31 23:59:59 */

/* Register indexes (MC146818 layout). */
#define RTC_REG_SECONDS     0x00
#define RTC_REG_MINUTES     0x02
#define RTC_REG_HOURS       0x04
#define RTC_REG_WEEKDAY     0x06
#define RTC_REG_DAY         0x07
#define RTC_REG_MONTH       0x08
#define RTC_REG_YEAR        0x09
#define RTC_REG_A           0x0a
#define RTC_REG_B           0x0b
#define RTC_REG_C           0x0c
#define RTC_REG_D           0x0d
#define RTC_NR_REGS         0x0e    /* the clock's registers; CMOS RAM above */
#define RTC_INDEX_MASK      0x7f    /* bit 7 of an index write: the NMI mask */

#define RTC_A_VALUE         0x26    /* DV 010: 32.768 kHz, RS 0110; UIP (7) clear */
#define RTC_B_24H           0x02
#define RTC_D_VRT           0x80

struct hvm_rtc_stub {
    u8 index;                   /* the latched register index */
    u8 regs[RTC_NR_REGS];       /* as they read; fixed at init */
};

/*
 * Set the stub's registers to @unix_time (seconds since 1970-01-01
 * 00:00:00 UTC) and its index to 0.  Returns 0, or -EINVAL (the stub left
 * unchanged) when the time is outside HVM_RTC_STUB_MIN_TIME ..
 * HVM_RTC_STUB_MAX_TIME.
 */
int hvm_rtc_stub_init(struct hvm_rtc_stub *rtc, u64 unix_time);

/*
 * The port handler (hvm_io_fn of <asm/hvm/ioport.h>) for HVM_RTC_STUB_PORT
 * and the port after it, @ctx the struct hvm_rtc_stub.  A 2-byte access at
 * 0x70 is an index write (or all-ones read) followed by a data access, as
 * on an 8-bit bus.  Always returns 0.
 */
int hvm_rtc_stub_ioport(void *ctx, u16 port, unsigned int size, bool write,
                        u32 *val);

#endif /* ASM_X86_HVM_RTC_STUB_H */
