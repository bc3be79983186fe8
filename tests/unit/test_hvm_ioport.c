/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HVM port dispatch (arch/x86/hvm/ioport.c): ranges and their overlaps,
 * accesses split across handlers, unclaimed ports (all-ones, dropped
 * writes, bounded per-port counters, one log line per port), a refusing
 * handler, a handler whose write makes the vCPU wait, the handlers'
 * access counts, and the PIT calibration stub.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <mhv/types.h>
#include <mhv/errno.h>
#include <asm/hvm/ioport.h>
#include "harness.h"

static struct hvm_ioports io;
static u8 regs[16];             /* a device at 0x100-0x10f: byte registers */
static unsigned int calls, last_size;

static int dev_io(void *ctx, u16 port, unsigned int size, bool write, u32 *val)
{
    u8 *r = ctx;

    calls++;
    last_size = size;
    for (unsigned int i = 0; i < size; i++) {
        if (write)
            r[port - 0x100 + i] = (u8)(*val >> (8 * i));
        else
            *val = (i ? *val : 0) | (u32)r[port - 0x100 + i] << (8 * i);
    }
    return 0;
}

static int refuse_io(void *ctx, u16 port, unsigned int size, bool write, u32 *val)
{
    return -EINVAL;
}

/* A wide register at 0x700: only dword accesses at its first port are its. */
static int dword_io(void *ctx, u16 port, unsigned int size, bool write, u32 *val)
{
    if (port != 0x700 || size != 4)
        return -ENOENT;
    if (!write)
        *val = 0x12345678;
    return 0;
}

/* A device whose writes of 0xff ask the vCPU to wait (a reset); a read
 * that says so is a bug the dispatcher must not pass on. */
static unsigned int waits;
static int waiting_io(void *ctx, u16 port, unsigned int size, bool write, u32 *val)
{
    if (!write) {
        *val = 0x11;
        return port == 0x603 ? -ERESTART : 0;
    }
    if ((*val & 0xff) == 0xff) {
        waits++;
        return -ERESTART;
    }
    return 0;
}

static int setup(void **state)
{
    hvm_io_init(&io, 7);
    memset(regs, 0, sizeof(regs));
    calls = 0;
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

static void test_register(void **state)
{
    assert_int_equal(hvm_io_register(&io, 0x100, 16, dev_io, regs, "dev"), 0);
    assert_int_equal(hvm_io_register(&io, 0x10f, 1, dev_io, regs, "x"), -EEXIST);
    assert_int_equal(hvm_io_register(&io, 0xf0, 0x11, dev_io, regs, "x"), -EEXIST);
    assert_int_equal(hvm_io_register(&io, 0xf0, 0x10, dev_io, regs, "below"), 0);
    assert_int_equal(hvm_io_register(&io, 0x300, 0, dev_io, regs, "x"), -EINVAL);
    assert_int_equal(hvm_io_register(&io, 0xfff0, 0x11, dev_io, regs, "x"), -EINVAL);
    assert_int_equal(hvm_io_register(&io, 0xfff0, 0x10, dev_io, regs, "top"), 0);
    for (unsigned int i = 3; i < HVM_IO_MAX_RANGES; i++)
        assert_int_equal(hvm_io_register(&io, 0x1000 + i * 4, 2, dev_io, regs, "n"), 0);
    assert_int_equal(hvm_io_register(&io, 0x2000, 1, dev_io, regs, "full"), -ENOSPC);
    /* Sorted by port. */
    for (unsigned int i = 1; i < io.nr_ranges; i++)
        assert_true(io.ranges[i - 1].first < io.ranges[i].first);
}

static void test_dispatch_and_split(void **state)
{
    u32 v = 0;

    assert_int_equal(hvm_io_register(&io, 0x100, 16, dev_io, regs, "dev"), 0);
    out(0x104, 4, 0x44332211);
    assert_int_equal(calls, 1);
    assert_int_equal(last_size, 4);
    assert_int_equal(in(0x104, 2), 0x2211);
    assert_int_equal(in(0x107, 1), 0x44);
    /* Straddling the end of the range: split, the hole part reads 0xff. */
    calls = 0;
    assert_int_equal(in(0x10e, 4), 0xffff0000);
    assert_int_equal(calls, 2);
    assert_int_equal(last_size, 1);
    /* And a write there reaches only the claimed bytes. */
    out(0x10f, 2, 0xabcd);
    assert_int_equal(regs[15], 0xcd);
    /* Bad sizes do nothing. */
    assert_int_equal(hvm_io_access(&io, 0x100, 3, false, &v), -EINVAL);
    assert_int_equal(hvm_io_access(&io, 0x100, 8, true, &v), -EINVAL);
    /* The handler's answers were counted: whole accesses once, split ones per byte. */
    {
        struct hvm_io_claimed c[2];

        assert_int_equal(hvm_io_claimed_stats(&io, c, 2), 1);
        assert_int_equal(c[0].first, 0x100);
        assert_int_equal(c[0].count, 16);
        assert_string_equal(c[0].name, "dev");
        assert_int_equal(c[0].reads, 4);        /* 0x104/2, 0x107/1, 0x10e-f */
        assert_int_equal(c[0].writes, 2);       /* 0x104/4, 0x10f */
    }
}

static void test_unclaimed(void **state)
{
    struct hvm_io_unclaimed st[4];
    u64 overflow = 1;

    assert_int_equal(in(0x80, 1), 0xff);
    assert_int_equal(in(0x80, 2), 0xffff);
    assert_int_equal(in(0x80, 4), 0xffffffff);
    out(0x80, 1, 0x12);
    /* One console line, with printk's prefix once. */
    assert_true(host_log_contains("(MHV) d7: read of unclaimed port 0x80 "
                                  "(reads all-ones, writes dropped)\n"));
    assert_false(host_log_contains("(MHV) (MHV)"));
    host_log_clear();
    out(0x80, 1, 0x13);
    assert_false(host_log_contains("0x80"));    /* logged once per port */
    assert_int_equal(hvm_io_unclaimed_stats(&io, st, 4, &overflow), 1);
    assert_int_equal(st[0].port, 0x80);
    assert_int_equal(st[0].reads, 3);
    assert_int_equal(st[0].writes, 2);
    assert_int_equal(overflow, 0);
    /* A scan of every port: bounded slots, the rest counted together. */
    for (u32 p = 0; p <= 0xffff; p++)
        in((u16)p, 1);
    assert_int_equal(hvm_io_unclaimed_stats(&io, st, 4, &overflow),
                     HVM_IO_UNCLAIMED_SLOTS);
    assert_int_equal(overflow, 0x10000 - HVM_IO_UNCLAIMED_SLOTS);
    /* A 4-byte access at 0xfffe wraps to port 0 byte by byte. */
    assert_int_equal(in(0xfffe, 4), 0xffffffff);
}

static void test_refusing_handler(void **state)
{
    assert_int_equal(hvm_io_register(&io, 0x500, 4, refuse_io, NULL, "picky"), 0);
    assert_int_equal(in(0x500, 4), 0xffffffff);
    assert_true(host_log_contains("(MHV) d7: picky handler refused read of 4 bytes "
                                  "at port 0x500: -22\n"));
    assert_false(host_log_contains("(MHV) (MHV)"));
    /* A refused access counts as unclaimed, not as the handler's. */
    {
        struct hvm_io_claimed c[1];
        struct hvm_io_unclaimed u[8];

        assert_int_equal(hvm_io_claimed_stats(&io, c, 1), 1);
        assert_int_equal(c[0].reads + c[0].writes, 0);
        assert_int_equal(hvm_io_unclaimed_stats(&io, u, 8, NULL), 1);
        assert_int_equal(u[0].port, 0x500);
        assert_int_equal(u[0].reads, 1);
    }
    /* -ENOENT: not the handler's after all -- unclaimed, without a
     * "refused" line (only the unclaimed port's first-access line). */
    assert_int_equal(hvm_io_register(&io, 0x700, 4, dword_io, NULL, "wide"), 0);
    host_log_clear();
    assert_int_equal(in(0x700, 4), 0x12345678);
    out(0x703, 1, 0x01);
    assert_int_equal(in(0x702, 2), 0xffff);
    assert_false(host_log_contains("refused"));
    assert_true(host_log_contains("(MHV) d7: write of unclaimed port 0x703 "
                                  "(reads all-ones, writes dropped)\n"));
}

/*
 * -ERESTART from a handler's write is the access done and the vCPU to
 * wait: passed on (and counted as the handler's), also from one byte of a
 * split access, whose other bytes are still written.  From a read it is a
 * refusal like any other.
 */
static void test_handler_wait(void **state)
{
    struct hvm_io_claimed c[2];
    u32 v;

    assert_int_equal(hvm_io_register(&io, 0x600, 4, waiting_io, NULL, "rst"), 0);
    assert_int_equal(hvm_io_register(&io, 0x100, 16, dev_io, regs, "dev"), 0);
    out(0x600, 1, 0x01);
    v = 0xff;
    assert_int_equal(hvm_io_access(&io, 0x601, 1, true, &v), -ERESTART);
    assert_int_equal(waits, 1);
    /* 0x603 is the last port of the range: a word there is split, and
     * its second byte (0x604) is nobody's. */
    v = 0x77ff;
    assert_int_equal(hvm_io_access(&io, 0x603, 2, true, &v), -ERESTART);
    assert_int_equal(waits, 2);
    assert_int_equal(hvm_io_claimed_stats(&io, c, 2), 2);
    assert_int_equal(c[0].writes + c[1].writes, 3);
    /* A read: refused, all-ones, logged. */
    assert_int_equal(in(0x603, 1), 0xff);
    assert_true(host_log_contains("(MHV) d7: rst handler refused read of 1 bytes "
                                  "at port 0x603: -85\n"));
}

static void test_pit_stub(void **state)
{
    assert_int_equal(hvm_io_register_pit_stub(&io), 0);
    assert_int_equal(hvm_io_register_pit_stub(&io), -EEXIST);
    out(0x42, 1, 0xff);
    assert_int_equal(in(0x42, 1), 0);           /* never the 0xff awaited */
    assert_int_equal(in(0x42, 1), 0);
    assert_int_equal(in(0x61, 1), 0x20);        /* OUT2 high */
    out(0x61, 1, 0xfd);
    assert_int_equal(in(0x61, 1), 0x21);        /* gate kept, speaker off */
    /* 0x43 (the mode register) stays unclaimed. */
    assert_int_equal(in(0x43, 1), 0xff);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_register, setup),
        cmocka_unit_test_setup(test_dispatch_and_split, setup),
        cmocka_unit_test_setup(test_unclaimed, setup),
        cmocka_unit_test_setup(test_refusing_handler, setup),
        cmocka_unit_test_setup(test_handler_wait, setup),
        cmocka_unit_test_setup(test_pit_stub, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
