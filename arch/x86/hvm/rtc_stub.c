/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CMOS RTC stub of an HVM domain (see <asm/hvm/rtc_stub.h>).
 */
#include <mhv/types.h>
#include <mhv/errno.h>
#include <mhv/lib.h>
#include <mhv/compiler.h>
#include <asm/hvm/rtc_stub.h>

#define SECS_PER_DAY    86400u

static u8 bcd(unsigned int v)
{
    return (u8)((v / 10) << 4 | v % 10);
}

static bool leap(unsigned int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static unsigned int month_days(unsigned int year, unsigned int month)
{
    static const u8 days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

    return days[month - 1] + (month == 2 && leap(year));
}

int hvm_rtc_stub_init(struct hvm_rtc_stub *rtc, u64 unix_time)
{
    unsigned int days, secs, year = 1970, month = 1;

    if (unix_time < HVM_RTC_STUB_MIN_TIME || unix_time > HVM_RTC_STUB_MAX_TIME)
        return -EINVAL;
    days = (unsigned int)(unix_time / SECS_PER_DAY);
    secs = (unsigned int)(unix_time % SECS_PER_DAY);

    memset(rtc, 0, sizeof(*rtc));
    /* 1970-01-01 was a Thursday; the register counts from Sunday = 1. */
    rtc->regs[RTC_REG_WEEKDAY] = (u8)((days + 4) % 7 + 1);
    while (days >= 365u + leap(year))
        days -= 365u + leap(year++);
    while (days >= month_days(year, month))
        days -= month_days(year, month++);

    rtc->regs[RTC_REG_SECONDS] = bcd(secs % 60);
    rtc->regs[RTC_REG_MINUTES] = bcd(secs / 60 % 60);
    rtc->regs[RTC_REG_HOURS] = bcd(secs / 3600);
    rtc->regs[RTC_REG_DAY] = bcd(days + 1);
    rtc->regs[RTC_REG_MONTH] = bcd(month);
    rtc->regs[RTC_REG_YEAR] = bcd(year % 100);
    rtc->regs[RTC_REG_A] = RTC_A_VALUE;
    rtc->regs[RTC_REG_B] = RTC_B_24H;
    rtc->regs[RTC_REG_D] = RTC_D_VRT;
    return 0;
}

int hvm_rtc_stub_ioport(void *ctx, u16 port, unsigned int size, bool write,
                        u32 *val)
{
    struct hvm_rtc_stub *rtc = ctx;
    u32 out = 0;

    /* Byte by byte: a 2-byte access at the index port reaches both. */
    for (unsigned int i = 0; i < size; i++) {
        u8 b = (u8)(*val >> (8 * i)), r = 0xff;

        if (port + i == HVM_RTC_STUB_PORT) {
            if (write)
                WRITE_ONCE(rtc->index, b & RTC_INDEX_MASK);
        } else {
            u8 index = READ_ONCE(rtc->index);

            r = index < RTC_NR_REGS ? rtc->regs[index] : 0;
        }
        out |= (u32)r << (8 * i);
    }
    if (!write)
        *val = out;
    return 0;
}
