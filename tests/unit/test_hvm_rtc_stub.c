/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CMOS RTC stub (arch/x86/hvm/rtc_stub.c) behind the real port
 * dispatch (arch/x86/hvm/ioport.c): the date registers against the host C
 * library's gmtime() over the whole accepted range, the status registers,
 * the index latch (NMI bit ignored), ignored writes, 2-byte accesses, and
 * a kernel-like clock read: how many port accesses (each an exit) it
 * costs with the stub and without.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <time.h>

#include <mhv/types.h>
#include <mhv/errno.h>
#include <asm/hvm/ioport.h>
#include <asm/hvm/rtc_stub.h>
#include "harness.h"

static struct hvm_ioports io;
static struct hvm_rtc_stub rtc;

static int setup(void **state)
{
    hvm_io_init(&io, 3);
    host_log_clear();
    return 0;
}

static u32 in(u16 port, unsigned int size)
{
    u32 v = 0x5a5a5a5a;

    assert_int_equal(hvm_io_access(&io, port, size, false, &v), 0);
    return v;
}

static void out(u16 port, unsigned int size, u32 v)
{
    assert_int_equal(hvm_io_access(&io, port, size, true, &v), 0);
}

static void register_stub(u64 t)
{
    assert_int_equal(hvm_rtc_stub_init(&rtc, t), 0);
    assert_int_equal(hvm_io_register(&io, HVM_RTC_STUB_PORT, HVM_RTC_STUB_PORTS,
                                     hvm_rtc_stub_ioport, &rtc, "rtc-stub"), 0);
}

static u8 cmos(u8 index)
{
    out(0x70, 1, index);
    return (u8)in(0x71, 1);
}

static unsigned int unbcd(u8 v)
{
    assert_true((v & 0xf) < 10 && (v >> 4) < 10);
    return (v >> 4) * 10 + (v & 0xf);
}

/* The registers of @t against what the host's C library makes of it. */
static void check_time(u64 t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    struct hvm_rtc_stub s;

    assert_non_null(gmtime_r(&tt, &tm));
    assert_int_equal(hvm_rtc_stub_init(&s, t), 0);
    assert_int_equal(unbcd(s.regs[RTC_REG_SECONDS]), tm.tm_sec);
    assert_int_equal(unbcd(s.regs[RTC_REG_MINUTES]), tm.tm_min);
    assert_int_equal(unbcd(s.regs[RTC_REG_HOURS]), tm.tm_hour);
    assert_int_equal(s.regs[RTC_REG_WEEKDAY], tm.tm_wday + 1);
    assert_int_equal(unbcd(s.regs[RTC_REG_DAY]), tm.tm_mday);
    assert_int_equal(unbcd(s.regs[RTC_REG_MONTH]), tm.tm_mon + 1);
    assert_int_equal(unbcd(s.regs[RTC_REG_YEAR]), (tm.tm_year + 1900) % 100);
    assert_int_equal(tm.tm_year + 1900 >= 2000 && tm.tm_year + 1900 <= 2099, 1);
}

static void test_dates(void **state)
{
    /* The documented default: 2026-01-01 00:00:00, a Thursday. */
    assert_int_equal(hvm_rtc_stub_init(&rtc, HVM_RTC_STUB_DEFAULT_TIME), 0);
    assert_int_equal(rtc.regs[RTC_REG_YEAR], 0x26);
    assert_int_equal(rtc.regs[RTC_REG_MONTH], 0x01);
    assert_int_equal(rtc.regs[RTC_REG_DAY], 0x01);
    assert_int_equal(rtc.regs[RTC_REG_WEEKDAY], 5);
    assert_int_equal(rtc.regs[RTC_REG_HOURS], 0);
    check_time(HVM_RTC_STUB_DEFAULT_TIME);

    /* The ends of the range, leap days (2000 is one, 2100 is out of range). */
    check_time(HVM_RTC_STUB_MIN_TIME);
    check_time(HVM_RTC_STUB_MAX_TIME);
    check_time(951782400);              /* 2000-02-29 */
    check_time(951868799);              /* 2000-03-01 23:59:59 */
    check_time(1709218799);             /* 2024-02-29 14:59:59 */
    check_time(1735689599);             /* 2024-12-31 23:59:59 */
    check_time(1735689600);             /* 2025-01-01 */
    /* A sweep across the range, with a step that moves every field. */
    for (u64 t = HVM_RTC_STUB_MIN_TIME; t <= HVM_RTC_STUB_MAX_TIME; t += 86400 * 13 + 3607)
        check_time(t);

    /* Out of range: refused, the stub left as it was. */
    memset(&rtc, 0xa5, sizeof(rtc));
    assert_int_equal(hvm_rtc_stub_init(&rtc, HVM_RTC_STUB_MIN_TIME - 1), -EINVAL);
    assert_int_equal(hvm_rtc_stub_init(&rtc, HVM_RTC_STUB_MAX_TIME + 1), -EINVAL);
    assert_int_equal(hvm_rtc_stub_init(&rtc, 0), -EINVAL);
    assert_int_equal(hvm_rtc_stub_init(&rtc, ~0ull), -EINVAL);
    assert_int_equal(rtc.index, 0xa5);
}

static void test_registers(void **state)
{
    register_stub(1709218799);          /* 2024-02-29 14:59:59, a Thursday */

    assert_int_equal(cmos(RTC_REG_SECONDS), 0x59);
    assert_int_equal(cmos(RTC_REG_MINUTES), 0x59);
    assert_int_equal(cmos(RTC_REG_HOURS), 0x14);          /* 24-hour */
    assert_int_equal(cmos(RTC_REG_WEEKDAY), 5);
    assert_int_equal(cmos(RTC_REG_DAY), 0x29);
    assert_int_equal(cmos(RTC_REG_MONTH), 0x02);
    assert_int_equal(cmos(RTC_REG_YEAR), 0x24);
    assert_int_equal(cmos(RTC_REG_A), 0x26);               /* UIP clear */
    assert_int_equal(cmos(RTC_REG_B), 0x02);               /* 24h, BCD */
    assert_int_equal(cmos(RTC_REG_C), 0);
    assert_int_equal(cmos(RTC_REG_D), 0x80);               /* valid */
    /* Alarms, CMOS RAM, the century byte: 0. */
    for (unsigned int i = 0; i < 0x80; i++)
        if (i >= RTC_NR_REGS || i == 1 || i == 3 || i == 5)
            assert_int_equal(cmos((u8)i), 0);

    /* The NMI-mask bit of the index is ignored. */
    assert_int_equal(cmos(0x80 | RTC_REG_A), 0x26);
    assert_int_equal(cmos(0x80 | RTC_REG_YEAR), 0x24);
    /* The index register is write-only: all-ones. */
    out(0x70, 1, RTC_REG_DAY);
    assert_int_equal(in(0x70, 1), 0xff);
    /* Reads do not move the index. */
    assert_int_equal(in(0x71, 1), 0x29);
    assert_int_equal(in(0x71, 1), 0x29);

    /* Writes are ignored: the time, register B, CMOS RAM. */
    out(0x70, 1, RTC_REG_YEAR);
    out(0x71, 1, 0x99);
    assert_int_equal(in(0x71, 1), 0x24);
    out(0x70, 1, RTC_REG_B);
    out(0x71, 1, 0x86);                 /* SET | binary: refused */
    assert_int_equal(cmos(RTC_REG_B), 0x02);
    out(0x70, 1, 0x40);
    out(0x71, 1, 0x12);
    assert_int_equal(cmos(0x40), 0);

    /* A 2-byte access at 0x70: the index byte, then the data byte. */
    out(0x70, 2, 0xab00 | RTC_REG_MONTH);
    assert_int_equal(cmos(RTC_REG_MONTH), 0x02);
    out(0x70, 1, RTC_REG_MINUTES);
    assert_int_equal(in(0x70, 2), 0x59ff);
    /* Wider ones are split by the dispatcher: 0x72, 0x73 are not the stub's. */
    assert_int_equal(in(0x70, 4), 0xffff59ff);
    assert_int_equal(in(0x71, 2), 0xff59);

    /* Everything it answered was counted as the stub's, nothing unclaimed at 0x70/0x71. */
    {
        struct hvm_io_claimed c[2];
        struct hvm_io_unclaimed u[4];
        unsigned int n = hvm_io_unclaimed_stats(&io, u, 4, NULL);

        assert_int_equal(hvm_io_claimed_stats(&io, c, 2), 1);
        assert_string_equal(c[0].name, "rtc-stub");
        assert_int_equal(c[0].first, 0x70);
        assert_int_equal(c[0].count, 2);
        assert_true(c[0].reads > 20 && c[0].writes > 20);
        for (unsigned int i = 0; i < n && i < 4; i++)
            assert_true(u[i].port == 0x72 || u[i].port == 0x73);
    }
}

/*
 * A kernel reading the clock as Linux's CMOS code does: wait (a bounded
 * number of polls) for register A's update-in-progress bit to clear, read
 * the date registers and register B, decode BCD.  Returns the number of
 * port accesses it made, 0 when it gave up.
 */
#define READER_POLLS 10000

static u64 kernel_reads_clock(struct tm *tm)
{
    u64 before = 0, after = 0;
    struct hvm_io_unclaimed u[4];
    struct hvm_io_claimed c[4];
    unsigned int i, n;
    u8 b;

    n = hvm_io_claimed_stats(&io, c, 4);
    for (i = 0; i < n && i < 4; i++)
        before += c[i].reads + c[i].writes;
    n = hvm_io_unclaimed_stats(&io, u, 4, NULL);
    for (i = 0; i < n && i < 4; i++)
        before += u[i].reads + u[i].writes;

    for (i = 0; i < READER_POLLS; i++)
        if (!(cmos(RTC_REG_A) & 0x80))
            break;
    if (i < READER_POLLS) {
        tm->tm_sec = cmos(RTC_REG_SECONDS);
        tm->tm_min = cmos(RTC_REG_MINUTES);
        tm->tm_hour = cmos(RTC_REG_HOURS);
        tm->tm_mday = cmos(RTC_REG_DAY);
        tm->tm_mon = cmos(RTC_REG_MONTH);
        tm->tm_year = cmos(RTC_REG_YEAR);
        b = cmos(RTC_REG_B);
        if (!(b & 0x04)) {              /* BCD */
            tm->tm_sec = unbcd(tm->tm_sec);
            tm->tm_min = unbcd(tm->tm_min);
            tm->tm_hour = unbcd(tm->tm_hour);
            tm->tm_mday = unbcd(tm->tm_mday);
            tm->tm_mon = unbcd(tm->tm_mon);
            tm->tm_year = unbcd(tm->tm_year);
        }
    }

    n = hvm_io_claimed_stats(&io, c, 4);
    for (unsigned int j = 0; j < n && j < 4; j++)
        after += c[j].reads + c[j].writes;
    n = hvm_io_unclaimed_stats(&io, u, 4, NULL);
    for (unsigned int j = 0; j < n && j < 4; j++)
        after += u[j].reads + u[j].writes;
    return i < READER_POLLS ? after - before : 0;
}

static void test_kernel_clock_read(void **state)
{
    struct tm tm = { 0 };
    u64 cost;

    /* Without the stub: register A reads 0xff, the reader polls to its bound. */
    assert_int_equal(kernel_reads_clock(&tm), 0);
    {
        struct hvm_io_unclaimed u[4];

        assert_int_equal(hvm_io_unclaimed_stats(&io, u, 4, NULL), 2);
        assert_int_equal(u[0].writes + u[1].writes, READER_POLLS);
        assert_int_equal(u[0].reads + u[1].reads, READER_POLLS);
    }

    /* With it: the first poll sees the clock valid; 16 accesses in all. */
    register_stub(HVM_RTC_STUB_DEFAULT_TIME);
    cost = kernel_reads_clock(&tm);
    assert_int_equal(cost, 2 * (1 + 6 + 1));
    assert_int_equal(tm.tm_year, 26);
    assert_int_equal(tm.tm_mon, 1);
    assert_int_equal(tm.tm_mday, 1);
    assert_int_equal(tm.tm_hour + tm.tm_min + tm.tm_sec, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_dates, setup),
        cmocka_unit_test_setup(test_registers, setup),
        cmocka_unit_test_setup(test_kernel_clock_read, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
