/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Time from the TSC: its frequency from CPUID when given, else measured
 * against PIT channel 2 over 2 ms.  NOW() = TSC ticks since boot scaled to
 * nanoseconds by a 32.32 fixed-point multiplier (no division at run time).
 */
#include <mhv/time.h>
#include <mhv/lib.h>
#include <mhv/lockdep.h>
#include <asm/cpu.h>
#include <asm/io.h>
#include <asm/processor.h>

unsigned long cpu_khz;
static u64 tsc_at_boot;
static u64 ns_per_tick_32;          /* nanoseconds per tick, << 32 */

#define PIT_HZ 1193182UL

static unsigned long pit_calibrate_tsc(void)
{
    const unsigned long latch = PIT_HZ / 500;      /* 2 ms */
    u64 t0, t1;
    unsigned long loops = 0;

    /* Gate channel 2 on, speaker off; mode 0, count down from latch. */
    outb(0x61, (inb(0x61) & ~0x02) | 0x01);
    outb(0x43, 0xb0);
    outb(0x42, latch & 0xff);
    outb(0x42, latch >> 8);
    t0 = rdtsc();
    while (!(inb(0x61) & 0x20) && ++loops < 100000000UL)
        ;
    t1 = rdtsc();
    if (loops >= 100000000UL)
        return 0;
    return (t1 - t0) / 2;           /* ticks per ms = kHz */
}

void time_init(void)
{
    const char *src = "CPUID";

    cpu_khz = boot_cpu.tsc_khz_cpuid;
    if (!cpu_khz) {
        cpu_khz = pit_calibrate_tsc();
        src = "PIT";
    }
    if (!cpu_khz) {
        cpu_khz = 1000000;
        src = "a guess (PIT calibration failed)";
    }
    ns_per_tick_32 = (1000000ULL << 32) / cpu_khz;
    tsc_at_boot = rdtsc();
    printk("time: TSC at %lu.%03lu MHz (from %s)%s\n", cpu_khz / 1000,
           cpu_khz % 1000, src, boot_cpu.invariant_tsc ? ", invariant" : "");
}

s_time_t NOW(void)
{
    u64 ticks = rdtsc() - tsc_at_boot;

    return (s_time_t)(((unsigned __int128)ticks * ns_per_tick_32) >> 32);
}

void udelay(unsigned long us)
{
    u64 end = rdtsc() + (u64)us * cpu_khz / 1000;

    while ((s64)(rdtsc() - end) < 0)
        cpu_relax();
}

void mdelay(unsigned long ms)
{
    while (ms--)
        udelay(1000);
}

#ifdef CONFIG_DEBUG_LOCKS
/* The lock checker measures long spins in real time once time works. */
s_time_t lockdep_clock_ns(void)
{
    return cpu_khz ? NOW() : -1;
}
#endif
